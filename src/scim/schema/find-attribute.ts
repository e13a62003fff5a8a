import type { AttributeDefinition } from './types.js';

/** Each attribute list's positions by lower-cased and by canonical name, built on first use. */
const indexes = new WeakMap<readonly AttributeDefinition[], Map<string, number>>();

function indexOf(attributes: readonly AttributeDefinition[]): Map<string, number> {
  let index = indexes.get(attributes);
  if (index === undefined) {
    // The first definition of a name wins, as a linear search would find it.
    const byName = new Map<string, number>();
    attributes.forEach((attribute, position) => {
      const key = attribute.name.toLowerCase();
      if (!byName.has(key)) byName.set(key, position);
    });
    // The canonical spelling too, so that names sent as defined need no lower-casing.
    attributes.forEach((attribute, position) => {
      if (byName.get(attribute.name.toLowerCase()) === position)
        byName.set(attribute.name, position);
    });
    index = byName;
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
