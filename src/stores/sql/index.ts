export type {
  DriverFailure,
  JsonFilterHooks,
  JsonNode,
  JsonType,
  SqlDialectHooks,
  SubstringOperator,
} from './dialect-hooks.js';
export { indexNames } from './dialect-hooks.js';
export { createMigrationProvider } from './migrations.js';
export { SqlStore } from './sql-store.js';
export type { Database } from './tables.js';
export { compileFilter } from './compile-filter.js';
