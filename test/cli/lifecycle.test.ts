import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { URN } from '../../src/scim/urns.js';
import { createSqliteStore } from '../../src/stores/sqlite/index.js';
import { startRoster, type RosterProcess } from './roster-process.js';

const directory = mkdtempSync(join(tmpdir(), 'roster-lifecycle-'));
let databases = 0;
const freshDatabase = () => join(directory, `roster-${(databases += 1)}.db`);

afterAll(() => {
  rmSync(directory, { recursive: true, force: true });
});

async function serve(env: Record<string, string>): Promise<{
  roster: RosterProcess;
  url: string;
  token: string;
}> {
  const roster = startRoster(['serve', '--port', '0'], { ROSTER_LOG_LEVEL: 'info', ...env });
  const [, url] = await roster.waitFor(/Roster is listening on (http:\/\/\S+)/);
  const [, token] = await roster.waitFor(/Bearer token \(valid 24 h\):\n(\S+)/);
  await roster.waitFor(/"msg":"ready: SIGTERM or SIGINT drains and stops"/);
  return { roster, url: url!, token: token! };
}

/**
 * `count` user POSTs, the last `withPassword` of them with a password: each of those waits for a
 * real scrypt hash, which keeps the request running for seconds whatever the machine's speed.
 */
function bulkOfUsers(prefix: string, count: number, withPassword = 0) {
  return {
    schemas: [URN.bulkRequest],
    Operations: Array.from({ length: count }, (_, i) => ({
      method: 'POST',
      path: '/Users',
      bulkId: `b${i}`,
      data: {
        schemas: [URN.user],
        userName: `${prefix}-${i}`,
        ...(i >= count - withPassword ? { password: `secret-${i}` } : {}),
      },
    })),
  };
}

async function countUsers(filename: string): Promise<number> {
  const store = createSqliteStore({ filename });
  try {
    const result = await store
      .forTenant('default')
      .list({ resourceType: 'User', startIndex: 1, count: 1 });
    return result.totalResults;
  } finally {
    await store.close();
  }
}

const BIG_BULK = { ROSTER_BULK_MAX_OPERATIONS: '20000', ROSTER_BULK_MAX_PAYLOAD_SIZE: '67108864' };

describe('roster serve shutdown', () => {
  it('on SIGTERM finishes a running bulk request, closes the database and exits 0', async () => {
    const filename = freshDatabase();
    const { roster, url, token } = await serve({
      ROSTER_DATABASE_URL: `sqlite:${filename}`,
      ROSTER_SHUTDOWN_GRACE_MS: '60000',
      ...BIG_BULK,
    });
    // Large enough that the request is still running when SIGTERM arrives, even on a fast machine.
    const operations = 15000;
    const answer = fetch(`${url}/api/v1/tenants/default/scim/v2/Bulk`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' },
      body: JSON.stringify(bulkOfUsers('drain', operations, 20)),
    });
    await new Promise((resolve) => setTimeout(resolve, 150));
    roster.child.kill('SIGTERM');
    const response = await answer;
    expect(response.status).toBe(200);
    const body = (await response.json()) as { Operations: { status: string }[] };
    expect(body.Operations.filter((op) => op.status === '201')).toHaveLength(operations);
    expect(await roster.exited).toBe(0);
    expect(roster.stdout()).toContain('"msg":"shutting down: finishing in-flight requests"');
    expect(roster.stdout()).toContain('"msg":"shut down cleanly"');
    const log = roster.stdout();
    expect(log.indexOf('"msg":"shutting down')).toBeLessThan(
      log.indexOf('"msg":"bulk request completed"'),
    );
    expect(await countUsers(filename)).toBe(operations);
  }, 60_000);

  it('past ROSTER_SHUTDOWN_GRACE_MS exits 1 and the unfinished bulk request leaves no trace', async () => {
    const filename = freshDatabase();
    const { roster, url, token } = await serve({
      ROSTER_DATABASE_URL: `sqlite:${filename}`,
      ROSTER_SHUTDOWN_GRACE_MS: '100',
      ...BIG_BULK,
    });
    const answer = fetch(`${url}/api/v1/tenants/default/scim/v2/Bulk`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' },
      body: JSON.stringify(bulkOfUsers('cut', 15000, 200)),
    }).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 400));
    roster.child.kill('SIGTERM');
    expect(await roster.exited).toBe(1);
    expect(await answer).toBeInstanceOf(Error);
    expect(roster.stdout()).toContain('in-flight requests outlived the grace period');
    expect(await countUsers(filename)).toBe(0);
  }, 60_000);

  it('on SIGINT with nothing in flight exits 0 at once', async () => {
    const { roster } = await serve({ ROSTER_DATABASE_URL: `sqlite:${freshDatabase()}` });
    roster.child.kill('SIGINT');
    expect(await roster.exited).toBe(0);
    expect(roster.stdout()).toContain('"signal":"SIGINT"');
  }, 30_000);
});

