/** Attribute data types, RFC 7643 §2.3. */
export type AttributeType =
  'string' | 'boolean' | 'decimal' | 'integer' | 'dateTime' | 'binary' | 'reference' | 'complex';

/** RFC 7643 §7 mutability. */
export type Mutability = 'readOnly' | 'readWrite' | 'immutable' | 'writeOnly';
/** RFC 7643 §7 returned. */
export type Returned = 'always' | 'never' | 'default' | 'request';
/** RFC 7643 §7 uniqueness. */
export type Uniqueness = 'none' | 'server' | 'global';

/** One attribute definition, RFC 7643 §7 (the same shape /Schemas publishes). */
export interface AttributeDefinition {
  readonly name: string;
  readonly type: AttributeType;
  readonly multiValued: boolean;
  readonly description: string;
  readonly required: boolean;
  readonly caseExact: boolean;
  readonly mutability: Mutability;
  readonly returned: Returned;
  readonly uniqueness: Uniqueness;
  readonly canonicalValues?: readonly string[];
  readonly referenceTypes?: readonly string[];
  readonly subAttributes?: readonly AttributeDefinition[];
}

/** A schema, RFC 7643 §7: core or extension. */
export interface SchemaDefinition {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly attributes: readonly AttributeDefinition[];
}

/** A resource type, RFC 7643 §6. */
export interface ResourceTypeDefinition {
  /** 'User' | 'Group' — also the `meta.resourceType` value. */
  readonly id: ResourceTypeName;
  readonly name: ResourceTypeName;
  readonly endpoint: '/Users' | '/Groups';
  readonly description: string;
  readonly schema: string;
  readonly schemaExtensions: readonly { readonly schema: string; readonly required: boolean }[];
}

export type ResourceTypeName = 'User' | 'Group';

/** A SCIM resource as JSON on the wire (canonical attribute names after validation). */
export type ScimResource = Record<string, unknown>;

/** `meta`, RFC 7643 §3.1. */
export interface Meta {
  resourceType: ResourceTypeName;
  created: string;
  lastModified: string;
  location: string;
  version: string;
}
