import type { Kysely } from 'kysely';
import type { SchemaRegistry } from '../../scim/schema/index.js';
import type { SqlDialectHooks } from './dialect-hooks.js';
import type { GroupCommitter } from './group-committer.js';
import type { Database } from './tables.js';

/** The database and dialect hooks a store works with. */
export interface SqlContext {
  readonly db: Kysely<Database>;
  readonly hooks: SqlDialectHooks;
  /** Resolves filter paths and types against the served schemas. */
  readonly registry: SchemaRegistry;
  /** Shares commits between concurrent units of work (SQLite's single connection only). */
  readonly committer?: GroupCommitter;
}
