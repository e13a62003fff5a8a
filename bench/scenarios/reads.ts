import { measure, timeEach, type Measured, type Phase } from '../lib/measured.js';
import { addMember } from '../lib/payloads.js';
import { rssMb } from '../lib/processes.js';
import type { ScimClient } from '../lib/scim-client.js';
import { quantile, summarise } from '../lib/stats.js';
import type { Instance } from '../lib/systems.js';

const EXTRA_USERS = 50;
const WALK_BUDGET_MS = 45_000;

async function lookups(
  client: ScimClient,
  prefix: string,
  users: number,
  times: number,
  timeoutMs: number,
): Promise<number[]> {
  return timeEach(times, async (i) => {
    const userName = `${prefix}-${(i * 7919) % users}`;
    const reply = await client.expect(
      200,
      'GET',
      `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`,
      undefined,
      timeoutMs,
    );
    const total = (reply.body as { totalResults?: number }).totalResults;
    if (total !== 1)
      throw new Error(`userName eq "${userName}" found ${String(total)} users, expected 1`);
  });
}

async function groupCosts(
  instance: Instance,
  groupId: string,
  spare: string[],
  times: number,
  timeoutMs: number,
  key: string,
): Promise<Measured> {
  const out: Measured = {};
  const { client } = instance;
  await measure(out, [`${key}.patch.p50`], async () => {
    const samples = await timeEach(Math.min(times, spare.length), (i) =>
      client.expect(
        [200, 204],
        'PATCH',
        `/Groups/${groupId}`,
        addMember(spare[i] ?? ''),
        timeoutMs,
      ),
    );
    return { [`${key}.patch.p50`]: quantile(samples, 0.5) };
  });
  await measure(out, [`${key}.get.p50`], async () => {
    const samples = await timeEach(times, async () => {
      const reply = await client.expect(
        200,
        'GET',
        `/Groups/${groupId}?excludedAttributes=members`,
        undefined,
        timeoutMs,
      );
      if ((reply.body as { members?: unknown }).members !== undefined)
        throw new Error('members returned despite excludedAttributes=members');
    });
    return { [`${key}.get.p50`]: quantile(samples, 0.5) };
  });
  return out;
}

/** Walks cursor pages of 100 to the deep page; stops (and says so) when the walk outlasts its budget. */
async function cursorWalk(client: ScimClient, pages: number, timeoutMs: number): Promise<Measured> {
  const deadline = performance.now() + WALK_BUDGET_MS;
  const config = await client.expect(200, 'GET', '/ServiceProviderConfig', undefined, timeoutMs);
  const pagination = (config.body as { pagination?: { cursor?: unknown } }).pagination;
  if (pagination?.cursor !== true) {
    throw new Error(
      'cursor pagination unsupported (ServiceProviderConfig pagination.cursor is not true)',
    );
  }
  const times: number[] = [];
  let cursor = '';
  for (let page = 0; page < pages; page++) {
    const reply = await client.expect(
      200,
      'GET',
      `/Users?count=100&cursor=${encodeURIComponent(cursor)}`,
      undefined,
      timeoutMs,
    );
    const next = (reply.body as { nextCursor?: string }).nextCursor;
    if (typeof next !== 'string')
      throw new Error(
        page === 0
          ? 'cursor pagination unsupported (no nextCursor)'
          : `no nextCursor at page ${page + 1}`,
      );
    times.push(reply.ms);
    cursor = next;
    if (performance.now() > deadline && page + 1 < pages) {
      throw new Error(
        `cursor walk reached only page ${page + 1} of ${pages} in ${WALK_BUDGET_MS / 1000} s`,
      );
    }
  }
  return {
    'page.cursor.first': quantile(times.slice(0, 5), 0.5),
    'page.cursor.deep': quantile(times.slice(-5), 0.5),
  };
}

/** Scenarios 3–5 and 6a: lookups, deep pages and a large group, each against a small baseline, and RSS with the users stored. */
export const readsPhase: Phase = async (instance, config, out = {}) => {
  const { client } = instance;
  const peer = instance.system === 'peer';
  const timeout = peer ? config.peerTimeoutMs : 30_000;

  const small = await instance.load('base', 100, { displayName: 'small group', members: 10 });
  await measure(out, ['lookup.small.p50'], async () => ({
    'lookup.small.p50': summarise(await lookups(client, 'base', 100, config.lookups, timeout)).p50,
  }));
  if (small.groupId)
    Object.assign(
      out,
      await groupCosts(instance, small.groupId, small.extraIds, 20, timeout, 'group.small'),
    );

  const big = await instance.load(
    'big',
    config.users + EXTRA_USERS,
    { displayName: 'big group', members: config.users },
    config.loadBudgetMs,
  );
  const n = Math.max(1, big.users - EXTRA_USERS);
  const deepIndex = Math.min(50_001, Math.floor(n / 2) + 1);
  Object.assign(out, { 'load.seconds': big.seconds, 'load.users': n, 'load.members': big.members });
  await new Promise((resolve) => setTimeout(resolve, 1000));
  let rss = rssMb(instance.pid);
  await measure(out, ['lookup.big.p50', 'lookup.big.p99'], async () => {
    const { p50, p99 } = summarise(
      await lookups(
        client,
        'big',
        n,
        peer ? Math.min(10, config.lookups) : config.lookups,
        timeout,
      ),
    );
    return { 'lookup.big.p50': p50, 'lookup.big.p99': p99 };
  });
  rss = Math.max(rss, rssMb(instance.pid));
  out['rss.loaded'] = rss;
  if (big.groupId)
    Object.assign(
      out,
      await groupCosts(instance, big.groupId, big.extraIds, peer ? 1 : 10, timeout, 'group.big'),
    );
  const pageReps = peer ? 1 : 5;
  await measure(out, ['page.index.first'], async () => ({
    'page.index.first': quantile(
      await timeEach(pageReps, () =>
        client.expect(200, 'GET', '/Users?startIndex=1&count=100', undefined, timeout),
      ),
      0.5,
    ),
  }));
  await measure(out, ['page.index.deep'], async () => ({
    'page.index.deep': quantile(
      await timeEach(pageReps, () =>
        client.expect(200, 'GET', `/Users?startIndex=${deepIndex}&count=100`, undefined, timeout),
      ),
      0.5,
    ),
  }));
  await measure(out, ['page.cursor.first', 'page.cursor.deep'], () =>
    cursorWalk(client, Math.ceil(deepIndex / 100), timeout),
  );
  return out;
};
