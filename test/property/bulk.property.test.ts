import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { URN } from '../../src/scim/urns.js';
import { bodyOf } from '../http/scim-expectations.js';
import { testDatabaseNames } from '../support/databases.js';
import { createTestApp, PUBLIC_URL, type TestApp } from '../support/test-app.js';

const RUNS = 200;

interface Entry {
  method: string;
  location?: string;
  status: string;
}

const bulkIds = ['a', 'b', 'c', 'd'];
const SEEDED = '{seeded}';

const reference = fc.constantFrom(...bulkIds.map((bulkId) => `bulkId:${bulkId}`));
const memberValue = fc.oneof(
  { weight: 4, arbitrary: reference },
  { weight: 2, arbitrary: fc.constant(SEEDED) },
  { weight: 1, arbitrary: fc.constant('no-such-id') },
);
const name = fc.constantFrom('ann', 'bob', 'cy', 'dee', 'eve', 'fay', 'Ann');

const userData = fc.oneof(
  fc.record({ userName: name }),
  fc.record({
    schemas: fc.constant([URN.user, URN.enterpriseUser]),
    userName: name,
    [URN.enterpriseUser]: fc.record({ manager: fc.record({ value: memberValue }) }),
  }),
);
const groupData = fc.record({
  displayName: name,
  members: fc.array(fc.record({ value: memberValue }), { maxLength: 3 }),
});
const patchData = fc.record({
  Operations: fc.array(
    fc.oneof(
      fc.record({
        op: fc.constantFrom('add', 'Add', 'replace'),
        path: fc.constant('members'),
        value: fc.array(fc.record({ value: memberValue }), { maxLength: 2 }),
      }),
      fc.record({
        op: fc.constant('remove'),
        path: reference.map((value) => `members[value eq "${value}"]`),
      }),
      fc.record({
        op: fc.constantFrom('replace', 'add'),
        path: fc.constantFrom('displayName', 'nickName', 'members[', 'userName'),
        value: fc.oneof(name, fc.integer()),
      }),
    ),
    { maxLength: 3 },
  ),
});
const junk = fc.oneof(fc.constant(null), fc.string(), fc.integer(), fc.constant([]));

const target = fc.constantFrom(
  `/Users/${SEEDED}`,
  `/Groups/${SEEDED}`,
  '/Users/bulkId:a',
  '/Groups/bulkId:b',
  '/Groups/bulkId:c',
  '/Users/missing',
);
const version = fc.oneof(
  { weight: 4, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.constant('W/"stale"') },
);
const bulkId = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...bulkIds) },
  { weight: 1, arbitrary: fc.constant(null) },
);

/** Mostly well-formed operations (so references, cycles and conflicts happen), some anything. */
const operation = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      method: fc.constantFrom('POST', 'post'),
      bulkId,
      path: fc.constant('/Users'),
      data: userData,
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      method: fc.constantFrom('POST', 'Post'),
      bulkId,
      path: fc.constantFrom('/Groups', '/Groups', '/Group'),
      data: groupData,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ method: fc.constant('PATCH'), version, path: target, data: patchData }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      method: fc.constant('PUT'),
      version,
      path: target,
      data: fc.oneof(userData, groupData),
    }),
  },
  { weight: 2, arbitrary: fc.record({ method: fc.constant('DELETE'), version, path: target }) },
  {
    weight: 1,
    arbitrary: fc.record({
      method: fc.constantFrom('POST', 'PUT', 'PATCH', 'DELETE', 'GET'),
      bulkId: fc.oneof(fc.constantFrom(...bulkIds), fc.constant(null)),
      version,
      path: fc.oneof(target, fc.constantFrom('/Users', '/Groups', '', '/x/y/z')),
      data: fc.oneof(userData, groupData, patchData, fc.constant({}), junk),
    }),
  },
);

