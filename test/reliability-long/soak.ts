/**
 * `npm run soak [-- --seconds N --rate R --tenants T --database sqlite|postgres --out file]`:
 * mixed identity-provider traffic at a fixed rate across tenants against a `roster serve` child
 * process, sampling its RSS, the heap it retains and the request latency. Exits 1 on any error
 * answer or memory growth.
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { URN } from '../../src/scim/urns.js';
import { createProcessDatabase } from '../reliability/support/process-database.js';
import { startRosterProcess } from '../reliability/support/roster-process.js';
import type { ScimClient } from '../reliability/support/scim-client.js';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '300' },
    rate: { type: 'string', default: '100' },
    tenants: { type: 'string', default: '20' },
    database: { type: 'string', default: 'sqlite' },
    out: { type: 'string' },
  },
});
const seconds = Number(values.seconds);
const rate = Number(values.rate);
const tenantCount = Number(values.tenants);
const databaseName = values.database === 'postgres' ? 'postgres' : 'sqlite';

interface TenantState {
  readonly tenant: string;
  users: string[];
  groups: string[];
  next: number;
}

type Kind =
  | 'lookup'
  | 'create'
  | 'patchUser'
  | 'groupMembers'
  | 'read'
  | 'replace'
  | 'delete'
  | 'groupLookup'
  | 'bulk';

/** Roughly the mix an IdP sends during steady-state provisioning. */
// Creates and deletes balance, so the data set (and SQLite's page cache) stays the same size and
// any RSS growth is the server's own.
const MIX: [Kind, number][] = [
  ['lookup', 33],
  ['create', 8],
  ['patchUser', 20],
  ['groupMembers', 15],
  ['read', 10],
  ['replace', 4],
  ['delete', 8],
  ['groupLookup', 1],
  ['bulk', 1],
];
const totalWeight = MIX.reduce((sum, [, weight]) => sum + weight, 0);

function pickKind(): Kind {
  let roll = Math.random() * totalWeight;
  for (const [kind, weight] of MIX) {
    roll -= weight;
    if (roll < 0) return kind;
  }
  return 'lookup';
}

const pick = <T>(items: readonly T[]): T | undefined =>
  items[Math.floor(Math.random() * items.length)];

/** Sends one request of `kind` for a tenant; returns the status and whether it was expected. */
async function send(client: ScimClient, state: TenantState, kind: Kind): Promise<boolean> {
  const tenant = state.tenant;
  const user = pick(state.users);
  const group = pick(state.groups);
  const name = () => `soak-${tenant}-${(state.next += 1)}`;
  switch (kind) {
    case 'lookup': {
      const answer = await client.request(
        'GET',
        `/Users?filter=${encodeURIComponent(`userName eq "soak-${tenant}-${Math.floor(Math.random() * state.next)}"`)}&startIndex=1&count=100`,
        { tenant },
      );
      return answer.status === 200;
    }
    case 'create': {
      const answer = await client.request('POST', '/Users', {
        tenant,
        body: {
          schemas: [URN.user, URN.enterpriseUser],
          userName: name(),
          name: { givenName: 'Soak', familyName: 'Test' },
          emails: [{ value: `${state.next}@example.com`, type: 'work', primary: true }],
          active: true,
          [URN.enterpriseUser]: { department: 'Load', employeeNumber: String(state.next) },
        },
      });
      if (answer.status === 201) state.users.push(answer.body['id'] as string);
      return answer.status === 201;
    }
    case 'patchUser': {
      if (!user) return true;
      const answer = await client.request('PATCH', `/Users/${user}`, {
        tenant,
        body: {
          schemas: [URN.patchOp],
          Operations: [
            { op: 'replace', path: 'active', value: Math.random() < 0.5 },
            { op: 'replace', path: 'title', value: `title ${state.next}` },
          ],
        },
      });
      return answer.status === 200 || answer.status === 404;
    }
    case 'groupMembers': {
      if (!user || !group) return true;
      const remove = Math.random() < 0.4;
      const answer = await client.request('PATCH', `/Groups/${group}`, {
        tenant,
        body: {
          schemas: [URN.patchOp],
          Operations: [
            remove
              ? { op: 'remove', path: `members[value eq "${user}"]` }
              : { op: 'add', path: 'members', value: [{ value: user }] },
          ],
        },
      });
      // Removing a member that is not there is noTarget (400); a deleted user is 404 or 400.
      return (
        answer.status === 200 ||
        answer.status === 204 ||
        answer.status === 400 ||
        answer.status === 404
      );
    }
    case 'read': {
      if (!user) return true;
      const answer = await client.request('GET', `/Users/${user}`, { tenant });
      return answer.status === 200 || answer.status === 404;
    }
    case 'replace': {
      if (!user) return true;
      const current = await client.request('GET', `/Users/${user}`, { tenant });
      if (current.status !== 200) return current.status === 404;
      const answer = await client.request('PUT', `/Users/${user}`, {
        tenant,
        body: {
          schemas: [URN.user],
          userName: current.body['userName'],
          active: true,
          title: 'replaced',
        },
      });
      return answer.status === 200 || answer.status === 404;
    }
    case 'delete': {
      if (state.users.length < 20) return true;
      const index = Math.floor(Math.random() * state.users.length);
      const [id] = state.users.splice(index, 1);
      const answer = await client.request('DELETE', `/Users/${id ?? ''}`, { tenant });
      return answer.status === 204 || answer.status === 404;
    }
    case 'groupLookup': {
      const answer = await client.request(
        'GET',
        `/Groups?filter=${encodeURIComponent('displayName sw "soak"')}&excludedAttributes=members`,
        { tenant },
      );
      return answer.status === 200;
    }
    case 'bulk': {
      const targets = [...new Set(Array.from({ length: 10 }, () => pick(state.users)))];
      const answer = await client.request('POST', '/Bulk', {
        tenant,
        body: {
          schemas: [URN.bulkRequest],
          Operations: targets.map((id) => ({
            method: 'PATCH',
            path: `/Users/${id ?? ''}`,
            data: {
              schemas: [URN.patchOp],
              Operations: [{ op: 'replace', path: 'title', value: `bulk ${state.next}` }],
            },
          })),
        },
      });
      if (answer.status !== 200) return false;
      // An operation may name a user a concurrent DELETE just removed.
      return (answer.body['Operations'] as { status: string }[]).every(
        (entry) => entry.status === '200' || entry.status === '404',
      );
    }
  }
}

