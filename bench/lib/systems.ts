import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { startProcess, type Started } from './processes.js';
import { ScimClient } from './scim-client.js';
import { bulkUserOps, userResource } from './payloads.js';

export type SystemName = 'peer' | 'roster-sqlite' | 'roster-postgres';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const ADMIN_DATABASE_URL =
  process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Users loaded into an instance, and the group built from them when one was asked for. */
export interface Loaded {
  /** Ids of the loaded users in load order (the peer returns the first 1,000 only). */
  ids: string[];
  /** Ids of loaded users that are not members of the group. */
  extraIds: string[];
  groupId: string | undefined;
  /** Users and group members actually stored: fewer than asked when the time budget ran out. */
  users: number;
  members: number;
  seconds: number;
}

/**
 * The Node.js flags the `roster` command starts with (its `#!/usr/bin/env -S node …` line), so
 * the benchmark runs Roster as `roster serve` and `npm start` do.
 */
function rosterNodeFlags(): string[] {
  const shebang = readFileSync(join(ROOT, 'dist/cli/main.js'), 'utf8').split('\n', 1)[0] ?? '';
  return shebang.split(/\s+/).filter((word) => word.startsWith('--'));
}

/** One running SCIM server under test. */
export interface Instance {
  system: SystemName;
  client: ScimClient;
  pid: number;
  /**
   * Loads users `${prefix}-${i}` for i < count; a group takes the first `members` of them.
   * Roster stops early, between requests, once `budgetMs` has passed.
   */
  load(
    prefix: string,
    count: number,
    group?: { displayName: string; members: number },
    budgetMs?: number,
  ): Promise<Loaded>;
  stop(): Promise<void>;
}

const scratch = mkdtempSync(join(tmpdir(), 'roster-bench-'));
let databases = 0;

/** A new file name in the run's scratch directory. */
export function scratchFile(name: string): string {
  databases += 1;
  return join(scratch, `${name}-${databases}.db`);
}

/** Removes the scratch directory that held the SQLite files. */
export function removeScratch(): void {
  rmSync(scratch, { recursive: true, force: true });
}

/** Starts a fresh instance of a system (new empty database, new process); `profile` writes Roster's CPU profile. */
export async function startSystem(
  system: SystemName,
  label: string,
  profile = false,
): Promise<Instance> {
  const instance =
    system === 'peer' ? await startPeer() : await startRoster(system, profile ? label : undefined);
  const load = instance.load;
  let stored = 0;
  instance.load = async (prefix, count, group, budgetMs) => {
    const loaded = await load(prefix, count, group, budgetMs);
    stored += loaded.users;
    const last = `${prefix}-${loaded.users - 1}`;
    const filter = encodeURIComponent(`userName eq "${last}"`);
    const reply = await instance.client.expect(
      200,
      'GET',
      `/Users?filter=${filter}`,
      undefined,
      120_000,
    );
    if ((reply.body as { totalResults?: number }).totalResults !== 1) {
      throw new Error(`load did not store ${last} (${stored} users expected)`);
    }
    if (group && !loaded.groupId) throw new Error('load created no group');
    return loaded;
  };
  return instance;
}

async function startPeer(): Promise<Instance> {
  const started = await startProcess(process.execPath, [join(ROOT, 'bench/peer/server.mjs')], {
    ready: /^peer listening on /,
  });
  const base = /(http:\S+)/.exec(started.lines.at(-1) ?? '')?.[1] ?? '';
  const client = new ScimClient(base, 'peer');
  const seedClient = new ScimClient(new URL(base).origin, 'peer', 1);
  return {
    system: 'peer',
    client,
    pid: started.pid,
    async load(prefix, count, group) {
      const start = performance.now();
      const reply = await seedClient.expect(
        200,
        'POST',
        '/_bench/seed',
        { prefix, users: count, group },
        300_000,
      );
      const body = reply.body as { ids: string[]; extraIds: string[]; groupId?: string };
      return {
        ids: body.ids,
        extraIds: body.extraIds,
        groupId: body.groupId,
        users: count,
        members: group?.members ?? 0,
        seconds: (performance.now() - start) / 1000,
      };
    },
    async stop() {
      await client.close();
      await seedClient.close();
      await started.stop();
    },
  };
}

