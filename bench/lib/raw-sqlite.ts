// Raw better-sqlite3 inserts of the rows Roster stores for new users, into Roster's own table:
// the SQLite limit a Bulk of user POSTs is held against.
import Database from 'better-sqlite3';
import { createResourceId, createVersion } from '../../src/provisioning/ids.js';
import { applySqlitePragmas, createSqliteStore } from '../../src/stores/sqlite/index.js';
import { userResource } from './payloads.js';

/**
 * A new SQLite file with Roster's schema (its migrations: the resources table with its columns
 * and indexes) opened with Roster's pragmas.
 */
export async function openRosterTable(filename: string): Promise<Database.Database> {
  const store = createSqliteStore({ filename });
  await store.migrate();
  await store.close();
  const db = new Database(filename);
  applySqlitePragmas(db, filename);
  return db;
}

/**
 * Inserts users from..to-1 as the rows Roster stores for them (id, meta columns, lower-cased
 * name key, JSON document) into Roster's resources table in one transaction; returns the
 * milliseconds it took.
 */
export function insertRosterRows(
  db: Database.Database,
  prefix: string,
  from: number,
  to: number,
): number {
  const insert = db.prepare(
    `INSERT INTO resources (tenant_id, resource_type, id, external_id, name, name_key, created, last_modified, version, document)
     VALUES (?, 'User', ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const start = performance.now();
  db.transaction(() => {
    for (let i = from; i < to; i++) {
      const doc = userResource(prefix, i);
      const now = new Date().toISOString();
      const userName = String(doc.userName);
      insert.run(
        'bench',
        createResourceId(),
        doc.externalId,
        userName,
        userName.toLowerCase(),
        now,
        now,
        createVersion(),
        JSON.stringify(doc),
      );
    }
  })();
  return performance.now() - start;
}