const request = fc.record({
  body: fc.oneof(
    {
      weight: 9,
      arbitrary: fc.record({
        schemas: fc.constant([URN.bulkRequest]),
        failOnErrors: fc.oneof(fc.constant(null), fc.integer({ min: 1, max: 3 })),
        Operations: fc.array(operation, { maxLength: 8 }),
      }),
    },
    { weight: 1, arbitrary: fc.oneof(junk, fc.record({ Operations: junk })) },
  ),
  prefer: fc.constantFrom('', 'return=representation', 'transaction=all-or-nothing'),
});

describe.each(testDatabaseNames)('random bulk requests over %s', (database) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(database);
  });
  afterAll(async () => {
    await t?.close();
  });

  let tenants = 0;

  async function ids(tenant: string, endpoint: string): Promise<string[]> {
    const response = await t.scim('GET', `${endpoint}?count=1000`, { tenant });
    expect(response.statusCode, response.body).toBe(200);
    const resources = (bodyOf(response)['Resources'] ?? []) as { id: string }[];
    return resources.map((resource) => resource.id).sort();
  }

  it('never answers 500, and leaves the store exactly as the response reports', async () => {
    await fc.assert(
      fc.asyncProperty(request, async ({ body, prefer }) => {
        tenants += 1;
        const tenant = `prop-${tenants}`;
        await t.store.createTenant(tenant, new Date().toISOString());
        const token = await t.token(tenant);
        const seed = async (endpoint: string, payload: unknown) => {
          const response = await t.scim('POST', endpoint, { body: payload, tenant, token });
          return (bodyOf(response) as { id: string }).id;
        };
        const seededUser = await seed('/Users', { userName: 'seeded' });
        const seededGroup = await seed('/Groups', { displayName: 'seeded' });
        const text = JSON.stringify(body)
          .replaceAll(`/Users/${SEEDED}`, `/Users/${seededUser}`)
          .replaceAll(`/Groups/${SEEDED}`, `/Groups/${seededGroup}`)
          .replaceAll(SEEDED, seededUser);

        const response = await t.scim('POST', '/Bulk', {
          body: text,
          tenant,
          token,
          headers: prefer === '' ? {} : { prefer },
        });
        expect([200, 400], response.body).toContain(response.statusCode);
        if (response.statusCode !== 200) {
          expect(await ids(tenant, '/Users')).toEqual([seededUser]);
          expect(await ids(tenant, '/Groups')).toEqual([seededGroup]);
          return;
        }
        const entries = bodyOf(response)['Operations'] as Entry[];
        expect(entries.filter((entry) => entry.status.startsWith('5'))).toEqual([]);
        const sent = (body as { Operations: unknown[] }).Operations;
        expect(entries.length).toBeLessThanOrEqual(sent.length);

        const base = `${PUBLIC_URL}${t.base(tenant)}`;
        const expected = { '/Users': new Set([seededUser]), '/Groups': new Set([seededGroup]) };
        const failed = entries.some((entry) => Number(entry.status) >= 400);
        if (prefer === 'transaction=all-or-nothing' && failed) {
          expect(entries.filter((entry) => Number(entry.status) < 400)).toEqual([]);
        } else {
          // Additions first: a DELETE earlier in the request may remove what a hoisted POST made.
          for (const status of ['201', '204']) {
            for (const entry of entries.filter((candidate) => candidate.status === status)) {
              const [endpoint, id = ''] = (entry.location ?? '')
                .slice(base.length)
                .split('/')
                .slice(1);
              const set = endpoint === 'Users' ? expected['/Users'] : expected['/Groups'];
              if (status === '201') set.add(id);
              else set.delete(id);
            }
          }
        }
        expect(await ids(tenant, '/Users')).toEqual([...expected['/Users']].sort());
        expect(await ids(tenant, '/Groups')).toEqual([...expected['/Groups']].sort());
      }),
      { numRuns: RUNS },
    );
  }, 120_000);
});
