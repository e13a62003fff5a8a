import { afterEach, describe, expect, it } from 'vitest';
import { URN } from '../../src/scim/urns.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { listenOverStore } from './support/app-over-store.js';
import { recordFigure } from './support/figures.js';
import { captureLogs } from './support/log-capture.js';
import { addMembersPatch, createGroup, createUsers, userBody } from './support/scim-client.js';
import { openSqliteHandleStore } from './support/sqlite-handle-store.js';

const unavailable = {
  schemas: [URN.error],
  status: '503',
  detail: 'the database is unavailable; retry later',
};

/** The stored users of tenant acme, by id, as a fresh read-write handle sees them. */
async function storedUserIds(filename: string): Promise<{ ids: string[]; integrity: unknown }> {
  const { store, database } = openSqliteHandleStore(filename);
  try {
    const integrity = database.pragma('integrity_check', { simple: true });
    const result = await store
      .forTenant('acme')
      .list({ resourceType: 'User', startIndex: 1, count: 100_000 });
    return { ids: result.records.map((record) => record.id).sort(), integrity };
  } finally {
    await store.close();
  }
}

const failedLines = (lines: Record<string, unknown>[]) =>
  lines.filter((line) => line['level'] === 50 && line['msg'] === 'request failed');

describe('SQLite file that cannot be written', () => {
  let database: TestDatabase | undefined;
  afterEach(async () => {
    await database?.drop();
    database = undefined;
  });

  it('answers every write of a read-only file with 503 and a log line, and leaves it intact', async () => {
    database = await createTestDatabase('sqlite');
    const filename = database.url.slice('sqlite:'.length);
    const writable = openSqliteHandleStore(filename);
    const before = await listenOverStore(writable.store, writable.store, {
      databaseUrl: database.url,
    });
    const users = await createUsers(before.client, 'kept', 5);
    const group = await createGroup(before.client, 'kept-group', users.slice(0, 2));
    await before.close();
    await writable.store.close();

    const logs = captureLogs();
    const readOnly = openSqliteHandleStore(filename, { readonly: true });
    const server = await listenOverStore(readOnly.store, readOnly.store, {
      databaseUrl: database.url,
      logger: logs.logger,
    });
    try {
      const { client } = server;
      expect((await client.request('GET', `/Users/${users[0] ?? ''}`)).status).toBe(200);
      const writes = [
        client.request('POST', '/Users', { body: userBody('refused') }),
        client.request('PUT', `/Users/${users[0] ?? ''}`, { body: userBody('renamed') }),
        client.request('PATCH', `/Groups/${group}`, { body: addMembersPatch(users.slice(2)) }),
        client.request('DELETE', `/Users/${users[1] ?? ''}`),
        client.request('POST', '/Bulk', {
          body: {
            schemas: [URN.bulkRequest],
            Operations: [{ method: 'POST', path: '/Users', bulkId: 'a', data: userBody('bulk') }],
          },
        }),
      ];
      const answers = await Promise.all(writes);
      const bulk = answers.pop();
      for (const answer of answers) {
        expect({ status: answer.status, body: answer.body }).toEqual({
          status: 503,
          body: unavailable,
        });
      }
      // The Bulk request itself was well formed: its one operation carries the 503.
      expect({ status: bulk?.status, body: bulk?.body }).toEqual({
        status: 200,
        body: {
          schemas: [URN.bulkResponse],
          Operations: [{ method: 'POST', bulkId: 'a', status: '503', response: unavailable }],
        },
      });
      expect(failedLines(logs.lines)).toHaveLength(answers.length);
      recordFigure({
        scenario: 'SQLite file opened read-only',
        database: 'sqlite',
        requestsTried: writes.length + 1,
        faultsInjected: 1,
        writesAcknowledged: 0,
        writesFound: 0,
        note: `${answers.length} writes answered 503`,
      });
    } finally {
      await server.close();
      await readOnly.store.close();
    }
    expect(await storedUserIds(filename)).toEqual({ ids: [...users].sort(), integrity: 'ok' });
  });

  it('answers 503 with a log line once the disk is full, keeps every acknowledged write and recovers', async () => {
    database = await createTestDatabase('sqlite');
    const filename = database.url.slice('sqlite:'.length);
    const logs = captureLogs();
    const handle = openSqliteHandleStore(filename);
    const server = await listenOverStore(handle.store, handle.store, {
      databaseUrl: database.url,
      logger: logs.logger,
    });
    const acknowledged: string[] = [];
    const statuses: number[] = [];
    let bulkStatus = 0;
    try {
      const { client } = server;
      const pages = handle.database.pragma('page_count', { simple: true }) as number;
      // The file may grow by a few pages only: a full disk, as SQLite sees one.
      handle.database.pragma(`max_page_count = ${pages + 12}`);
      const padding = 'x'.repeat(2_000);
      for (let i = 0; i < 150; i++) {
        const answer = await client.request('POST', '/Users', {
          body: userBody(`filler-${i}`, { displayName: `${padding}${i}` }),
        });
        statuses.push(answer.status);
        if (answer.status === 201) acknowledged.push(answer.body['id'] as string);
        else
          expect({ status: answer.status, body: answer.body }).toEqual({
            status: 503,
            body: unavailable,
          });
      }
      const bulk = await client.request('POST', '/Bulk', {
        body: {
          schemas: [URN.bulkRequest],
          Operations: Array.from({ length: 50 }, (_, i) => ({
            method: 'POST',
            path: '/Users',
            bulkId: `b${i}`,
            data: userBody(`bulk-filler-${i}`, { displayName: padding }),
          })),
        },
      });
      bulkStatus = bulk.status;
      expect(bulk.status).toBe(503);
      expect(statuses.filter((s) => s === 503).length).toBeGreaterThan(0);
      expect(failedLines(logs.lines).length).toBe(statuses.filter((s) => s === 503).length + 1);

      handle.database.pragma('max_page_count = 1073741823');
      const recovered = await client.request('POST', '/Users', { body: userBody('after-space') });
      expect(recovered.status).toBe(201);
      acknowledged.push(recovered.body['id'] as string);
    } finally {
      await server.close();
      await handle.store.close();
    }
    const stored = await storedUserIds(filename);
    recordFigure({
      scenario: 'SQLite disk full (max_page_count) under a write stream and a 50-op Bulk',
      database: 'sqlite',
      requestsTried: statuses.length + 2,
      faultsInjected: 1,
      writesAcknowledged: acknowledged.length,
      writesFound: acknowledged.filter((id) => stored.ids.includes(id)).length,
      note: `${statuses.filter((s) => s === 503).length} writes and the Bulk (${bulkStatus}) answered 503`,
    });
    expect(stored).toEqual({ ids: [...acknowledged].sort(), integrity: 'ok' });
  });
});
