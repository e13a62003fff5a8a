import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BULK_PREFERENCES_URN } from '../../src/http/routes/bulk-route.js';
import { URN } from '../../src/scim/urns.js';
import { testDatabaseNames } from '../support/databases.js';
import { createTestApp, PUBLIC_URL, type TestApp } from '../support/test-app.js';
import { bodyOf, errorBody, expectScimError, SCIM_JSON, WEAK_ETAG } from './scim-expectations.js';

const BASE_URL = `${PUBLIC_URL}/api/v1/tenants/acme/scim/v2`;

interface Entry {
  method: string;
  bulkId?: string;
  version?: string;
  location?: string;
  status: string;
  response?: Record<string, unknown>;
}

type Resource = { id: string; meta: { version: string } } & Record<string, unknown>;

const postUser = (bulkId: string, extra: Record<string, unknown> = {}) => ({
  method: 'POST',
  path: '/Users',
  bulkId,
  data: { schemas: [URN.user], userName: bulkId, ...extra },
});
const postGroup = (bulkId: string, members: string[] = []) => ({
  method: 'POST',
  path: '/Groups',
  bulkId,
  data: {
    schemas: [URN.group],
    displayName: bulkId,
    ...(members.length > 0 ? { members: members.map((value) => ({ value })) } : {}),
  },
});
const managedBy = (value: string) => ({
  schemas: [URN.user, URN.enterpriseUser],
  [URN.enterpriseUser]: { manager: { value } },
});

