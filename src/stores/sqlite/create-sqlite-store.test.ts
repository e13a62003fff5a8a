import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createSqliteStore } from './create-sqlite-store.js';

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
    const directory = mkdtempSync(join(tmpdir(), 'roster-sqlite-'));
    try {
      const filename = join(directory, 'roster.db');
      const store = createSqliteStore({ filename });
      await store.migrate();
      await store.close();
      const database = new BetterSqlite3(filename, { readonly: true });
      expect(database.pragma('journal_mode', { simple: true })).toBe('wal');
      database.close();
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
