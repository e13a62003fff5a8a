import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { SqliteDatabase, SqliteStatement } from 'kysely';
import type { Store } from '../../provisioning/ports.js';
import { SqlStore } from '../sql/index.js';
import type { Database } from '../sql/index.js';
import { sqliteHooks } from './sqlite-hooks.js';
import { startWalCheckpointer } from './wal-checkpointer.js';

export interface SqliteStoreOptions {
  /** A file path, or ':memory:'. */
  readonly filename: string;
  /**
   * How often a background thread checkpoints the WAL of a file database (default 100 ms);
   * 0 leaves checkpoints to the connection's fallback threshold alone.
   */
  readonly walCheckpointIntervalMs?: number;
}

const defaultCheckpointIntervalMs = 100;
/** Least time between two background checkpoints: commits in quick succession share one. */
const checkpointGapMs = 10;

const statementCacheSize = 256;

/**
 * Kysely prepares every query afresh; keeping the prepared statements of recent SQL texts
 * spares the per-row prepare cost on bulk inserts.
 */
function cacheStatements(
  database: BetterSqlite3.Database,
  hooks: { onCommit(): void; onClose(): void },
): SqliteDatabase {
  const cache = new Map<string, SqliteStatement>();
  return {
    close: () => {
      hooks.onClose();
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
      let statement = database.prepare(text) as unknown as SqliteStatement;
      if (text === 'commit') statement = afterRun(statement, hooks.onCommit);
      cache.set(text, statement);
      if (cache.size > statementCacheSize) {
        const oldest = cache.keys().next().value;
        if (oldest !== undefined) cache.delete(oldest);
      }
      return statement;
    },
  };
}

/** The statement with `then` called after each successful run. */
function afterRun(statement: SqliteStatement, then: () => void): SqliteStatement {
  return {
    reader: statement.reader,
    all: (parameters) => statement.all(parameters),
    iterate: (parameters) => statement.iterate(parameters),
    run: (parameters) => {
      const result = statement.run(parameters);
      then();
      return result;
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
  // A background thread checkpoints a file database (startWalCheckpointer). The connection
  // checkpoints by itself only past 16,000 WAL pages (64 MiB): if that thread falls behind or
  // could not start, the WAL still stays bounded.
  database.pragma('wal_autocheckpoint = 16000');
  database.pragma('temp_store = MEMORY');
}

/** Opens (creating if needed) a SQLite database file as a Roster store; call `migrate()` before use. */
export function createSqliteStore(options: SqliteStoreOptions): Store {
  const database = new BetterSqlite3(options.filename);
  applySqlitePragmas(database, options.filename);
  database.function('roster_lower', { deterministic: true }, (text: unknown) =>
    typeof text === 'string' ? text.toLowerCase() : text,
  );
  const interval = options.walCheckpointIntervalMs ?? defaultCheckpointIntervalMs;
  const checkpointer =
    options.filename !== ':memory:' && interval > 0
      ? startWalCheckpointer(options.filename, { intervalMs: interval, gapMs: checkpointGapMs })
      : undefined;
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({
      database: cacheStatements(database, {
        onCommit: () => checkpointer?.committed(),
        onClose: () => checkpointer?.stop(),
      }),
    }),
  });
  return new SqlStore(db, sqliteHooks);
}
