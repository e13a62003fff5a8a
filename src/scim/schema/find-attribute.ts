import type { AttributeDefinition } from './types.js';

/** Each attribute list's definitions by lower-cased name, built on first use. */
const indexes = new WeakMap<readonly AttributeDefinition[], Map<string, AttributeDefinition>>();

function indexOf(attributes: readonly AttributeDefinition[]): Map<string, AttributeDefinition> {
  let index = indexes.get(attributes);
  if (index === undefined) {
    index = new Map();
    // The first definition of a name wins, as a linear search would find it.
    for (const attribute of attributes) {
      const key = attribute.name.toLowerCase();
      if (!index.has(key)) index.set(key, attribute);
    }
    indexes.set(attributes, index);
  }
  return index;
}

/**
 * Finds a definition by name, case-insensitively as RFC 7643 §2.1 requires. Definition lists are
 * never changed once built, so each is indexed once.
 */
export function findAttribute(
  attributes: readonly AttributeDefinition[],
  name: string,
): AttributeDefinition | undefined {
  return indexOf(attributes).get(name.toLowerCase());
}
