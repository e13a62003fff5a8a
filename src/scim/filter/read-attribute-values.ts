/** True when `value` is a JSON object (RFC 8259 §4), not an array or null. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads a member of a JSON object by name, exact spelling first, then case-insensitively (RFC 7643 §2.1). */
export function readMember(node: unknown, name: string): unknown {
  if (!isObject(node)) return undefined;
  if (Object.hasOwn(node, name)) return node[name];
  const lower = name.toLowerCase();
  const key = Object.keys(node).find((candidate) => candidate.toLowerCase() === lower);
  return key === undefined ? undefined : node[key];
}

/**
 * The values a named member holds, flattened so a multi-valued attribute yields each of its
 * values (RFC 7644 §3.4.2.2: a filter on a multi-valued attribute matches when any value does).
 */
export function readAttributeValues(node: unknown, name: string): unknown[] {
  const value = readMember(node, name);
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.filter((item) => item !== undefined && item !== null);
  return [value];
}

/**
 * RFC 7644 §3.4.2.2 `pr`: true when a value is non-empty. Null, "", [] and {} are absent, and so
 * is an array or object holding only absent values.
 */
export function isPresentValue(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return false;
  if (Array.isArray(value)) return value.some(isPresentValue);
  if (isObject(value)) return Object.values(value).some(isPresentValue);
  return true;
}
