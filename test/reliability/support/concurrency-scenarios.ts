import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import { URN } from '../../../src/scim/urns.js';
import { recordFigure } from './figures.js';
import {
  addMembersPatch,
  createGroup,
  createUsers,
  memberIdsOf,
  removeMemberPatch,
  userBody,
  type HttpAnswer,
  type ScimClient,
} from './scim-client.js';

/** Where a scenario runs: one or more Roster processes over the same database. */
export interface ScenarioTarget {
  /** Label of the database (and process count) for the figures. */
  readonly label: string;
  readonly clients: readonly ScimClient[];
}

/** The client request `i` goes through: requests spread round-robin over every process. */
const via = (target: ScenarioTarget, i: number): ScimClient => {
  const client = target.clients[i % target.clients.length];
  if (!client) throw new Error('a scenario target needs at least one client');
  return client;
};

const fresh = (name: string) => `${name}-${randomBytes(4).toString('hex')}`;

function statusesOf(answers: readonly HttpAnswer[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const answer of answers) counts[answer.status] = (counts[answer.status] ?? 0) + 1;
  return counts;
}

/** 32 concurrent PATCH adds of different members to one group: every member is kept. */
export async function concurrentMemberAdds(target: ScenarioTarget, writers = 32): Promise<void> {
  const first = via(target, 0);
  const users = await createUsers(first, fresh('adder'), writers);
  const group = await createGroup(first, fresh('adds'));
  const answers = await Promise.all(
    users.map((id, i) =>
      via(target, i).request('PATCH', `/Groups/${group}`, { body: addMembersPatch([id]) }),
    ),
  );
  // Group PATCH answers 204 unless the client asks for the group back.
  expect(statusesOf(answers)).toEqual({ 204: writers });
  const found = await memberIdsOf(first, group);
  recordFigure({
    scenario: `${writers} concurrent PATCH member adds`,
    database: target.label,
    requestsTried: writers,
    faultsInjected: 0,
    writesAcknowledged: answers.filter((a) => a.status === 200).length,
    writesFound: found.filter((id) => users.includes(id)).length,
  });
  expect(found).toEqual([...users].sort());
}

/** 32 concurrent PATCH removes of different members from one group: every member is gone. */
export async function concurrentMemberRemoves(target: ScenarioTarget, writers = 32): Promise<void> {
  const first = via(target, 0);
  const users = await createUsers(first, fresh('removed'), writers);
  const group = await createGroup(first, fresh('removes'), users);
  const answers = await Promise.all(
    users.map((id, i) =>
      via(target, i).request('PATCH', `/Groups/${group}`, { body: removeMemberPatch(id) }),
    ),
  );
  // Group PATCH answers 204 unless the client asks for the group back.
  expect(statusesOf(answers)).toEqual({ 204: writers });
  const found = await memberIdsOf(first, group);
  recordFigure({
    scenario: `${writers} concurrent PATCH member removes`,
    database: target.label,
    requestsTried: writers,
    faultsInjected: 0,
    writesAcknowledged: answers.filter((a) => a.status === 200).length,
    writesFound: writers - found.length,
  });
  expect(found).toEqual([]);
}

/**
 * Half the writers add new members while the other half remove the existing ones, all at once:
 * the group ends as the sequential result (the added half only).
 */
export async function concurrentMixedMembership(
  target: ScenarioTarget,
  writers = 32,
): Promise<void> {
  const first = via(target, 0);
  const half = writers / 2;
  const existing = await createUsers(first, fresh('leaving'), half);
  const joining = await createUsers(first, fresh('joining'), half);
  const group = await createGroup(first, fresh('mixed'), existing);
  const requests = [
    ...joining.map((id) => addMembersPatch([id])),
    ...existing.map((id) => removeMemberPatch(id)),
  ];
  // Interleave adds and removes so neither kind reaches the database first.
  const order = requests.map((_, i) => (i % 2 === 0 ? i / 2 : half + (i - 1) / 2));
  const answers = await Promise.all(
    order.map((index, i) =>
      via(target, i).request('PATCH', `/Groups/${group}`, { body: requests[index] }),
    ),
  );
  // Group PATCH answers 204 unless the client asks for the group back.
  expect(statusesOf(answers)).toEqual({ 204: writers });
  const found = await memberIdsOf(first, group);
  recordFigure({
    scenario: `${writers} concurrent mixed PATCH add/remove`,
    database: target.label,
    requestsTried: writers,
    faultsInjected: 0,
    writesAcknowledged: answers.filter((a) => a.status === 200).length,
    writesFound:
      found.filter((id) => joining.includes(id)).length +
      existing.filter((id) => !found.includes(id)).length,
  });
  expect(found).toEqual([...joining].sort());
}

/** 16 concurrent POSTs of one userName, differing only in case: one 201, fifteen 409 uniqueness. */
export async function concurrentDuplicateCreates(
  target: ScenarioTarget,
  writers = 16,
): Promise<void> {
  const name = fresh('duplicate');
  const spellings = Array.from({ length: writers }, (_, i) =>
    [...name].map((c, j) => ((i >> (j % 4)) & 1 ? c.toUpperCase() : c)).join(''),
  );
  const answers = await Promise.all(
    spellings.map((spelling, i) =>
      via(target, i).request('POST', '/Users', { body: userBody(spelling) }),
    ),
  );
  expect(statusesOf(answers)).toEqual({ 201: 1, 409: writers - 1 });
  for (const answer of answers.filter((a) => a.status === 409)) {
    expect(answer.body).toMatchObject({
      schemas: [URN.error],
      status: '409',
      scimType: 'uniqueness',
    });
  }
  const listed = await via(target, 0).request(
    'GET',
    `/Users?filter=${encodeURIComponent(`userName eq "${name}"`)}`,
  );
  recordFigure({
    scenario: `${writers} concurrent POSTs of one userName (case varies)`,
    database: target.label,
    requestsTried: writers,
    faultsInjected: 0,
    writesAcknowledged: answers.filter((a) => a.status === 201).length,
    writesFound: listed.body['totalResults'] as number,
  });
  expect(listed.body['totalResults']).toBe(1);
}

