import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeyRing } from '../../../src/auth/index.js';
import { loadConfig } from '../../../src/config/index.js';
import { createApp } from '../../../src/http/index.js';
import { createSchemaRegistry } from '../../../src/scim/schema/index.js';
import { createSqliteStore } from '../../../src/stores/sqlite/index.js';
import { testDatabaseNames } from '../../support/databases.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

describe.each(testDatabaseNames)('health endpoints over %s', (database) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(database);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers /healthz and /readyz with 200 on a reachable, migrated database', async () => {
    for (const url of ['/healthz', '/readyz']) {
      const response = await t.app.inject({ method: 'GET', url });
      expect({ status: response.statusCode, body: JSON.parse(response.body) as unknown }).toEqual({
        status: 200,
        body: { status: 'ok' },
      });
    }
  });
});

describe('/readyz on a database that is not migrated', () => {
  const directory = mkdtempSync(join(tmpdir(), 'roster-readyz-'));
  const store = createSqliteStore({ filename: join(directory, 'roster.db') });
  afterAll(async () => {
    await store.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('answers 503 naming the pending migrations while /healthz stays 200', async () => {
    const app = createApp({
      store,
      keys: createKeyRing(store),
      registry: createSchemaRegistry(),
      config: loadConfig({}),
      hashPassword: async (password) => password,
      logger: false,
    });
    try {
      const ready = await app.inject({ method: 'GET', url: '/readyz' });
      expect(ready.statusCode).toBe(503);
      expect(JSON.parse(ready.body)).toEqual({
        status: 'unavailable',
        reason: expect.stringMatching(/^pending migrations: 0001_initial, .*0003_activity/),
      });
      expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });
});
