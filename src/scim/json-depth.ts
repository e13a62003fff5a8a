/**
 * Whether a parsed JSON value nests objects and arrays more than `limit` levels deep (a scalar is
 * 0 levels, `{}` and `[]` are 1). Recursion stops at `limit`, so the stack stays shallow whatever
 * the input, and nothing is allocated on the way: the walk runs over every request body.
 */
export function nestsDeeperThan(value: unknown, limit: number): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (limit <= 0) return true;
  if (Array.isArray(value)) {
    for (const item of value) if (nestsDeeperThan(item, limit - 1)) return true;
    return false;
  }
  const object = value as Record<string, unknown>;
  for (const key in object) {
    if (Object.hasOwn(object, key) && nestsDeeperThan(object[key], limit - 1)) return true;
  }
  return false;
}
