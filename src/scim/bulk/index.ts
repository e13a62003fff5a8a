export type {
  BulkEndpoint,
  BulkLimits,
  BulkMethod,
  BulkOperationRequest,
  BulkPlan,
  BulkRequestMessage,
  BulkResourceType,
  BulkResponse,
  BulkResponseOperation,
  BulkStep,
  BulkTarget,
  PlannedOperation,
} from './types.js';
export { parseBulkRequest } from './parse-bulk-request.js';
export { planBulk } from './plan-bulk.js';
export { substituteBulkIds } from './substitute-bulk-ids.js';
export type { BulkLinkOperation } from './strip-bulk-id-references.js';
export { buildLinkOperations, stripBulkIdReferences } from './strip-bulk-id-references.js';
export { findBulkIdReferences } from './find-bulk-id-references.js';
export { readBulkIdReference } from './bulk-id-reference.js';
