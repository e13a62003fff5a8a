import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { ResourceRecord } from '../../provisioning/ports.js';
import { createSqliteStore } from './create-sqlite-store.js';

/** Writes `count` users of about 2 KB each through a tenant store, 100 to a commit. */
async function writeUsers(store: ReturnType<typeof createSqliteStore>, count: number) {
  await store.createTenant('t', '2026-01-01T00:00:00.000Z');
  const tenant = store.forTenant('t');
  for (let from = 0; from < count; from += 100) {
    const records: ResourceRecord[] = [];
    for (let i = from; i < from + 100; i++) {
      records.push({
        resourceType: 'User',
        id: `00000000-0000-7000-8000-${String(i).padStart(12, '0')}`,
        externalId: null,
        name: `user-${i}`,
        created: '2026-01-01T00:00:00.000Z',
        lastModified: '2026-01-01T00:00:00.000Z',
        version: `W/"${i}"`,
        attributes: {
          schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
          userName: `user-${i}`,
          displayName: 'x'.repeat(2000),
        },
      });
    }
    await tenant.insertResources(records);
  }
}

/** Runs `use` with the path of a database file in a new directory, removed afterwards. */
async function withDatabaseFile(use: (filename: string) => Promise<void>): Promise<void> {
  const directory = mkdtempSync(join(tmpdir(), 'roster-sqlite-'));
  try {
    await use(join(directory, 'roster.db'));
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

/** Bytes of the database file (not its WAL) once it holds `atLeast`, or when `timeoutMs` passed. */
async function sizeReaching(filename: string, atLeast: number, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let size = statSync(filename).size;
  while (size < atLeast && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    size = statSync(filename).size;
  }
  return size;
}

describe('createSqliteStore', () => {
  it('opens an in-memory database that migrates and answers', async () => {
    const store = createSqliteStore({ filename: ':memory:' });
    await store.migrate();
    expect(await store.pendingMigrations()).toEqual([]);
    await store.createTenant('t', '2026-01-01T00:00:00.000Z');
    expect(await store.listTenants()).toEqual([{ id: 't', created: '2026-01-01T00:00:00.000Z' }]);
    await store.close();
  });

  it('reports every migration as pending before migrate and none after', async () => {
    const store = createSqliteStore({ filename: ':memory:' });
    expect((await store.pendingMigrations())[0]).toBe('0001_initial');
    await store.migrate();
    expect(await store.pendingMigrations()).toEqual([]);
    await store.close();
  });

  it('keeps a file database in WAL mode so readers never block the writer', async () => {
    await withDatabaseFile(async (filename) => {
      const store = createSqliteStore({ filename });
      await store.migrate();
      await store.close();
      const database = new BetterSqlite3(filename, { readonly: true });
      expect(database.pragma('journal_mode', { simple: true })).toBe('wal');
      database.close();
    });
  });

  it('copies committed pages into the database file from a background thread, so commits stay short', async () => {
    await withDatabaseFile(async (filename) => {
      const store = createSqliteStore({ filename });
      await store.migrate();
      // About 4 MB: far below the 64 MiB at which the connection would checkpoint by itself.
      await writeUsers(store, 2000);
      expect(await sizeReaching(filename, 3_000_000, 5000)).toBeGreaterThanOrEqual(3_000_000);
      await store.close();
    });
  });

  it('leaves the pages in the WAL without that thread, until the fallback threshold', async () => {
    await withDatabaseFile(async (filename) => {
      const store = createSqliteStore({ filename, walCheckpointIntervalMs: 0 });
      await store.migrate();
      await writeUsers(store, 2000);
      expect(await sizeReaching(filename, 3_000_000, 1000)).toBeLessThan(1_000_000);
      expect(statSync(`${filename}-wal`).size).toBeGreaterThan(3_000_000);
      await store.close();
    });
  });
});
