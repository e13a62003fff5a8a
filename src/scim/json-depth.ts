/**
 * Whether a parsed JSON value nests objects and arrays more than `limit` levels deep (a scalar is
 * 0 levels, `{}` and `[]` are 1). Recursion stops at `limit`, so the stack stays shallow whatever
 * the input, and nothing is allocated on the way: the walk runs over every request body.
 */
export function nestsDeeperThan(value: unknown, limit: number): boolean {
  if (typeof value !== 'object' || value === null) return false;
  return limit <= 0 || containsDeeperThan(value, limit - 1);
}

/**
 * Whether a member or item of `container` nests more than `limit` levels deep. Scalars, most of
 * any document, are passed over without a call.
 */
function containsDeeperThan(container: object, limit: number): boolean {
  if (Array.isArray(container)) {
    for (let i = 0; i < container.length; i++) {
      const item: unknown = container[i];
      if (typeof item === 'object' && item !== null) {
        if (limit <= 0 || containsDeeperThan(item, limit - 1)) return true;
      }
    }
    return false;
  }
  const object = container as Record<string, unknown>;
  for (const key in object) {
    if (!Object.hasOwn(object, key)) continue;
    const member = object[key];
    if (typeof member === 'object' && member !== null) {
      if (limit <= 0 || containsDeeperThan(member, limit - 1)) return true;
    }
  }
  return false;
}
