const prefix = 'bulkId:';

/**
 * The bulkId a value stands for when it is exactly the string `bulkId:<id>`, RFC 7644 §3.7.2;
 * undefined for anything else.
 */
export function readBulkIdReference(value: unknown): string | undefined {
  if (typeof value !== 'string' || !value.startsWith(prefix) || value.length === prefix.length) {
    return undefined;
  }
  return value.slice(prefix.length);
}

/** The key of `object` that matches `name` case-insensitively (RFC 7643 §2.1), if any. */
export function findMemberKey(object: Record<string, unknown>, name: string): string | undefined {
  const wanted = name.toLowerCase();
  return Object.keys(object).find((key) => key.toLowerCase() === wanted);
}

/** True for a JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
