import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/provisioning/index.js';
import { createPostgresStore } from '../../src/stores/postgres/index.js';
import { URN } from '../../src/scim/urns.js';
import { createTestDatabase, testDatabaseNames, type TestDatabase } from '../support/databases.js';
import { listenOverStore, type AppOverStore } from './support/app-over-store.js';
import { recordFigure } from './support/figures.js';
import { captureLogs } from './support/log-capture.js';
import { userBody, type HttpAnswer } from './support/scim-client.js';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy.js';

const FAIL_FAST_MS = 2_000;
const RECOVERY_DEADLINE_MS = 15_000;

/** Retries `attempt` until it answers `status`, returning how long that took. */
async function timeUntil(status: number, attempt: () => Promise<{ status: number }>) {
  const started = Date.now();
  for (;;) {
    const answer = await attempt();
    if (answer.status === status) return Date.now() - started;
    if (Date.now() - started > RECOVERY_DEADLINE_MS) {
      throw new Error(`still answering ${answer.status} after ${RECOVERY_DEADLINE_MS} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function expectUnavailable(answer: HttpAnswer): void {
  expect({ status: answer.status, body: answer.body }).toEqual({
    status: 503,
    body: { schemas: [URN.error], status: '503', detail: expect.any(String) },
  });
}

// The database sits behind a TCP proxy the test cuts: the shared PostgreSQL cluster keeps running.
describe.runIf(testDatabaseNames.includes('postgres'))(
  'PostgreSQL unreachable or restarting behind a cut proxy',
  () => {
    let database: TestDatabase;
    let proxy: TcpProxy;
    let store: Store;
    let server: AppOverStore;
    const logs = captureLogs();

    beforeAll(async () => {
      database = await createTestDatabase('postgres');
      const url = new URL(database.url);
      proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
      url.hostname = '127.0.0.1';
      url.port = String(proxy.port);
      store = createPostgresStore({ connectionString: url.toString(), poolSize: 4 });
      server = await listenOverStore(store, database.store, {
        logger: logs.logger,
        databaseUrl: url.toString(),
      });
    });
    afterAll(async () => {
      await server?.close();
      await store?.close();
      await proxy?.close();
      await database?.drop();
    });

    it('answers 503 with a SCIM error within 2 s, reports it on /readyz and recovers by itself', async () => {
      const { client } = server;
      const acknowledged: string[] = [];
      let tried = 0;
      const write = async () => {
        tried += 1;
        const answer = await client.request('POST', '/Users', {
          body: userBody(`outage-${tried}`),
        });
        if (answer.status === 201) acknowledged.push(answer.body['id'] as string);
        return answer;
      };
      expect((await write()).status).toBe(201);
      expect((await server.get('/readyz')).status).toBe(200);

      await proxy.cut();
      for (let i = 0; i < 5; i++) {
        const started = Date.now();
        expectUnavailable(await write());
        expect(Date.now() - started).toBeLessThan(FAIL_FAST_MS);
      }
      const started = Date.now();
      expectUnavailable(await client.request('GET', `/Users/${acknowledged[0] ?? ''}`));
      expectUnavailable(await client.request('GET', '/Users?filter=userName%20sw%20%22out%22'));
      expect(Date.now() - started).toBeLessThan(2 * FAIL_FAST_MS);
      expect(await server.get('/readyz')).toEqual({
        status: 503,
        body: { status: 'unavailable', reason: 'database unreachable' },
      });
      expect(
        logs.lines.some((line) => line['level'] === 50 && line['msg'] === 'request failed'),
      ).toBe(true);

      await proxy.restore();
      const recoveryMs = await timeUntil(201, write);
      expect((await server.get('/readyz')).status).toBe(200);
      let found = 0;
      for (const id of acknowledged) {
        if ((await client.request('GET', `/Users/${id}`)).status === 200) found += 1;
      }
      recordFigure({
        scenario: 'PostgreSQL unreachable (proxy cut), then back',
        database: 'postgres',
        requestsTried: tried + 2,
        faultsInjected: 1,
        writesAcknowledged: acknowledged.length,
        writesFound: found,
        note: `recovered ${recoveryMs} ms after the database returned`,
      });
      expect(found).toBe(acknowledged.length);
    });

    it('never answers 500 while every database connection is dropped under load, and recovers', async () => {
      const { client } = server;
      const acknowledged: string[] = [];
      const statuses: number[] = [];
      let tried = 0;
      const worker = async (w: number) => {
        for (let i = 0; i < 40; i++) {
          tried += 1;
          const answer = await client.request('POST', '/Users', {
            body: userBody(`restart-${w}-${i}`),
          });
          statuses.push(answer.status);
          if (answer.status === 201) acknowledged.push(answer.body['id'] as string);
          else expectUnavailable(answer);
        }
      };
      const load = Promise.all([0, 1, 2, 3].map(worker));
      for (let restart = 0; restart < 5; restart++) {
        await new Promise((resolve) => setTimeout(resolve, 40));
        proxy.dropConnections();
      }
      await load;
      await timeUntil(201, () =>
        client.request('POST', '/Users', { body: userBody(`after-restart-${Date.now()}`) }),
      );
      let found = 0;
      for (const id of acknowledged) {
        if ((await client.request('GET', `/Users/${id}`)).status === 200) found += 1;
      }
      recordFigure({
        scenario: 'PostgreSQL connections dropped 5 times under 4 writers',
        database: 'postgres',
        requestsTried: tried,
        faultsInjected: 5,
        writesAcknowledged: acknowledged.length,
        writesFound: found,
        note: `${statuses.filter((s) => s === 503).length} answered 503`,
      });
      expect(statuses.every((s) => s === 201 || s === 503)).toBe(true);
      expect(found).toBe(acknowledged.length);
    });
  },
);
