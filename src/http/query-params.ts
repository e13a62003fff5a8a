import { scimError } from '../scim/errors.js';
import type { ReadOptions } from '../provisioning/index.js';

export type QueryParams = Record<string, string | string[] | undefined>;

/** The single value of a query parameter (the last one when repeated). */
export function param(query: QueryParams, name: string): string | undefined {
  const value = query[name];
  return Array.isArray(value) ? value[value.length - 1] : value;
}

function splitList(text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  const items = text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  return items.length > 0 ? items : undefined;
}

/** `attributes` / `excludedAttributes` (RFC 7644 §3.4.2.5), comma-separated. */
export function readOptionsFrom(query: QueryParams): ReadOptions {
  const attributes = splitList(param(query, 'attributes'));
  const excludedAttributes = splitList(param(query, 'excludedAttributes'));
  return {
    ...(attributes ? { attributes } : {}),
    ...(excludedAttributes && !attributes ? { excludedAttributes } : {}),
  };
}

/** Parses an integer query parameter; a malformed value is a 400 invalidValue. */
export function integerParam(query: QueryParams, name: string): number | undefined {
  const text = param(query, name);
  if (text === undefined || text === '') return undefined;
  if (!/^[+-]?\d+$/.test(text.trim())) {
    throw scimError.invalidValue(`${name} must be an integer, got "${text}"`);
  }
  const value = Number(text);
  return Number.isSafeInteger(value)
    ? value
    : value > 0
      ? Number.MAX_SAFE_INTEGER
      : Number.MIN_SAFE_INTEGER;
}