function replacement(userName: string, i: number) {
  return userBody(userName, {
    displayName: `display ${i}`,
    title: `title ${i}`,
    name: { givenName: `given ${i}`, familyName: `family ${i}` },
  });
}

/** Concurrent PUTs with If-Match: per version exactly one wins, the rest answer 412. */
export async function concurrentConditionalPuts(
  target: ScenarioTarget,
  writers = 16,
  rounds = 3,
): Promise<void> {
  const first = via(target, 0);
  const userName = fresh('conditional');
  const [id] = await createUsers(first, userName, 1);
  let acknowledged = 0;
  for (let round = 0; round < rounds; round++) {
    const current = await first.request('GET', `/Users/${id}`);
    const etag = current.headers.get('etag') ?? '';
    const answers = await Promise.all(
      Array.from({ length: writers }, (_, i) =>
        via(target, i).request('PUT', `/Users/${id}`, {
          body: replacement(`${userName}-0`, round * writers + i),
          headers: { 'if-match': etag },
        }),
      ),
    );
    expect(statusesOf(answers)).toEqual({ 200: 1, 412: writers - 1 });
    for (const answer of answers.filter((a) => a.status === 412)) {
      expect(answer.body).toMatchObject({ schemas: [URN.error], status: '412' });
    }
    const winner = answers.find((a) => a.status === 200);
    const after = await first.request('GET', `/Users/${id}`);
    expect(after.body['title']).toBe(winner?.body['title']);
    expect(after.headers.get('etag')).not.toBe(etag);
    acknowledged += 1;
  }
  recordFigure({
    scenario: `${writers} concurrent PUTs with If-Match, ${rounds} versions`,
    database: target.label,
    requestsTried: writers * rounds,
    faultsInjected: 0,
    writesAcknowledged: acknowledged,
    writesFound: acknowledged,
  });
}

/** Concurrent PUTs without If-Match: all succeed and the stored document is one writer's whole. */
export async function concurrentLastWriterWins(
  target: ScenarioTarget,
  writers = 16,
): Promise<void> {
  const first = via(target, 0);
  const userName = fresh('last-writer');
  const [id] = await createUsers(first, userName, 1);
  const answers = await Promise.all(
    Array.from({ length: writers }, (_, i) =>
      via(target, i).request('PUT', `/Users/${id}`, { body: replacement(`${userName}-0`, i) }),
    ),
  );
  expect(statusesOf(answers)).toEqual({ 200: writers });
  const after = await first.request('GET', `/Users/${id}`);
  const match = /^title (\d+)$/.exec(String(after.body['title']));
  expect(match).not.toBeNull();
  const i = Number(match?.[1]);
  expect(after.body).toMatchObject({
    displayName: `display ${i}`,
    name: { givenName: `given ${i}`, familyName: `family ${i}` },
  });
  // The last acknowledged version is the one stored.
  const versions = answers.map((a) => (a.body['meta'] as { version: string }).version);
  expect(versions).toContain((after.body['meta'] as { version: string }).version);
  recordFigure({
    scenario: `${writers} concurrent PUTs without If-Match`,
    database: target.label,
    requestsTried: writers,
    faultsInjected: 0,
    writesAcknowledged: writers,
    writesFound: writers,
    note: 'one whole document stored',
  });
}

/**
 * Concurrent Bulk requests that each add their own users to the same groups, half of them in
 * reverse group order (the classic deadlock shape): every operation succeeds, no member is lost.
 */
export async function concurrentBulkMembership(
  target: ScenarioTarget,
  requests = 8,
  groups = 4,
  usersPerRequest = 8,
): Promise<void> {
  const first = via(target, 0);
  const users = await createUsers(first, fresh('bulk-member'), requests * usersPerRequest);
  const groupIds: string[] = [];
  for (let g = 0; g < groups; g++)
    groupIds.push(await createGroup(first, fresh(`bulk-group-${g}`)));
  const bodies = Array.from({ length: requests }, (_, r) => {
    const mine = users.slice(r * usersPerRequest, (r + 1) * usersPerRequest);
    const order = r % 2 === 0 ? groupIds : [...groupIds].reverse();
    return {
      schemas: [URN.bulkRequest],
      Operations: order.map((groupId) => ({
        method: 'PATCH',
        path: `/Groups/${groupId}`,
        data: addMembersPatch(mine),
      })),
    };
  });
  const answers = await Promise.all(
    bodies.map((body, r) => via(target, r).request('POST', '/Bulk', { body })),
  );
  expect(statusesOf(answers)).toEqual({ 200: requests });
  const operationStatuses = answers.flatMap((a) =>
    (a.body['Operations'] as { status: string }[]).map((op) => op.status),
  );
  expect(new Set(operationStatuses)).toEqual(new Set(['200']));
  let found = 0;
  for (const groupId of groupIds) {
    const members = await memberIdsOf(first, groupId);
    found += members.length;
    expect(members).toEqual([...users].sort());
  }
  recordFigure({
    scenario: `${requests} concurrent Bulk requests over ${groups} shared groups`,
    database: target.label,
    requestsTried: requests,
    faultsInjected: 0,
    writesAcknowledged: operationStatuses.length * usersPerRequest,
    writesFound: found,
    note: 'member additions',
  });
}
