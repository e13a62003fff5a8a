export { createApp, REDACTED_LOG_PATHS, TENANT_PREFIX } from './app.js';
export type { AppDeps } from './app-deps.js';
