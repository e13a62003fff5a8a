import type { AttributeDefinition } from './types.js';

/** The characteristics a definition states explicitly; the rest take the RFC 7643 §2.2 defaults. */
export type AttributeInit = Pick<AttributeDefinition, 'name' | 'type' | 'description'> &
  Partial<Omit<AttributeDefinition, 'name' | 'type' | 'description'>>;

/**
 * Builds a frozen attribute definition, filling the defaults of RFC 7643 §2.2
 * (singular, optional, case-insensitive, readWrite, returned by default, no uniqueness).
 */
export function defineAttribute(init: AttributeInit): AttributeDefinition {
  const definition: AttributeDefinition = {
    multiValued: false,
    required: false,
    caseExact: false,
    mutability: 'readWrite',
    returned: 'default',
    uniqueness: 'none',
    ...init,
    ...(init.canonicalValues ? { canonicalValues: Object.freeze([...init.canonicalValues]) } : {}),
    ...(init.referenceTypes ? { referenceTypes: Object.freeze([...init.referenceTypes]) } : {}),
    ...(init.subAttributes ? { subAttributes: Object.freeze([...init.subAttributes]) } : {}),
  };
  return Object.freeze(definition);
}
