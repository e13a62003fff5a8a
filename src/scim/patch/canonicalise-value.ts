import { scimError } from '../errors.js';
import {
  findAttribute,
  isJsonObject,
  normalizeAttributeValue,
  normalizeComplexValue,
} from '../schema/index.js';
import type { AttributeDefinition } from '../schema/types.js';

type Element = Record<string, unknown>;

/** One whole complex value (a full element of e.g. `emails`), RFC 7643 §2.3.8: canonical names, types checked. */
export function canonicaliseElement(
  definition: AttributeDefinition,
  value: unknown,
  label: string,
): Element {
  if (!isJsonObject(value)) {
    throw scimError.invalidValue(
      `Attribute '${label}' must be an object, got ${JSON.stringify(value)}`,
    );
  }
  return normalizeComplexValue(definition, value, label) ?? {};
}

/**
 * Some sub-attributes of a complex value, to be merged into an existing one (RFC 7644 §3.5.2.1:
 * sub-attributes not given are left unchanged), so required sub-attributes may be absent.
 */
export function canonicalisePartial(
  definition: AttributeDefinition,
  value: unknown,
  label: string,
): Element {
  if (!isJsonObject(value)) {
    throw scimError.invalidValue(
      `Attribute '${label}' must be an object, got ${JSON.stringify(value)}`,
    );
  }
  const result: Element = {};
  for (const [key, item] of Object.entries(value)) {
    const sub = findAttribute(definition.subAttributes ?? [], key);
    if (!sub) throw scimError.invalidValue(`Unknown sub-attribute '${label}.${key}'`);
    if (sub.mutability === 'readOnly') continue;
    const normalized = normalizeAttributeValue(sub, item, `${label}.${sub.name}`);
    if (normalized !== undefined) result[sub.name] = normalized;
  }
  return result;
}
