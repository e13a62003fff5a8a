import { isScimError } from '../errors.js';

/** Test support: the scimType and detail of the ScimError `run` throws; fails on anything else. */
export function catchScimError(run: () => unknown): {
  status: number;
  scimType: string | undefined;
  detail: string;
} {
  try {
    run();
  } catch (error) {
    if (isScimError(error))
      return { status: error.status, scimType: error.scimType, detail: error.detail };
    throw error;
  }
  throw new Error('expected a ScimError, but nothing was thrown');
}

/** Test support: a copy of an AST without `span` fields and with undefined fields as null. */
export function withoutSpans(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutSpans);
  if (typeof node !== 'object' || node === null) return node === undefined ? null : node;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key !== 'span') copy[key] = value === undefined ? null : withoutSpans(value);
  }
  return copy;
}
