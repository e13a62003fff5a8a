import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Store } from '../../../src/provisioning/index.js';
import { SqlStore, type Database } from '../../../src/stores/sql/index.js';
import { sqliteHooks } from '../../../src/stores/sqlite/sqlite-hooks.js';

/**
 * A Roster store over a better-sqlite3 handle the test keeps, so it can make the file read-only
 * or cap its size (`max_page_count`) the way a full disk would: the container runs as root, so
 * file modes cannot make a file unwritable.
 */
export function openSqliteHandleStore(
  filename: string,
  options: { readonly?: boolean } = {},
): { store: Store; database: BetterSqlite3.Database } {
  const database = new BetterSqlite3(filename, { readonly: options.readonly ?? false });
  database.pragma('busy_timeout = 5000');
  database.function('roster_lower', { deterministic: true }, (text: unknown) =>
    typeof text === 'string' ? text.toLowerCase() : text,
  );
  // As the production store does: take the write lock when a transaction begins.
  const prepare = database.prepare.bind(database);
  const withImmediateBegin = Object.assign(Object.create(database) as BetterSqlite3.Database, {
    prepare: (text: string) => prepare(text === 'begin' ? 'begin immediate' : text),
    close: () => database.close(),
  });
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withImmediateBegin }) });
  return { store: new SqlStore(db, sqliteHooks), database };
}