describe('roster serve activity retention', () => {
  it('prunes activity older than ROSTER_ACTIVITY_RETENTION_DAYS when it starts', async () => {
    const filename = freshDatabase();
    const store = createSqliteStore({ filename });
    await store.migrate();
    await store.createTenant('acme', new Date().toISOString());
    const at = (daysAgo: number) => ({
      time: new Date(Date.now() - daysAgo * 86_400_000).toISOString(),
      tenantId: 'acme',
      clientId: null,
      tokenId: null,
      requestId: `req-${daysAgo}d`,
      method: 'POST',
      resourceType: 'User',
      resourceId: null,
      operationIndex: null,
      bulkId: null,
      status: 201,
      normalisers: [],
      versionBefore: null,
      versionAfter: null,
    });
    await store.recordActivity([at(10), at(8), at(1)]);
    await store.close();
    const roster = startRoster(['serve', '--port', '0'], {
      ROSTER_DATABASE_URL: `sqlite:${filename}`,
      ROSTER_ACTIVITY_RETENTION_DAYS: '7',
    });
    const [line] = await roster.waitFor(/.*"msg":"pruned expired activity log entries".*/);
    expect(JSON.parse(line)).toMatchObject({ pruned: 2 });
    roster.child.kill('SIGTERM');
    expect(await roster.exited).toBe(0);
    const reopened = createSqliteStore({ filename });
    try {
      const page = await reopened.listActivity({ tenantId: 'acme', limit: 10 });
      expect(page.entries.map((entry) => entry.requestId)).toEqual(['req-1d']);
    } finally {
      await reopened.close();
    }
  }, 30_000);
});

describe('roster serve start-up checks', () => {
  it('names an unreachable database without printing its password, and exits 1', async () => {
    const roster = startRoster(['serve', '--port', '0'], {
      ROSTER_DATABASE_URL: 'postgres://roster:s3cret-pw@127.0.0.1:1/roster',
    });
    expect(await roster.exited).toBe(1);
    expect(roster.stderr()).toMatch(
      /^roster: cannot reach the database at postgres:\/\/roster:\*\*\*@127\.0\.0\.1:1\/roster: .*ECONNREFUSED/,
    );
    expect(roster.stderr() + roster.stdout()).not.toContain('s3cret-pw');
  }, 30_000);

  it('refuses to start with pending migrations under --no-migrate and says to run roster migrate', async () => {
    const roster = startRoster(['serve', '--port', '0', '--no-migrate'], {
      ROSTER_DATABASE_URL: `sqlite:${freshDatabase()}`,
    });
    expect(await roster.exited).toBe(1);
    expect(roster.stderr()).toMatch(
      /pending migrations \(0001_initial, .*0003_activity.*\): run `roster migrate`/,
    );
  }, 30_000);

  describe('with the port taken', () => {
    let server: Server;
    let port: number;
    beforeAll(async () => {
      server = createServer();
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      port = (server.address() as { port: number }).port;
    });
    afterAll(async () => {
      await new Promise((resolve) => server.close(resolve));
    });

    it('says the port is in use and exits 1', async () => {
      const roster = startRoster(['serve', '--port', String(port)], {
        ROSTER_DATABASE_URL: `sqlite:${freshDatabase()}`,
      });
      expect(await roster.exited).toBe(1);
      expect(roster.stderr()).toBe(
        `roster: port ${port} on 127.0.0.1 is already in use (set ROSTER_PORT or --port)\n`,
      );
    }, 30_000);
  });
});
