import type { SchemaRegistry, ScimResource } from '../schema/index.js';
import { URN } from '../urns.js';
import { createDiscoveryMeta } from './discovery-meta.js';

/** Builds one ResourceType document per resource type the registry serves, RFC 7643 §6. */
export function createResourceTypeDocuments(
  registry: SchemaRegistry,
  baseUrl: string,
): ScimResource[] {
  return registry.resourceTypes().map((type) => ({
    schemas: [URN.resourceType],
    id: type.id,
    name: type.name,
    endpoint: type.endpoint,
    description: type.description,
    schema: type.schema,
    ...(type.schemaExtensions.length > 0
      ? {
          schemaExtensions: type.schemaExtensions.map((e) => ({
            schema: e.schema,
            required: e.required,
          })),
        }
      : {}),
    meta: createDiscoveryMeta('ResourceType', baseUrl, `ResourceTypes/${type.id}`),
  }));
}