/** Size of a SQLite database file with its WAL; NaN for PostgreSQL. */
function databaseMiB(url: string): number {
  if (!url.startsWith('sqlite:')) return Number.NaN;
  const file = url.slice('sqlite:'.length);
  const wal = `${file}-wal`;
  return (statSync(file).size + (existsSync(wal) ? statSync(wal).size : 0)) / 1_048_576;
}

function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /VmRSS:\s+(\d+) kB/.exec(status);
  return match?.[1] ? Number(match[1]) / 1024 : Number.NaN;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** Least-squares slope of y over x. */
function slope(points: readonly [number, number][]): number {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  const num = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  const den = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  return den === 0 ? 0 : num / den;
}

async function main(): Promise<void> {
  const tenants = Array.from({ length: tenantCount }, (_, i) => `soak${i + 1}`);
  const db = await createProcessDatabase(databaseName, tenants);
  const server = await startRosterProcess(db.database.url, {}, { heapProbe: true });
  const client = db.clientOf(server.url);
  const states: TenantState[] = tenants.map((tenant) => ({
    tenant,
    users: [],
    groups: [],
    next: 0,
  }));
  for (const state of states) {
    for (let i = 0; i < 20; i++) await send(client, state, 'create');
    for (let g = 0; g < 3; g++) {
      const answer = await client.request('POST', '/Groups', {
        tenant: state.tenant,
        body: { schemas: [URN.group], displayName: `soak-group-${g}` },
      });
      state.groups.push(answer.body['id'] as string);
    }
  }

  const windowSeconds = Math.max(5, Math.min(30, Math.floor(seconds / 10)));
  const windows: {
    second: number;
    requests: number;
    errors: number;
    latencies: number[];
    rss: number;
    heap: number;
    data: number;
  }[] = [];
  let current = { requests: 0, errors: 0, latencies: [] as number[] };
  const errorsSeen: string[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const started = Date.now();
  const tickMs = 10;
  let issued = 0;
  const pending = new Set<Promise<void>>();
  // The schedule follows the clock, not the timer: a late tick sends what it owes.
  const ticker = setInterval(() => {
    const owed = Math.floor(((Date.now() - started) * rate) / 1000);
    while (issued < owed) {
      issued += 1;
      const state = pick(states);
      if (!state) continue;
      const kind = pickKind();
      const window = current;
      const began = performance.now();
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      const request = send(client, state, kind)
        .then(
          (expected) => {
            if (!expected) {
              window.errors += 1;
              if (errorsSeen.length < 20) errorsSeen.push(`${kind}: unexpected status`);
            }
          },
          (error: unknown) => {
            window.errors += 1;
            if (errorsSeen.length < 20) errorsSeen.push(`${kind}: ${String(error)}`);
          },
        )
        .finally(() => {
          inFlight -= 1;
          window.requests += 1;
          window.latencies.push(performance.now() - began);
          pending.delete(request);
        });
      pending.add(request);
    }
  }, tickMs);
  const sampler = setInterval(() => {
    const window = { second: Math.round((Date.now() - started) / 1000), ...current };
    current = { requests: 0, errors: 0, latencies: [] };
    const rss = rssMiB(server.pid);
    const data = databaseMiB(db.database.url);
    void server.retainedHeap().then(
      (bytes) => windows.push({ ...window, rss, heap: bytes / 1_048_576, data }),
      () => windows.push({ ...window, rss, heap: Number.NaN, data }),
    );
  }, windowSeconds * 1000);

  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  clearInterval(ticker);
  clearInterval(sampler);
  await Promise.all([...pending]);
  await server.stop();
  await db.drop();

  const rows = [...windows]
    .sort((a, b) => a.second - b.second)
    .map((window) => {
      const sorted = [...window.latencies].sort((a, b) => a - b);
      return {
        second: window.second,
        requests: window.requests,
        errors: window.errors,
        p50: percentile(sorted, 50),
        p95: percentile(sorted, 95),
        p99: percentile(sorted, 99),
        rss: window.rss,
        heap: window.heap,
        data: window.data,
      };
    });
  // The first third warms caches and pools; the trend is judged on the rest.
  const steady = rows.slice(Math.floor(rows.length / 3));
  const rssSlopePerMinute = slope(steady.map((row) => [row.second / 60, row.rss]));
  const requests = rows.reduce((sum, row) => sum + row.requests, 0);
  const errors = rows.reduce((sum, row) => sum + row.errors, 0);
  const p99Slope = slope(steady.map((row) => [row.second / 60, row.p99]));
  const heapSlopePerMinute = slope(steady.map((row) => [row.second / 60, row.heap]));
  const dataSlope = slope(steady.map((row) => [row.second / 60, row.data]));
  const summary = {
    database: databaseName,
    seconds,
    rate,
    tenants: tenantCount,
    requests,
    errors,
    maxInFlight,
    rssFirstMiB: rows[0]?.rss ?? 0,
    rssLastMiB: rows.at(-1)?.rss ?? 0,
    rssSlopeMiBPerMinute: rssSlopePerMinute,
    databaseSlopeMiBPerMinute: dataSlope,
    heapSlopeMiBPerMinute: heapSlopePerMinute,
    p99SlopeMsPerMinute: p99Slope,
    errorsSeen,
    windows: rows,
  };
  const table = [
    '| t (s) | requests | errors | p50 ms | p95 ms | p99 ms | RSS MiB | heap after GC MiB | SQLite file MiB |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map(
      (row) =>
        `| ${row.second} | ${row.requests} | ${row.errors} | ${row.p50.toFixed(1)} | ${row.p95.toFixed(1)} | ${row.p99.toFixed(1)} | ${row.rss.toFixed(1)} | ${row.heap.toFixed(1)} | ${Number.isNaN(row.data) ? 'n/a' : row.data.toFixed(1)} |`,
    ),
  ].join('\n');
  process.stdout.write(`${table}\n\n`);
  process.stdout.write(
    `${requests} requests at ${rate}/s over ${tenantCount} tenants on ${databaseName}: ${errors} errors; ` +
      `RSS ${summary.rssFirstMiB.toFixed(1)} → ${summary.rssLastMiB.toFixed(1)} MiB, ` +
      `steady-state slopes: RSS ${rssSlopePerMinute.toFixed(2)} MiB/min, heap ${heapSlopePerMinute.toFixed(2)} MiB/min, ` +
      `p99 ${p99Slope.toFixed(2)} ms/min; at most ${maxInFlight} requests in flight\n`,
  );
  if (errorsSeen.length > 0) process.stdout.write(`errors: ${errorsSeen.join('; ')}\n`);
  if (values.out) writeFileSync(values.out, `${JSON.stringify(summary, null, 2)}\n`);
  // A leak shows in the heap the server retains: measured right after a full collection it varies
  // by well under 1 MiB between samples, so more than 1 MiB a minute after warm-up, also showing
  // as a last third 2 MiB above the middle third, is growth the length of a run would not explain.
  // RSS also holds SQLite's page cache, which grows with the file (the activity log keeps
  // growing) up to cache_size, so RSS is judged against that growth and at 2 MiB a minute.
  const cacheAllowance = Number.isNaN(dataSlope) ? 0 : Math.max(0, dataSlope);
  const thirds = (value: (row: (typeof rows)[number]) => number) => {
    const third = Math.max(1, Math.floor(rows.length / 3));
    const mean = (part: typeof rows) =>
      part.reduce((sum, row) => sum + value(row), 0) / Math.max(1, part.length);
    return mean(rows.slice(-third)) - mean(rows.slice(third, 2 * third));
  };
  const fileGrowth = Number.isNaN(dataSlope)
    ? 0
    : Math.max(
        0,
        thirds((row) => row.data),
      );
  const heapGrows = heapSlopePerMinute > 1 && thirds((row) => row.heap) > 2;
  // RSS slopes are noisy too: growth must also show as a last third clearly above the middle third.
  // RSS falls when the allocator returns memory and climbs back afterwards; a leak instead keeps
  // setting new highs, so the last third must also stand above every earlier sample.
  const lastThird = Math.max(1, Math.floor(rows.length / 3));
  const earlierPeak = Math.max(...rows.slice(0, -lastThird).map((row) => row.rss));
  const lastMean =
    rows.slice(-lastThird).reduce((sum, row) => sum + row.rss, 0) / Math.max(1, lastThird);
  const rssGrows =
    rssSlopePerMinute > 2 + cacheAllowance &&
    thirds((row) => row.rss) > 5 + fileGrowth &&
    lastMean > earlierPeak + fileGrowth;
  const growing = steady.length >= 3 && (heapGrows || rssGrows);
  if (errors > 0 || growing) {
    process.stdout.write(growing ? 'FAIL: memory keeps growing\n' : 'FAIL: error answers\n');
    process.exitCode = 1;
  }
}

await main();
