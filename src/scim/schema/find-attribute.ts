import type { AttributeDefinition } from './types.js';

/** Finds a definition by name, case-insensitively as RFC 7643 §2.1 requires. */
export function findAttribute(
  attributes: readonly AttributeDefinition[],
  name: string,
): AttributeDefinition | undefined {
  const wanted = name.toLowerCase();
  return attributes.find((attribute) => attribute.name.toLowerCase() === wanted);
}
