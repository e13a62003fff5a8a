export type { ResolvedAttribute, SchemaRegistry } from './schema-registry.js';
export { createSchemaRegistry } from './schema-registry.js';
export type { ValidateOptions } from './validate-resource.js';
export { validateResource } from './validate-resource.js';
export type { ProjectOptions } from './project-resource.js';
export { projectResource } from './project-resource.js';
export { valuesEqual } from './compare-values.js';
export {
  isJsonObject,
  normalizeAttributeValue,
  normalizeComplexValue,
} from './normalize-attribute-value.js';
export { isBase64, isDateTime } from './value-formats.js';
export { commonAttributes } from './common-attributes.js';
export { findAttribute } from './find-attribute.js';
export { userSchema } from './user-schema.js';
export { enterpriseUserSchema } from './enterprise-user-schema.js';
export { groupSchema } from './group-schema.js';
export type * from './types.js';