describe.each(testDatabaseNames)('/Bulk over %s', (database) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(database);
  });
  afterAll(async () => {
    await t?.close();
  });

  let counter = 0;
  /** A name no other test uses, so tests share one database without colliding. */
  const unique = (name: string) => `${name}-${(counter += 1)}`;

  const send = (body: unknown, options: Parameters<TestApp['scim']>[2] = {}) =>
    t.scim('POST', '/Bulk', { ...options, body });

  async function bulk(
    operations: unknown[],
    extra: Record<string, unknown> = {},
    headers: Record<string, string> = {},
  ): Promise<Entry[]> {
    const response = await send(
      { schemas: [URN.bulkRequest], Operations: operations, ...extra },
      {
        headers,
      },
    );
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toBe(SCIM_JSON);
    const body = bodyOf(response) as { schemas: string[]; Operations: Entry[] };
    expect(body.schemas).toEqual([URN.bulkResponse]);
    return body.Operations;
  }

  const idOf = (entry: Entry | undefined) => entry?.location?.split('/').pop() ?? '';
  const read = async (location: string | undefined) => {
    const path = (location ?? '').slice(BASE_URL.length);
    const response = await t.scim('GET', path);
    expect(response.statusCode, `${path}: ${response.body}`).toBe(200);
    return bodyOf(response) as Resource;
  };
  const find = async (endpoint: '/Users' | '/Groups', attribute: string, value: string) => {
    const filter = encodeURIComponent(`${attribute} eq "${value}"`);
    const response = await t.scim('GET', `${endpoint}?filter=${filter}`);
    expect(response.statusCode, response.body).toBe(200);
    return (bodyOf(response) as { Resources?: Resource[] }).Resources ?? [];
  };
  const createUser = async (userName: string, tenant = 'acme') => {
    const response = await t.scim('POST', '/Users', { body: { userName }, tenant });
    expect(response.statusCode, response.body).toBe(201);
    return bodyOf(response) as Resource;
  };
  const memberValues = (resource: Resource) =>
    ((resource['members'] as { value: string }[] | undefined) ?? []).map((m) => m.value).sort();
  const managerOf = (resource: Resource) =>
    (resource[URN.enterpriseUser] as { manager?: { value?: string } } | undefined)?.manager?.value;

  it('resolves a cross-reference: a group POST names a user POSTed earlier in the request', async () => {
    const user = unique('cross-user');
    const group = unique('cross-group');
    const entries = await bulk([postUser(user), postGroup(group, [`bulkId:${user}`])]);
    expect(entries).toEqual([
      {
        method: 'POST',
        bulkId: user,
        version: expect.stringMatching(WEAK_ETAG),
        location: expect.stringMatching(new RegExp(`^${BASE_URL}/Users/[^/]+$`)),
        status: '201',
      },
      {
        method: 'POST',
        bulkId: group,
        version: expect.stringMatching(WEAK_ETAG),
        location: expect.stringMatching(new RegExp(`^${BASE_URL}/Groups/[^/]+$`)),
        status: '201',
      },
    ]);
    const stored = await read(entries[1]?.location);
    expect(memberValues(stored)).toEqual([idOf(entries[0])]);
    expect(stored.meta.version).toBe(entries[1]?.version);
  });

  it('resolves a forward reference: the POST a group member names runs first, answers stay in request order', async () => {
    const user = unique('forward-user');
    const group = unique('forward-group');
    const entries = await bulk([
      postGroup(group, [`bulkId:${user}`]),
      {
        method: 'PATCH',
        path: `/Users/bulkId:${user}`,
        data: {
          schemas: [URN.patchOp],
          Operations: [{ op: 'replace', path: 'displayName', value: 'Forward' }],
        },
      },
      postUser(user),
    ]);
    expect(entries.map((e) => [e.method, e.bulkId, e.status])).toEqual([
      ['POST', group, '201'],
      ['PATCH', undefined, '200'],
      ['POST', user, '201'],
    ]);
    expect(entries[1]?.location).toBe(entries[2]?.location);
    expect(memberValues(await read(entries[0]?.location))).toEqual([idOf(entries[2])]);
    expect((await read(entries[2]?.location))['displayName']).toBe('Forward');
  });

  it('resolves circular group membership: A is a member of B and B of A, both created in one request', async () => {
    const a = unique('circle-a');
    const b = unique('circle-b');
    const entries = await bulk([postGroup(a, [`bulkId:${b}`]), postGroup(b, [`bulkId:${a}`])]);
    expect(entries.map((e) => e.status)).toEqual(['201', '201']);
    const [groupA, groupB] = [await read(entries[0]?.location), await read(entries[1]?.location)];
    expect(memberValues(groupA)).toEqual([groupB.id]);
    expect(memberValues(groupB)).toEqual([groupA.id]);
    expect(entries.map((e) => e.version)).toEqual([groupA.meta.version, groupB.meta.version]);
  });

  it('resolves a circular manager reference: each user is managed by the other, created later in the request', async () => {
    const first = unique('manager-a');
    const second = unique('manager-b');
    const entries = await bulk([
      postUser(first, managedBy(`bulkId:${second}`)),
      postUser(second, managedBy(`bulkId:${first}`)),
    ]);
    expect(entries.map((e) => e.status)).toEqual(['201', '201']);
    const [userA, userB] = [await read(entries[0]?.location), await read(entries[1]?.location)];
    expect(managerOf(userA)).toBe(userB.id);
    expect(managerOf(userB)).toBe(userA.id);
  });

  it('fails with 409 naming the bulkId when the POST it references failed, and links nothing', async () => {
    const user = unique('failed-user');
    const group = unique('failed-group');
    const entries = await bulk([
      { method: 'POST', path: '/Users', bulkId: user, data: { schemas: [URN.user] } },
      postGroup(group, [`bulkId:${user}`]),
    ]);
    expect(entries).toEqual([
      {
        method: 'POST',
        bulkId: user,
        status: '400',
        response: errorBody(400, expect.any(String)),
      },
      {
        method: 'POST',
        bulkId: group,
        status: '409',
        response: errorBody(409, undefined, expect.stringContaining(`"${user}"`)),
      },
    ]);
    expect(await find('/Groups', 'displayName', group)).toEqual([]);
  });

  it('fails both members of a reference cycle when one cannot be created, leaving neither behind', async () => {
    const taken = unique('cycle-taken');
    await bulk([postGroup(taken)]);
    const a = unique('cycle-ok');
    const entries = await bulk([
      postGroup(a, [`bulkId:${taken}-b`]),
      { ...postGroup(taken, [`bulkId:${a}`]), bulkId: `${taken}-b` },
    ]);
    expect(entries).toEqual([
      {
        method: 'POST',
        bulkId: a,
        status: '409',
        response: errorBody(409, undefined, expect.stringContaining('Operations[1]')),
      },
      {
        method: 'POST',
        bulkId: `${taken}-b`,
        status: '409',
        response: errorBody(409, 'uniqueness'),
      },
    ]);
    expect(await find('/Groups', 'displayName', a)).toEqual([]);
    expect(await find('/Groups', 'displayName', taken)).toHaveLength(1);
  });

  it('fails with 409 naming the bulkId when no operation defines it', async () => {
    const group = unique('undefined-ref');
    const entries = await bulk([postGroup(group, ['bulkId:nobody'])]);
    expect(entries).toEqual([
      {
        method: 'POST',
        bulkId: group,
        status: '409',
        response: errorBody(409, undefined, expect.stringContaining('"nobody"')),
      },
    ]);
    expect(await find('/Groups', 'displayName', group)).toEqual([]);
  });

  it('stops after failOnErrors failures and lists exactly the operations processed', async () => {
    const before = unique('foe-before');
    const after = unique('foe-after');
    const entries = await bulk(
      [
        postUser(before),
        { method: 'DELETE', path: '/Users/no-such-user' },
        { method: 'DELETE', path: '/Users/no-such-user-either' },
        postUser(after),
      ],
      { failOnErrors: 2 },
    );
    expect(entries.map((e) => [e.method, e.status])).toEqual([
      ['POST', '201'],
      ['DELETE', '404'],
      ['DELETE', '404'],
    ]);
    expect(await find('/Users', 'userName', before)).toHaveLength(1);
    expect(await find('/Users', 'userName', after)).toEqual([]);
  });

  it('lists a POST that ran early for a forward reference when failOnErrors stops before its place', async () => {
    const taken = unique('foe-taken');
    await bulk([postGroup(taken)]);
    const [early, never] = [unique('foe-early'), unique('foe-never')];
    const entries = await bulk(
      [{ ...postGroup(taken, [`bulkId:${early}`]), bulkId: 'g' }, postUser(early), postUser(never)],
      { failOnErrors: 1 },
    );
    expect(entries.map((e) => [e.bulkId, e.status])).toEqual([
      ['g', '409'],
      [early, '201'],
    ]);
    expect(await find('/Users', 'userName', early)).toHaveLength(1);
    expect(await find('/Users', 'userName', never)).toEqual([]);
  });

  it('processes every operation when failOnErrors is null', async () => {
    const entries = await bulk(
      [
        { method: 'DELETE', path: '/Users/missing-1' },
        { method: 'DELETE', path: '/Users/missing-2' },
      ],
      { failOnErrors: null },
    );
    expect(entries.map((e) => e.status)).toEqual(['404', '404']);
  });

  it('answers 412 for an operation whose version does not match, and applies one that does', async () => {
    const user = await createUser(unique('versioned'));
    const entries = await bulk([
      {
        method: 'PUT',
        path: `/Users/${user.id}`,
        version: 'W/"stale"',
        data: { userName: String(user['userName']), displayName: 'Stale' },
      },
      {
        method: 'PUT',
        path: `/Users/${user.id}`,
        version: user.meta.version,
        data: { userName: String(user['userName']), displayName: 'Fresh' },
      },
      { method: 'DELETE', path: `/Users/${user.id}`, version: 'W/"stale"' },
    ]);
    expect(entries).toEqual([
      {
        method: 'PUT',
        location: `${BASE_URL}/Users/${user.id}`,
        status: '412',
        response: errorBody(412),
      },
      {
        method: 'PUT',
        location: `${BASE_URL}/Users/${user.id}`,
        version: expect.stringMatching(WEAK_ETAG),
        status: '200',
      },
      {
        method: 'DELETE',
        location: `${BASE_URL}/Users/${user.id}`,
        status: '412',
        response: errorBody(412),
      },
    ]);
    expect((await read(`${BASE_URL}/Users/${user.id}`))['displayName']).toBe('Fresh');
  });

  describe('with small limits', () => {
    let small: TestApp;
    beforeAll(async () => {
      small = await createTestApp(database, {
        ROSTER_BULK_MAX_OPERATIONS: '3',
        ROSTER_BULK_MAX_PAYLOAD_SIZE: '2048',
      });
    });
    afterAll(async () => {
      await small?.close();
    });
    const users = async () => bodyOf(await small.scim('GET', '/Users'))['totalResults'] as number;

    it('answers 413 naming maxOperations and the count, and runs nothing', async () => {
      const response = await small.scim('POST', '/Bulk', {
        body: {
          schemas: [URN.bulkRequest],
          Operations: ['a', 'b', 'c', 'd'].map((name) => postUser(name)),
        },
      });
      expectScimError(response, 413, undefined, expect.stringMatching(/maxOperations is 3.*4/));
      expect(await users()).toBe(0);
    });

    it('answers 413 naming maxPayloadSize and the limit, and runs nothing', async () => {
      const response = await small.scim('POST', '/Bulk', {
        body: {
          schemas: [URN.bulkRequest],
          Operations: [postUser('big', { displayName: 'x'.repeat(3000) })],
        },
      });
      expectScimError(response, 413, undefined, expect.stringMatching(/maxPayloadSize.*2048/));
      expect(await users()).toBe(0);
    });

    it('advertises the configured limits in ServiceProviderConfig', async () => {
      const config = bodyOf(await small.scim('GET', '/ServiceProviderConfig'));
      expect(config['bulk']).toEqual({
        supported: true,
        maxOperations: 3,
        maxPayloadSize: 2048,
      });
    });
  });

  it('advertises both Prefer options in the ServiceProviderConfig extension', async () => {
    const config = bodyOf(await t.scim('GET', '/ServiceProviderConfig'));
    expect(config['schemas']).toEqual([URN.serviceProviderConfig, BULK_PREFERENCES_URN]);
    expect(config[BULK_PREFERENCES_URN]).toEqual({
      returnRepresentation: { supported: true, prefer: 'return=representation' },
      allOrNothing: { supported: true, prefer: 'transaction=all-or-nothing' },
    });
  });

  describe('with per-tenant limits', () => {
    let small: TestApp;
    beforeAll(async () => {
      small = await createTestApp(database, {
        ROSTER_BULK_MAX_OPERATIONS: '3',
        ROSTER_BULK_MAX_PAYLOAD_SIZE: '2048',
      });
      await small.store.setTenantSettings('acme', {
        bulkMaxOperations: 5,
        bulkMaxPayloadSize: 8192,
      });
      await small.store.setTenantSettings('globex', {
        bulkMaxOperations: 1,
        bulkMaxPayloadSize: null,
      });
    });
    afterAll(async () => {
      await small?.close();
    });
    const post = (tenant: string, operations: unknown[]) =>
      small.scim('POST', '/Bulk', { tenant, body: { Operations: operations } });

    it("advertises each tenant's own limits in its ServiceProviderConfig", async () => {
      const bulkOf = async (tenant: string) =>
        bodyOf(await small.scim('GET', '/ServiceProviderConfig', { tenant }))['bulk'];
      expect(await bulkOf('acme')).toEqual({
        supported: true,
        maxOperations: 5,
        maxPayloadSize: 8192,
      });
      expect(await bulkOf('globex')).toEqual({
        supported: true,
        maxOperations: 1,
        maxPayloadSize: 2048,
      });
    });

    it("lets a tenant's override raise the deployment's limits", async () => {
      const names = ['r1', 'r2', 'r3', 'r4'];
      const response = await post(
        'acme',
        names.map((name) => postUser(name, { displayName: 'x'.repeat(800) })),
      );
      expect(response.statusCode, response.body).toBe(200);
      expect((bodyOf(response)['Operations'] as Entry[]).map((e) => e.status)).toEqual(
        names.map(() => '201'),
      );
    });

    it("answers 413 at a tenant's lowered maxOperations and leaves other tenants alone", async () => {
      const response = await post('globex', [postUser('g1'), postUser('g2')]);
      expectScimError(response, 413, undefined, expect.stringMatching(/maxOperations is 1.*2/));
      expect(bodyOf(await small.scim('GET', '/Users', { tenant: 'globex' }))['totalResults']).toBe(
        0,
      );
    });

    it("answers 413 for a streamed body over the tenant's maxPayloadSize without a Content-Length", async () => {
      const text = JSON.stringify({
        Operations: [postUser('streamed', { displayName: 'x'.repeat(9000) })],
      });
      const response = await small.app.inject({
        method: 'POST',
        url: `${small.base('acme')}/Bulk`,
        headers: {
          authorization: `Bearer ${await small.token('acme')}`,
          'content-type': 'application/scim+json',
        },
        payload: Readable.from([text.slice(0, 4000), text.slice(4000)]),
      });
      expectScimError(response, 413, undefined, expect.stringMatching(/maxPayloadSize.*8192/));
      const found = await small.scim('GET', '/Users?filter=userName%20eq%20%22streamed%22');
      expect(bodyOf(found)['totalResults']).toBe(0);
    });
  });

  it('accepts a bulkId repeated by two POSTs while nothing references it', async () => {
    const [a, b] = [unique('twice-a'), unique('twice-b')];
    const entries = await bulk([
      { ...postGroup(a), bulkId: 'twice' },
      { ...postGroup(b), bulkId: 'twice' },
    ]);
    expect(entries.map((e) => [e.bulkId, e.status])).toEqual([
      ['twice', '201'],
      ['twice', '201'],
    ]);
  });

  it('fails with 409 naming the ambiguity an operation that references a repeated bulkId', async () => {
    const [a, b, c] = [unique('ambiguous-a'), unique('ambiguous-b'), unique('ambiguous-c')];
    const entries = await bulk([
      { ...postUser(a), bulkId: 'again' },
      { ...postUser(b), bulkId: 'again' },
      postGroup(c, ['bulkId:again']),
    ]);
    expect(entries.map((e) => e.status)).toEqual(['201', '201', '409']);
    expect(entries[2]?.response).toEqual(
      errorBody(409, undefined, expect.stringMatching(/"again".*ambiguous/)),
    );
    expect(await find('/Groups', 'displayName', c)).toEqual([]);
  });

  it('answers 403 for a token of another tenant', async () => {
    const response = await send(
      { Operations: [postUser(unique('intruder'))] },
      { token: await t.token('globex') },
    );
    expectScimError(response, 403);
  });

  it('answers 404 per operation for ids of another tenant, and leaves them untouched', async () => {
    const outsider = await createUser(unique('globex-user'), 'globex');
    const entries = await bulk([
      { method: 'PUT', path: `/Users/${outsider.id}`, data: { userName: 'taken-over' } },
      { method: 'DELETE', path: `/Users/${outsider.id}` },
      postGroup(unique('poach'), [outsider.id]),
    ]);
    expect(entries.map((e) => e.status)).toEqual(['404', '404', '400']);
    const still = await t.scim('GET', `/Users/${outsider.id}`, { tenant: 'globex' });
    expect(bodyOf(still)['userName']).toBe(outsider['userName']);
  });

  it('answers 403 to a token with only scim:read, running nothing', async () => {
    const name = unique('read-only');
    const response = await send(
      { Operations: [postUser(name)] },
      { token: await t.token('acme', ['scim:read']) },
    );
    expectScimError(response, 403, undefined, expect.stringContaining('scim:write'));
    expect(await find('/Users', 'userName', name)).toEqual([]);
  });

  it('rolls back every operation under Prefer transaction=all-or-nothing and reports 424, never 201', async () => {
    const user = unique('aon-user');
    const existing = await createUser(unique('aon-existing'));
    const entries = await bulk(
      [
        postUser(user),
        {
          method: 'PATCH',
          path: `/Users/${existing.id}`,
          data: { Operations: [{ op: 'replace', path: 'displayName', value: 'Changed' }] },
        },
        { method: 'DELETE', path: '/Users/does-not-exist' },
      ],
      {},
      { prefer: 'transaction=all-or-nothing' },
    );
    expect(entries).toEqual([
      { method: 'POST', bulkId: user, status: '424', response: errorBody(424) },
      {
        method: 'PATCH',
        location: `${BASE_URL}/Users/${existing.id}`,
        status: '424',
        response: errorBody(424),
      },
      {
        method: 'DELETE',
        location: `${BASE_URL}/Users/does-not-exist`,
        status: '404',
        response: errorBody(404),
      },
    ]);
    expect(await find('/Users', 'userName', user)).toEqual([]);
    const unchanged = await read(`${BASE_URL}/Users/${existing.id}`);
    expect(unchanged).toEqual(existing);
  });

  it('names the resource a failed bulkId: path addressed, unless all-or-nothing rolled it back', async () => {
    const createThenBreak = (user: string) => [
      postUser(user),
      {
        method: 'PATCH',
        path: `/Users/bulkId:${user}`,
        data: { Operations: [{ op: 'replace', path: 'active', value: 'not a boolean' }] },
      },
    ];
    const kept = await bulk(createThenBreak(unique('located')));
    expect(kept.map((e) => e.status)).toEqual(['201', '400']);
    expect(kept[1]?.location).toBe(kept[0]?.location);

    const user = unique('located');
    const rolledBack = await bulk(
      createThenBreak(user),
      {},
      { prefer: 'transaction=all-or-nothing' },
    );
    expect(rolledBack.map((e) => [e.status, e.location])).toEqual([
      ['424', undefined],
      ['400', undefined],
    ]);
    expect(await find('/Users', 'userName', user)).toEqual([]);
  });

  it('commits everything under Prefer transaction=all-or-nothing when nothing fails', async () => {
    const user = unique('aon-ok');
    const entries = await bulk([postUser(user)], {}, { prefer: 'transaction=all-or-nothing' });
    expect(entries.map((e) => e.status)).toEqual(['201']);
    expect(await find('/Users', 'userName', user)).toHaveLength(1);
  });

  it('keeps the successes of a failing request without all-or-nothing: each failure leaves no trace', async () => {
    const user = unique('partial-ok');
    const entries = await bulk([
      postUser(user),
      postUser(unique('partial-bad'), { emails: 'not-a-list' }),
    ]);
    expect(entries.map((e) => e.status)).toEqual(['201', '400']);
    expect(await find('/Users', 'userName', user)).toHaveLength(1);
  });

  it('returns the created and modified resources under Prefer return=representation', async () => {
    const user = unique('representation');
    const entries = await bulk(
      [
        postUser(user),
        {
          method: 'PATCH',
          path: `/Users/bulkId:${user}`,
          data: { Operations: [{ op: 'add', path: 'nickName', value: 'Rep' }] },
        },
        { method: 'DELETE', path: `/Users/bulkId:${user}` },
      ],
      {},
      { prefer: 'return=representation' },
    );
    const created = entries[0]?.response as Resource;
    expect(created).toEqual(
      expect.objectContaining({
        schemas: [URN.user],
        id: idOf(entries[0]),
        userName: user,
        meta: expect.objectContaining({ location: entries[0]?.location }),
      }),
    );
    expect(entries[1]?.response).toEqual(
      expect.objectContaining({ id: created.id, nickName: 'Rep' }),
    );
    expect(entries[2]).toEqual({
      method: 'DELETE',
      location: entries[0]?.location,
      status: '204',
    });
  });

  it('returns no resource in a success entry by default', async () => {
    const entries = await bulk([postUser(unique('minimal'))]);
    expect(entries[0]).not.toHaveProperty('response');
  });

  it('accepts methods in any case and answers them upper-case', async () => {
    const user = unique('any-case');
    const entries = await bulk([
      { ...postUser(user), method: 'post' },
      {
        method: 'Patch',
        path: `/Users/bulkId:${user}`,
        data: { Operations: [{ op: 'add', path: 'nickName', value: 'Case' }] },
      },
      { method: 'delete', path: `/Users/bulkId:${user}` },
    ]);
    expect(entries.map((e) => [e.method, e.status])).toEqual([
      ['POST', '201'],
      ['PATCH', '200'],
      ['DELETE', '204'],
    ]);
    expect(await find('/Users', 'userName', user)).toEqual([]);
  });

  it('accepts the Operations member spelt operations, as the WSO2 text writes it', async () => {
    const user = unique('lower-key');
    const response = await send({ schemas: [URN.bulkRequest], operations: [postUser(user)] });
    expect(response.statusCode, response.body).toBe(200);
    expect((bodyOf(response)['Operations'] as Entry[]).map((e) => e.status)).toEqual(['201']);
  });

  it('defaults schemas when the request omits them', async () => {
    const response = await send({ Operations: [postUser(unique('no-schemas'))] });
    expect(response.statusCode, response.body).toBe(200);
  });

  it('fails an operation on the path /Group with 400 and a hint to /Groups', async () => {
    const entries = await bulk([{ ...postGroup(unique('hint')), path: '/Group' }]);
    expect(entries).toEqual([
      {
        method: 'POST',
        bulkId: expect.any(String),
        status: '400',
        response: errorBody(400, 'invalidValue', expect.stringContaining('did you mean /Groups?')),
      },
    ]);
  });

  it('fails a POST without bulkId with 400 saying a bulkId is required', async () => {
    const { bulkId: _unused, ...withoutBulkId } = postUser(unique('no-bulk-id'));
    const entries = await bulk([withoutBulkId]);
    expect(entries).toEqual([
      {
        method: 'POST',
        status: '400',
        response: errorBody(400, expect.any(String), expect.stringContaining('bulkId')),
      },
    ]);
  });

  it('fails a bulkId: path on the wrong endpoint with 400 naming the endpoint its POST uses', async () => {
    const group = unique('wrong-endpoint');
    const entries = await bulk([
      postGroup(group),
      {
        method: 'PATCH',
        path: `/Users/bulkId:${group}`,
        data: { Operations: [{ op: 'add', path: 'nickName', value: 'x' }] },
      },
    ]);
    expect(entries[1]).toEqual({
      method: 'PATCH',
      status: '400',
      response: errorBody(400, 'invalidValue', expect.stringContaining('creates at /Groups')),
    });
  });

  it('fails a PUT whose path has no id with 400 saying why', async () => {
    const entries = await bulk([{ method: 'PUT', path: '/Users', data: { userName: 'x' } }]);
    expect(entries[0]).toEqual({
      method: 'PUT',
      status: '400',
      response: errorBody(400, expect.any(String), expect.stringContaining('/Users/{id}')),
    });
  });

  it.each([
    [
      'a method Roster does not know',
      { Operations: [{ method: 'GET', path: '/Users' }] },
      'method',
    ],
    ['Operations missing', { schemas: [URN.bulkRequest] }, 'Operations'],
    ['failOnErrors not an integer', { failOnErrors: 'one', Operations: [] }, 'failOnErrors'],
    ['bulkId not a string', { Operations: [{ ...postUser('n'), bulkId: 7 }] }, 'bulkId'],
    ['data not an object', { Operations: [{ ...postUser('n'), data: [] }] }, 'data'],
  ])('answers 400 invalidSyntax naming the field for %s', async (_case, body, field) => {
    expectScimError(await send(body), 400, 'invalidSyntax', expect.stringContaining(field));
  });

  it('answers 400 invalidSyntax for a body that is not JSON', async () => {
    expectScimError(await send('{"Operations": [,]}'), 400, 'invalidSyntax');
  });

  it('answers ids through PATCH filter paths that reference a bulkId', async () => {
    const [user, group] = [unique('filter-user'), unique('filter-group')];
    const entries = await bulk([
      postUser(user),
      postGroup(group, [`bulkId:${user}`]),
      {
        method: 'PATCH',
        path: `/Groups/bulkId:${group}`,
        data: { Operations: [{ op: 'remove', path: `members[value eq "bulkId:${user}"]` }] },
      },
    ]);
    expect(entries.map((e) => e.status)).toEqual(['201', '201', '200']);
    expect(memberValues(await read(entries[1]?.location))).toEqual([]);
    expect(entries[2]?.location).toBe(entries[1]?.location);
  });
});
