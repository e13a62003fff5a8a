export { createApp, REDACTED_LOG_PATHS, TENANT_PREFIX } from './app.js';
export type { AppDeps } from './app-deps.js';
export { collectWhenIdle, v8YoungGeneration, type YoungGeneration } from './idle-collection.js';
