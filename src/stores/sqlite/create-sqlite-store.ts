import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { SqliteDatabase, SqliteStatement } from 'kysely';
import type { Store } from '../../provisioning/ports.js';
import { SqlStore } from '../sql/index.js';
import type { Database } from '../sql/index.js';
import { sqliteHooks } from './sqlite-hooks.js';

export interface SqliteStoreOptions {
  /** A file path, or ':memory:'. */
  readonly filename: string;
}

const statementCacheSize = 256;

/**
 * Kysely prepares every query afresh; keeping the prepared statements of recent SQL texts
 * spares the per-row prepare cost on bulk inserts.
 */
function cacheStatements(database: BetterSqlite3.Database): SqliteDatabase {
  const cache = new Map<string, SqliteStatement>();
  return {
    close: () => {
      cache.clear();
      database.close();
    },
    prepare(text: string): SqliteStatement {
      // Kysely opens transactions with a deferred BEGIN; IMMEDIATE takes the write lock up front, so
      // another process writing the same file makes us wait (busy_timeout) instead of failing later
      // with SQLITE_BUSY when the transaction first writes.
      if (text === 'begin') text = 'begin immediate';
      const cached = cache.get(text);
      if (cached) {
        cache.delete(text);
        cache.set(text, cached);
        return cached;
      }
      const statement = database.prepare(text) as unknown as SqliteStatement;
      cache.set(text, statement);
      if (cache.size > statementCacheSize) {
        const oldest = cache.keys().next().value;
        if (oldest !== undefined) cache.delete(oldest);
      }
      return statement;
    },
  };
}

/**
 * Sets the pragmas Roster runs SQLite with (journal, durability, cache, checkpoints) on an open
 * connection. Exported so that measurements of raw SQLite speed use exactly the same settings.
 */
export function applySqlitePragmas(database: BetterSqlite3.Database, filename: string): void {
  if (filename !== ':memory:') database.pragma('journal_mode = WAL');
  // NORMAL in WAL mode syncs at checkpoints, not at every commit: a committed transaction survives
  // a process crash (kill -9) because it is in the WAL file; only an OS crash or power loss can
  // lose the last commits. That is the durability Roster promises for the embedded store.
  database.pragma('synchronous = NORMAL');
  // 16 MiB of page cache: the hot index pages of a few hundred thousand resources; colder pages
  // come from the operating system's file cache. The cache counts towards the server's resident
  // memory as it fills, and 32 MiB measured no faster on lookups at 100,000 users.
  database.pragma('cache_size = -16384');
  database.pragma('busy_timeout = 5000');
  // Checkpoint every 4,000 WAL pages (16 MiB) instead of SQLite's 1,000: an index page written by
  // several commits between two checkpoints is copied into the database file once, which keeps
  // checkpoints from dominating the commits of bulk writes.
  database.pragma('wal_autocheckpoint = 4000');
  database.pragma('temp_store = MEMORY');
}

/** Opens (creating if needed) a SQLite database file as a Roster store; call `migrate()` before use. */
export function createSqliteStore(options: SqliteStoreOptions): Store {
  const database = new BetterSqlite3(options.filename);
  applySqlitePragmas(database, options.filename);
  database.function('roster_lower', { deterministic: true }, (text: unknown) =>
    typeof text === 'string' ? text.toLowerCase() : text,
  );
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: cacheStatements(database) }),
  });
  return new SqlStore(db, sqliteHooks);
}
