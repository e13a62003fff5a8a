import { scimError } from '../scim/errors.js';

/** Splits an entity-tag list header (RFC 7232 §3.1) into its tags. */
function parseTags(header: string): string[] {
  return header
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '');
}

/** Compares two tags weakly (RFC 7232 §2.3.2): `W/"x"` matches `"x"`. */
function weakEqual(a: string, b: string): boolean {
  const strip = (t: string) => (t.startsWith('W/') ? t.slice(2) : t);
  return strip(a) === strip(b);
}

/** True when an If-None-Match header matches the current version (RFC 7232 §3.2). */
export function matchesIfNoneMatch(header: string | undefined, version: string): boolean {
  if (header === undefined) return false;
  return parseTags(header).some((t) => t === '*' || weakEqual(t, version));
}

/** Throws 412 when an If-Match header (or a bulk `version`) does not match (RFC 7644 §3.14). */
export function checkIfMatch(header: string | undefined, version: string): void {
  if (header === undefined) return;
  const tags = parseTags(header);
  if (tags.some((t) => t === '*' || weakEqual(t, version))) return;
  throw scimError.preconditionFailed(
    `the resource has version ${version}, the request expected ${tags.join(', ')}`,
  );
}
