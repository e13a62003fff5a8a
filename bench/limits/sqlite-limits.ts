// Raw better-sqlite3 rates for the rows Roster stores, with Roster's pragmas: the SQLite ceiling.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { userResource } from '../lib/payloads.js';
import { insertRosterRows, openRosterTable } from '../lib/raw-sqlite.js';

const rows = Number(process.argv[2] ?? 100_000);
const dir = mkdtempSync(join(tmpdir(), 'roster-bench-sqlite-'));

function open(name: string): Database.Database {
  const db = new Database(join(dir, name));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('cache_size = -262144');
  db.pragma('temp_store = MEMORY');
  db.exec(
    `CREATE TABLE users (rk INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, user_name TEXT NOT NULL UNIQUE, doc TEXT NOT NULL)`,
  );
  return db;
}

/** Inserts users from..to-1 in one transaction and returns rows per second. */
function insertRate(db: Database.Database, prefix: string, from: number, to: number): number {
  const insert = db.prepare('INSERT INTO users (id, user_name, doc) VALUES (?, ?, ?)');
  const start = performance.now();
  db.transaction(() => {
    for (let i = from; i < to; i++) {
      const doc = userResource(prefix, i);
      insert.run(randomUUID(), doc.userName, JSON.stringify(doc));
    }
  })();
  return (to - from) / ((performance.now() - start) / 1000);
}

/** Median microseconds of an indexed userName lookup that reads the stored document. */
function lookupMicros(db: Database.Database, prefix: string, size: number): number {
  const select = db.prepare('SELECT doc FROM users WHERE user_name = ?');
  const samples: number[] = [];
  for (let i = 0; i < 2000; i++) {
    const start = performance.now();
    const row = select.get(`${prefix}-${(i * 7919) % size}`) as { doc: string } | undefined;
    if (row) JSON.parse(row.doc);
    samples.push((performance.now() - start) * 1000);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)] ?? Number.NaN;
}

/** Microseconds per single-row transaction (what one POST costs if every write commits alone). */
function singleRowTxMicros(db: Database.Database): number {
  const insert = db.prepare('INSERT INTO users (id, user_name, doc) VALUES (?, ?, ?)');
  const count = 2000;
  const start = performance.now();
  for (let i = 0; i < count; i++) {
    const doc = userResource('single', i);
    insert.run(randomUUID(), doc.userName, JSON.stringify(doc));
  }
  return ((performance.now() - start) * 1000) / count;
}

try {
  // A ceiling is the best of a few tries: the first transaction on a cold file is the slowest.
  let insert1k = 0;
  for (let attempt = 0; attempt < 5; attempt++) {
    const scratch = open(`one-${attempt}.db`);
    insert1k = Math.max(insert1k, insertRate(scratch, 'one', 0, 1000));
    scratch.close();
  }
  // The same rows into Roster's own table, after a first bulk as in the bench's Roster runs.
  let insertRoster1k = 0;
  for (let attempt = 0; attempt < 5; attempt++) {
    const scratch = await openRosterTable(join(dir, `roster-${attempt}.db`));
    insertRosterRows(scratch, 'warm', 0, 1000);
    insertRoster1k = Math.max(
      insertRoster1k,
      1000 / (insertRosterRows(scratch, 'one', 0, 1000) / 1000),
    );
    scratch.close();
  }
  const small = open('small.db');
  insertRate(small, 'one', 0, 1000);
  const big = open('big.db');
  const insert10k = insertRate(big, 'ten', 0, 10_000);
  const insertAll = insertRate(big, 'big', 0, rows);
  process.stdout.write(
    JSON.stringify({
      'sqlite.insert1k.rows': insert1k,
      'sqlite.insert1k.roster.rows': insertRoster1k,
      'sqlite.insert10k.rows': insert10k,
      'sqlite.insertN.rows': insertAll,
      'sqlite.lookup.small.us': lookupMicros(small, 'one', 100),
      'sqlite.lookup.big.us': lookupMicros(big, 'big', rows),
      'sqlite.singleTx.us': singleRowTxMicros(small),
    }) + '\n',
  );
  small.close();
  big.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
