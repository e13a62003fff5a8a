import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Store } from '../../provisioning/ports.js';
import { SqlStore } from '../sql/index.js';
import type { Database } from '../sql/index.js';
import { postgresHooks } from './postgres-hooks.js';

export interface PostgresStoreOptions {
  readonly connectionString: string;
  /** Connections this process keeps; several Roster processes may share one database. */
  readonly poolSize?: number;
}

/** Connects a pool to a PostgreSQL database as a Roster store; call `migrate()` before use. */
export function createPostgresStore(options: PostgresStoreOptions): Store {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: 10_000,
  });
  // An idle client losing its server (restart, failover) must not crash the process; the next
  // query reports the failure as StoreError unavailable.
  pool.on('error', () => undefined);
  // The same for a client checked out between two queries of a transaction: without a listener
  // its 'error' event is an uncaught exception that ends the process.
  pool.on('connect', (client) => client.on('error', () => undefined));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return new SqlStore(db, postgresHooks);
}
