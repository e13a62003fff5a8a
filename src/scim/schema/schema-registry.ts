import { scimError } from '../errors.js';
import { URN } from '../urns.js';
import { commonAttributes } from './common-attributes.js';
import { enterpriseUserSchema } from './enterprise-user-schema.js';
import { findAttribute } from './find-attribute.js';
import { groupSchema } from './group-schema.js';
import type {
  AttributeDefinition,
  ResourceTypeDefinition,
  ResourceTypeName,
  SchemaDefinition,
} from './types.js';
import { userSchema } from './user-schema.js';

/** An attribute path resolved against a resource type's schemas. */
export interface ResolvedAttribute {
  /** Canonical URN of the schema holding the attribute (core URN for id/externalId/meta). */
  schema: string;
  isExtension: boolean;
  /** The top-level attribute. */
  attribute: AttributeDefinition;
  /** Present when a sub-attribute was named. */
  subAttribute?: AttributeDefinition;
  /** Canonical dotted path without URN, e.g. 'name.givenName', 'emails.value', 'employeeNumber'. */
  path: string;
}

/** The schemas and resource types Roster serves, and name resolution over them. */
export interface SchemaRegistry {
  resourceTypes(): readonly ResourceTypeDefinition[];
  resourceType(name: ResourceTypeName): ResourceTypeDefinition;
  schemas(): readonly SchemaDefinition[];
  /** Case-insensitive URN. */
  schema(urn: string): SchemaDefinition | undefined;
  /**
   * Case-insensitive; `schema` may be a core or extension URN of this resource type; without it,
   * core then common attributes. Returns undefined when unknown.
   */
  resolveAttribute(
    resourceType: ResourceTypeName,
    path: { schema?: string; attribute: string; subAttribute?: string },
  ): ResolvedAttribute | undefined;
}

const resourceTypeDefinitions: readonly ResourceTypeDefinition[] = Object.freeze([
  Object.freeze({
    id: 'User',
    name: 'User',
    endpoint: '/Users',
    description: 'User Account',
    schema: URN.user,
    schemaExtensions: Object.freeze([
      Object.freeze({ schema: URN.enterpriseUser, required: false }),
    ]),
  }),
  Object.freeze({
    id: 'Group',
    name: 'Group',
    endpoint: '/Groups',
    description: 'Group',
    schema: URN.group,
    schemaExtensions: Object.freeze([]),
  }),
] satisfies ResourceTypeDefinition[]);

const schemaDefinitions: readonly SchemaDefinition[] = Object.freeze([
  userSchema,
  enterpriseUserSchema,
  groupSchema,
]);

/** Creates the registry of the User and Group resource types, RFC 7643 §3, §4 and §6. */
export function createSchemaRegistry(): SchemaRegistry {
  const schemasByUrn = new Map(schemaDefinitions.map((s) => [s.id.toLowerCase(), s]));
  const typesByName = new Map(resourceTypeDefinitions.map((t) => [t.name, t]));

  const resourceType = (name: ResourceTypeName): ResourceTypeDefinition => {
    const found = typesByName.get(name);
    if (!found) throw scimError.notFound(`Unknown resource type '${String(name)}'`);
    return found;
  };
  const schema = (urn: string): SchemaDefinition | undefined => schemasByUrn.get(urn.toLowerCase());

  const resolveAttribute: SchemaRegistry['resolveAttribute'] = (name, path) => {
    const type = resourceType(name);
    const core = schema(type.schema);
    if (!core) return undefined;
    let holder: SchemaDefinition = core;
    let attribute: AttributeDefinition | undefined;
    if (path.schema !== undefined) {
      const wanted = path.schema.toLowerCase();
      const extension = type.schemaExtensions.find((e) => e.schema.toLowerCase() === wanted);
      if (extension) {
        const extensionSchema = schema(extension.schema);
        if (!extensionSchema) return undefined;
        holder = extensionSchema;
        attribute = findAttribute(extensionSchema.attributes, path.attribute);
      } else if (wanted !== core.id.toLowerCase()) {
        return undefined;
      }
    }
    if (holder === core) {
      attribute =
        findAttribute(core.attributes, path.attribute) ??
        findAttribute(commonAttributes, path.attribute);
    }
    if (!attribute) return undefined;
    const resolved: ResolvedAttribute = {
      schema: holder.id,
      isExtension: holder !== core,
      attribute,
      path: attribute.name,
    };
    if (path.subAttribute === undefined) return resolved;
    const subAttribute = findAttribute(attribute.subAttributes ?? [], path.subAttribute);
    if (!subAttribute) return undefined;
    return { ...resolved, subAttribute, path: `${attribute.name}.${subAttribute.name}` };
  };

  return Object.freeze({
    resourceTypes: () => resourceTypeDefinitions,
    resourceType,
    schemas: () => schemaDefinitions,
    schema,
    resolveAttribute,
  });
}
