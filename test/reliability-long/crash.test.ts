import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { URN } from '../../src/scim/urns.js';
import { testDatabaseNames } from '../support/databases.js';
import { recordFigure } from '../reliability/support/figures.js';
import { membershipProblems } from '../reliability/support/membership-consistency.js';
import {
  createProcessDatabase,
  type ProcessDatabase,
} from '../reliability/support/process-database.js';
import { startRosterProcess } from '../reliability/support/roster-process.js';
import {
  addMembersPatch,
  createGroup,
  memberIdsOf,
  userBody,
  type ScimClient,
} from '../reliability/support/scim-client.js';

const ROUNDS = Number(process.env['ROSTER_CRASH_ROUNDS'] ?? 3);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function totalOf(client: ScimClient, path: string, filter: string): Promise<number> {
  const answer = await client.request(
    'GET',
    `${path}?count=0&filter=${encodeURIComponent(filter)}`,
  );
  expect(answer.status).toBe(200);
  return answer.body['totalResults'] as number;
}

describe.each(testDatabaseNames)('kill -9 of roster serve over %s', (name) => {
  let db: ProcessDatabase;
  beforeAll(async () => {
    db = await createProcessDatabase(name);
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('keeps every acknowledged write when the server is killed during a stream of single writes', async () => {
    let tried = 0;
    let acknowledged = 0;
    let found = 0;
    let groupId = '';
    for (let round = 0; round < ROUNDS; round++) {
      const server = await startRosterProcess(db.database.url);
      const client = db.clientOf(server.url);
      if (groupId === '') groupId = await createGroup(client, 'crash-stream-group');
      const users: string[] = [];
      const members: string[] = [];
      let killed = false;
      const writer = async (w: number) => {
        for (let i = 0; !killed; i++) {
          try {
            tried += 1;
            const created = await client.request('POST', '/Users', {
              body: userBody(`stream-${round}-${w}-${i}`),
            });
            if (created.status !== 201) throw new Error(`POST answered ${created.status}`);
            const id = created.body['id'] as string;
            users.push(id);
            tried += 1;
            const joined = await client.request('PATCH', `/Groups/${groupId}`, {
              body: addMembersPatch([id]),
            });
            // A Group PATCH answers 204 (no body asked for).
            if (joined.status !== 204) throw new Error(`PATCH answered ${joined.status}`);
            members.push(id);
          } catch (error) {
            if (killed) return;
            throw error;
          }
        }
      };
      const writers = Promise.all([0, 1, 2, 3, 4, 5, 6, 7].map(writer));
      await sleep(400 + Math.random() * 800);
      killed = true;
      await server.kill9();
      await writers;
      acknowledged += users.length + members.length;

      const restarted = await startRosterProcess(db.database.url);
      const after = db.clientOf(restarted.url);
      try {
        for (const id of users) {
          if ((await after.request('GET', `/Users/${id}`)).status === 200) found += 1;
        }
        const stored = new Set(await memberIdsOf(after, groupId));
        found += members.filter((id) => stored.has(id)).length;
      } finally {
        await restarted.stop();
      }
    }
    expect(await membershipProblems(db.database.store, 'acme')).toEqual([]);
    recordFigure({
      scenario: `kill -9 during single writes (8 writers, ${ROUNDS} kills)`,
      database: name,
      requestsTried: tried,
      faultsInjected: ROUNDS,
      writesAcknowledged: acknowledged,
      writesFound: found,
    });
    expect(found).toBe(acknowledged);
  });

  it('applies a 1000-operation Bulk entirely or not at all when the server is killed mid-request', async () => {
    const users = 999;
    const bulkOf = (prefix: string) => ({
      schemas: [URN.bulkRequest],
      Operations: [
        ...Array.from({ length: users }, (_, i) => ({
          method: 'POST',
          path: '/Users',
          bulkId: `u${i}`,
          data: userBody(`${prefix}-${i}`),
        })),
        {
          method: 'POST',
          path: '/Groups',
          bulkId: 'g',
          data: {
            schemas: [URN.group],
            displayName: `${prefix}-group`,
            members: Array.from({ length: users }, (_, i) => ({ value: `bulkId:u${i}` })),
          },
        },
      ],
    });
    const outcomes: string[] = [];
    let acknowledged = 0;
    let found = 0;
    let durationMs = 0;
    for (let round = 0; round <= ROUNDS; round++) {
      const prefix = `bulk-${round}`;
      const server = await startRosterProcess(db.database.url);
      const client = db.clientOf(server.url);
      const started = Date.now();
      const sent = client.request('POST', '/Bulk', { body: bulkOf(prefix) }).then(
        (answer) => answer,
        () => undefined,
      );
      if (round === 0) {
        // The first request runs to completion and times a whole Bulk.
        const answer = await sent;
        durationMs = Date.now() - started;
        expect(answer?.status).toBe(200);
        await server.stop();
      } else {
        await sleep(durationMs * (0.2 + 0.6 * Math.random()));
        await server.kill9();
      }
      const answer = await sent;
      const ok = answer?.status === 200;
      if (ok) acknowledged += users + 1;

      const restarted = await startRosterProcess(db.database.url);
      const after = db.clientOf(restarted.url);
      try {
        const storedUsers = await totalOf(after, '/Users', `userName sw "${prefix}-"`);
        const storedGroups = await totalOf(after, '/Groups', `displayName eq "${prefix}-group"`);
        expect([0, users]).toContain(storedUsers);
        expect(storedGroups).toBe(storedUsers === 0 ? 0 : 1);
        if (ok) expect(storedUsers).toBe(users);
        if (ok) found += storedUsers + storedGroups;
        outcomes.push(
          ok ? 'acknowledged' : storedUsers === 0 ? 'rolled back' : 'committed, unanswered',
        );
      } finally {
        await restarted.stop();
      }
    }
    expect(await membershipProblems(db.database.store, 'acme')).toEqual([]);
    recordFigure({
      scenario: `kill -9 during a 1000-operation Bulk (${ROUNDS} kills)`,
      database: name,
      requestsTried: ROUNDS + 1,
      faultsInjected: ROUNDS,
      writesAcknowledged: acknowledged,
      writesFound: found,
      note: `Bulk took ${durationMs} ms; outcomes: ${outcomes.join(', ')}`,
    });
  });
});
