export type { TenantContext, PasswordHasher } from './context.js';
export { withStore } from './context.js';
export { hashPassword, verifyPassword } from './password.js';
export { createResourceId, createVersion } from './ids.js';
export { checkIfMatch, matchesIfNoneMatch } from './preconditions.js';
export {
  createResource,
  getResource,
  replaceResource,
  patchResource,
  deleteResource,
} from './resources.js';
export type { ReadOptions, WriteResult } from './resources.js';
export { listResources } from './list-resources.js';
export { searchResources } from './search-resources.js';
export type { SearchPart } from './search-resources.js';
export type { ListRequest, ListPage } from './list-resources.js';
export { CURSOR_TIMEOUT_SECONDS, createCursorCodec, cursorSecretOf } from './list-cursor.js';
export type { CursorCodec, CursorState } from './list-cursor.js';
export { StoreError } from './ports.js';
export type * from './ports.js';
export type * from './activity.js';
export {
  parseActivityQuery,
  nextActivityCursor,
  parseInstant,
  parseStatusRange,
  DEFAULT_ACTIVITY_LIMIT,
  MAX_ACTIVITY_LIMIT,
} from './activity-query.js';
export type { ActivityFilterText } from './activity-query.js';
export { pruneExpiredActivity, scheduleActivityPruning } from './activity-retention.js';
export type { TenantSettings } from './tenant-settings.js';
export {
  BULK_LIMIT_RANGES,
  DEFAULT_TENANT_SETTINGS,
  resolveBulkLimits,
} from './tenant-settings.js';
export { runBulk } from './run-bulk.js';
export type { RunBulkOptions } from './run-bulk.js';