async function startRoster(
  system: 'roster-sqlite' | 'roster-postgres',
  profileLabel?: string,
): Promise<Instance> {
  databases += 1;
  let databaseUrl: string;
  let dropDatabase = async (): Promise<void> => undefined;
  if (system === 'roster-sqlite') {
    databaseUrl = `sqlite:${join(scratch, `roster-${databases}.db`)}`;
  } else {
    const name = `roster_bench_${process.pid}_${databases}`;
    await adminQuery(`CREATE DATABASE ${name}`);
    const admin = new URL(ADMIN_DATABASE_URL);
    admin.pathname = `/${name}`;
    databaseUrl = admin.toString();
    dropDatabase = () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
  let started: Started;
  try {
    const profile = profileLabel
      ? [
          '--cpu-prof',
          '--cpu-prof-dir',
          join(ROOT, 'bench/results'),
          '--cpu-prof-name',
          `${system}-${profileLabel}.cpuprofile.json`,
          ...(system === 'roster-sqlite'
            ? ['--import', join(ROOT, 'bench/lib/sql-timing-hook.mjs')]
            : []),
        ]
      : [];
    started = await startProcess(
      process.execPath,
      [...profile, ...rosterNodeFlags(), join(ROOT, 'dist/cli/main.js'), 'serve'],
      {
        env: {
          ROSTER_DATABASE_URL: databaseUrl,
          ROSTER_HOST: '127.0.0.1',
          ROSTER_PORT: '0',
          ROSTER_LOG_LEVEL: 'silent',
          ROSTER_BULK_MAX_OPERATIONS: '10000',
          ROSTER_BULK_MAX_PAYLOAD_SIZE: String(64 * 1024 * 1024),
          ROSTER_BODY_LIMIT: String(64 * 1024 * 1024),
          BENCH_SQL_TIMING: join(
            ROOT,
            `bench/results/${system}-${profileLabel ?? 'run'}.sql-timing.json`,
          ),
        },
        ready: /^eyJ[\w-]+\.[\w-]+\.[\w-]+$/,
        timeoutMs: 30_000,
      },
    );
  } catch (error) {
    await dropDatabase();
    throw error;
  }
  const url = started.lines.map((line) => /listening on (http:\S+)/.exec(line)?.[1]).find(Boolean);
  const token = started.lines.at(-1) ?? '';
  const client = new ScimClient(`${url}/api/v1/tenants/default/scim/v2`, token);
  return {
    system,
    client,
    pid: started.pid,
    load: (prefix, count, group, budgetMs) =>
      loadRoster(client, prefix, count, group, budgetMs ?? Number.POSITIVE_INFINITY),
    async stop() {
      await client.close();
      await started.stop();
      await dropDatabase();
    },
  };
}

async function adminQuery(sql: string): Promise<void> {
  const admin = new pg.Client({ connectionString: ADMIN_DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

const BULK_CHUNK = 5_000;
/** Share of the load budget for users; the rest builds the group. */
const USER_SHARE = 0.7;
const SPARE_USERS = 50;
const MEMBER_CHUNK = 5_000;

async function loadRoster(
  client: ScimClient,
  prefix: string,
  count: number,
  group: { displayName: string; members: number } | undefined,
  budgetMs: number,
): Promise<Loaded> {
  const start = performance.now();
  const ids: string[] = [];
  let useBulk = true;
  for (let from = 0; from < count; from += BULK_CHUNK) {
    if (performance.now() - start > budgetMs * USER_SHARE) break;
    const to = Math.min(count, from + BULK_CHUNK);
    if (useBulk) {
      const reply = await client.send('POST', '/Bulk', bulkUserOps(prefix, from, to), 300_000);
      const operations = (
        reply.body as { Operations?: { status: string; location?: string }[] } | undefined
      )?.Operations;
      if (
        reply.status === 200 &&
        operations?.length === to - from &&
        operations.every((op) => op.status === '201')
      ) {
        for (const op of operations) ids.push(op.location?.split('/').at(-1) ?? '');
        reportProgress(ids.length, count, start);
        continue;
      }
      if (from > 0 || reply.status === 200)
        throw new Error(`bulk load failed at ${from}: status ${reply.status}`);
      useBulk = false;
    }
    ids.push(...(await postUsers(client, prefix, from, to)));
    reportProgress(ids.length, count, start);
  }
  let groupId: string | undefined;
  let stored = 0;
  if (group) {
    const wanted = ids.length < count ? Math.max(0, ids.length - SPARE_USERS) : group.members;
    const members = ids.slice(0, wanted).map((value) => ({ value }));
    const created = await client.expect(201, 'POST', '/Groups', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
      displayName: group.displayName,
      members: members.slice(0, MEMBER_CHUNK),
    });
    groupId = (created.body as { id: string }).id;
    stored = Math.min(MEMBER_CHUNK, members.length);
    for (let from = MEMBER_CHUNK; from < members.length; from += MEMBER_CHUNK) {
      if (performance.now() - start > budgetMs) break;
      await client.expect(
        [200, 204],
        'PATCH',
        `/Groups/${groupId}?excludedAttributes=members`,
        {
          schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
          Operations: [
            { op: 'add', path: 'members', value: members.slice(from, from + MEMBER_CHUNK) },
          ],
        },
        120_000,
      );
      stored = Math.min(from + MEMBER_CHUNK, members.length);
    }
  }
  return {
    ids,
    extraIds: ids.slice(group ? stored : ids.length).slice(-SPARE_USERS),
    groupId,
    users: ids.length,
    members: stored,
    seconds: (performance.now() - start) / 1000,
  };
}

function reportProgress(done: number, count: number, start: number): void {
  if (count < 20_000) return;
  const rate = done / ((performance.now() - start) / 1000);
  process.stderr.write(
    `  loaded ${done.toLocaleString('en-US')} of ${count.toLocaleString('en-US')} users (${Math.round(rate)}/s)\n`,
  );
}

async function postUsers(
  client: ScimClient,
  prefix: string,
  from: number,
  to: number,
): Promise<string[]> {
  const ids: string[] = new Array<string>(to - from);
  let next = from;
  const worker = async (): Promise<void> => {
    while (next < to) {
      const i = next++;
      const reply = await client.expect(201, 'POST', '/Users', userResource(prefix, i));
      ids[i - from] = (reply.body as { id: string }).id;
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  return ids;
}
