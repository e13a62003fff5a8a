import { scimError } from '../errors.js';
import { attributePosition } from './find-attribute.js';
import type { AttributeDefinition } from './types.js';
import { isBase64, isDateTime } from './value-formats.js';

/** True for a JSON object (not null, not an array). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const describe = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;

const expected: Record<AttributeDefinition['type'], string> = {
  string: 'a string',
  reference: 'a string (reference)',
  binary: 'a base64 string',
  dateTime: 'an xsd:dateTime string',
  boolean: 'a boolean',
  integer: 'a whole number',
  decimal: 'a number',
  complex: 'an object',
};

function wrongType(definition: AttributeDefinition, path: string, value: unknown): never {
  throw scimError.invalidValue(
    `Attribute '${path}' must be ${expected[definition.type]}, got ${describe(value)}`,
  );
}

/** Marks a sub-attribute the client did not give (a given value may be anything, even null). */
export const ABSENT = Symbol('absent');

/** True when a required attribute holds no usable value (absent or a blank string). */
export function isMissingValue(value: unknown): boolean {
  return value === undefined || (typeof value === 'string' && value.trim() === '');
}

/** The required definitions of each list, found once. */
const requiredOf = new WeakMap<readonly AttributeDefinition[], readonly AttributeDefinition[]>();

/** The definitions of a list that are required (RFC 7643 §2.2), found once per list. */
export function requiredIn(
  definitions: readonly AttributeDefinition[],
): readonly AttributeDefinition[] {
  let required = requiredOf.get(definitions);
  if (required === undefined) {
    required = definitions.filter((definition) => definition.required);
    requiredOf.set(definitions, required);
  }
  return required;
}

const noSubAttributes: readonly AttributeDefinition[] = Object.freeze([]);

/**
 * Checks the sub-attributes of one complex value (RFC 7643 §2.3.8) and returns them in schema
 * order with canonical names; readOnly sub-attributes are dropped, unknown ones rejected.
 * Returns undefined when nothing is left.
 */
export function normalizeComplexValue(
  definition: AttributeDefinition,
  value: Record<string, unknown>,
  path: string,
): Record<string, unknown> | undefined {
  const subAttributes = definition.subAttributes ?? noSubAttributes;
  // The given values by the position of their definition.
  const given: unknown[] = new Array<unknown>(subAttributes.length).fill(ABSENT);
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    const position = attributePosition(subAttributes, key);
    const sub = subAttributes[position];
    if (sub === undefined) throw scimError.invalidValue(`Unknown sub-attribute '${path}.${key}'`);
    if (given[position] !== ABSENT) {
      throw scimError.invalidValue(`Sub-attribute '${path}.${sub.name}' is given more than once`);
    }
    given[position] = value[key];
  }
  const result: Record<string, unknown> = {};
  let assigned = false;
  for (let position = 0; position < subAttributes.length; position++) {
    const sub = subAttributes[position] as AttributeDefinition;
    const subValue = given[position];
    if (subValue !== ABSENT && sub.mutability !== 'readOnly') {
      const normalized = normalizeAttributeValue(sub, subValue, `${path}.${sub.name}`);
      if (normalized !== undefined) {
        result[sub.name] = normalized;
        assigned = true;
      }
    }
  }
  const required = requiredIn(subAttributes);
  for (let i = 0; i < required.length; i++) {
    const sub = required[i] as AttributeDefinition;
    if (sub.mutability !== 'readOnly' && isMissingValue(result[sub.name])) {
      throw scimError.invalidValue(`Attribute '${path}.${sub.name}' is required`);
    }
  }
  return assigned ? result : undefined;
}

function normalizeSingleValue(
  definition: AttributeDefinition,
  value: unknown,
  path: string,
): unknown {
  switch (definition.type) {
    case 'string':
    case 'reference':
      return typeof value === 'string' ? value : wrongType(definition, path, value);
    case 'binary':
      return typeof value === 'string' && isBase64(value)
        ? value
        : wrongType(definition, path, value);
    case 'dateTime':
      return typeof value === 'string' && isDateTime(value)
        ? value
        : wrongType(definition, path, value);
    case 'boolean':
      return typeof value === 'boolean' ? value : wrongType(definition, path, value);
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value)
        ? value
        : wrongType(definition, path, value);
    case 'decimal':
      return typeof value === 'number' && Number.isFinite(value)
        ? value
        : wrongType(definition, path, value);
    case 'complex':
      return isJsonObject(value)
        ? normalizeComplexValue(definition, value, path)
        : wrongType(definition, path, value);
  }
}

/**
 * Checks a client-supplied value against its attribute definition (RFC 7643 §2.3, §2.4, §7) and
 * returns its canonical form, or undefined when it is unassigned (null or an empty array).
 * A single value for a multi-valued attribute is wrapped in an array.
 */
export function normalizeAttributeValue(
  definition: AttributeDefinition,
  value: unknown,
  path: string,
): unknown {
  if (value === null || value === undefined) return undefined;
  if (Array.isArray(value) && value.length === 0) return undefined;
  if (!definition.multiValued) {
    if (Array.isArray(value)) {
      throw scimError.invalidValue(`Attribute '${path}' is single-valued but an array was given`);
    }
    return normalizeSingleValue(definition, value, path);
  }
  const items: unknown[] = [];
  const given: readonly unknown[] = Array.isArray(value) ? value : [value];
  for (let i = 0; i < given.length; i++) {
    const item = given[i];
    if (item === null) continue;
    if (Array.isArray(item)) {
      throw scimError.invalidValue(`Attribute '${path}' must not contain nested arrays`);
    }
    const normalized = normalizeSingleValue(definition, item, path);
    if (normalized !== undefined) items.push(normalized);
  }
  if (items.length === 0) return undefined;
  let primaries = 0;
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (isJsonObject(item) && item['primary'] === true) primaries += 1;
  }
  if (primaries > 1) {
    throw scimError.invalidValue(`Attribute '${path}' has more than one primary value`);
  }
  return items;
}
