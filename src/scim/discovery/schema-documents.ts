import type { AttributeDefinition, SchemaRegistry, ScimResource } from '../schema/index.js';
import { URN } from '../urns.js';
import { createDiscoveryMeta } from './discovery-meta.js';

/** The RFC 7643 §7 JSON form of one attribute definition, keys in the §8.7.1 order. */
function describeAttribute(attribute: AttributeDefinition): Record<string, unknown> {
  return {
    name: attribute.name,
    type: attribute.type,
    multiValued: attribute.multiValued,
    description: attribute.description,
    required: attribute.required,
    caseExact: attribute.caseExact,
    ...(attribute.canonicalValues ? { canonicalValues: [...attribute.canonicalValues] } : {}),
    ...(attribute.referenceTypes ? { referenceTypes: [...attribute.referenceTypes] } : {}),
    ...(attribute.subAttributes
      ? { subAttributes: attribute.subAttributes.map(describeAttribute) }
      : {}),
    mutability: attribute.mutability,
    returned: attribute.returned,
    uniqueness: attribute.uniqueness,
  };
}

/** Builds one Schema document per schema the registry serves, RFC 7643 §7 and §8.7.1. */
export function createSchemaDocuments(registry: SchemaRegistry, baseUrl: string): ScimResource[] {
  return registry.schemas().map((schema) => ({
    schemas: [URN.schema],
    id: schema.id,
    name: schema.name,
    description: schema.description,
    attributes: schema.attributes.map(describeAttribute),
    meta: createDiscoveryMeta('Schema', baseUrl, `Schemas/${schema.id}`),
  }));
}
