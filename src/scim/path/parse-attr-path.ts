import { scimError } from '../errors.js';
import { tokenize } from './tokenize.js';
import type { Fail, Token } from './tokenize.js';
import type { AttrPath } from './types.js';

/**
 * RFC 7644 §3.10 `ATTRNAME = ALPHA *(nameChar)`; a leading `$` is also accepted because
 * RFC 7643 names the `$ref` sub-attribute that way (`members.$ref`).
 */
const attrName = /^\$?[A-Za-z][A-Za-z0-9_-]*$/u;

/** True when `name` is a valid RFC 7644 §3.10 ATTRNAME (or `$ref`). */
export function isAttrName(name: string): boolean {
  return attrName.test(name);
}

/**
 * Reads one word token as an RFC 7644 §3.10 `attrPath` (`[URN ":"] ATTRNAME ["." subAttr]`);
 * the URN is everything up to the last `:`.
 */
export function readAttrPath(token: Token, fail: Fail): AttrPath {
  const text = token.text;
  const span = { start: token.start, end: token.end };
  if (token.type !== 'word') {
    throw fail(`at ${token.start}: expected an attribute path, found ${describeToken(token)}`);
  }
  const colon = text.lastIndexOf(':');
  let schema: string | undefined;
  if (colon >= 0) {
    schema = text.slice(0, colon);
    if (!/^urn:\S+$/iu.test(schema) || schema.endsWith(':')) {
      throw fail(`at ${token.start}: expected an attribute name or a schema URN, found "${text}"`);
    }
  }
  const rest = text.slice(colon + 1);
  const restStart = token.start + colon + 1;
  const parts = rest.split('.');
  if (parts.length > 2) {
    const secondDot = restStart + rest.indexOf('.', rest.indexOf('.') + 1);
    throw fail(
      `at ${secondDot}: "${text}" names a sub-attribute of a sub-attribute, which SCIM does not have`,
    );
  }
  const [attribute = '', subAttribute] = parts;
  if (!isAttrName(attribute)) {
    const what = schema === undefined ? '' : ` after the schema URN "${schema}"`;
    throw fail(`at ${restStart}: expected an attribute name${what}, found "${attribute}"`);
  }
  if (subAttribute !== undefined && !isAttrName(subAttribute)) {
    throw fail(
      `at ${restStart + attribute.length + 1}: expected a sub-attribute name after "${attribute}.", found "${subAttribute}"`,
    );
  }
  return { kind: 'attrPath', schema, attribute, subAttribute, span };
}

/** Describes a token for an error detail: its text in quotes, or "the end". */
export function describeToken(token: Token): string {
  if (token.type === 'end') return 'the end';
  return token.type === 'string' ? `the string ${token.text}` : `"${token.text}"`;
}

/** Parses a standalone RFC 7644 §3.10 `attrPath` (e.g. `attributes`, `sortBy`); throws scimError.invalidPath. */
export function parseAttrPath(text: string): AttrPath {
  const fail = scimError.invalidPath;
  const tokens = tokenize(text, fail);
  const [first, second] = tokens;
  if (first === undefined || first.type === 'end')
    throw fail('at 0: expected an attribute path, found nothing');
  const path = readAttrPath(first, fail);
  if (second !== undefined && second.type !== 'end') {
    throw fail(
      `at ${second.start}: expected the end of the attribute path, found ${describeToken(second)}`,
    );
  }
  return path;
}
