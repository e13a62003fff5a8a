export type { ServiceProviderFeatures } from './service-provider-config.js';
export { createServiceProviderConfig } from './service-provider-config.js';
export { createResourceTypeDocuments } from './resource-type-documents.js';
export { createSchemaDocuments } from './schema-documents.js';
