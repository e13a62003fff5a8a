export type { DriverFailure, SqlDialectHooks } from './dialect-hooks.js';
export { indexNames } from './dialect-hooks.js';
export { createMigrationProvider } from './migrations.js';
export { SqlStore } from './sql-store.js';
export type { Database } from './tables.js';
