import type { AttributeDefinition } from './types.js';

/**
 * Values by name, case-insensitively as RFC 7643 §2.1 requires: each name is a key lower-cased
 * and as spelled, so that names sent as defined need no lower-casing. The first entry of a name
 * wins, as a linear search would find it.
 */
export function indexByName<T>(entries: Iterable<readonly [string, T]>): Map<string, T> {
  const index = new Map<string, T>();
  for (const [name, value] of entries) {
    const lowered = name.toLowerCase();
    if (index.has(lowered)) continue;
    index.set(lowered, value);
    index.set(name, value);
  }
  return index;
}

/** Each attribute list's positions by name, built on first use. */
const indexes = new WeakMap<readonly AttributeDefinition[], Map<string, number>>();

function indexOf(attributes: readonly AttributeDefinition[]): Map<string, number> {
  let index = indexes.get(attributes);
  if (index === undefined) {
    index = indexByName(attributes.map((attribute, position) => [attribute.name, position]));
    indexes.set(attributes, index);
  }
  return index;
}

/** The position of a definition in `attributes` by name, case-insensitively; -1 if none. */
export function attributePosition(
  attributes: readonly AttributeDefinition[],
  name: string,
): number {
  const index = indexOf(attributes);
  // Names usually arrive spelled as defined: try them as given before lower-casing.
  return index.get(name) ?? index.get(name.toLowerCase()) ?? -1;
}

/**
 * Finds a definition by name, case-insensitively as RFC 7643 §2.1 requires. Definition lists are
 * never changed once built, so each is indexed once.
 */
export function findAttribute(
  attributes: readonly AttributeDefinition[],
  name: string,
): AttributeDefinition | undefined {
  const position = attributePosition(attributes, name);
  return position < 0 ? undefined : attributes[position];
}
