import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TenantContext } from '../../src/provisioning/context.js';
import { StoreError, type TenantStore } from '../../src/provisioning/ports.js';
import { createResource } from '../../src/provisioning/resources.js';
import { runBulk, type RunBulkOptions } from '../../src/provisioning/run-bulk.js';
import { parseBulkRequest, type BulkResponse } from '../../src/scim/bulk/index.js';
import { URN } from '../../src/scim/urns.js';
import { createTestDatabase, testDatabaseNames, type TestDatabase } from '../support/databases.js';
import {
  createBulkTenant,
  defaults,
  fixture,
  limits,
  memberIds,
  statuses,
} from './bulk-test-support.js';

const user = (bulkId: string, extra: Record<string, unknown> = {}) => ({
  method: 'POST',
  path: '/Users',
  bulkId,
  data: { schemas: [URN.user], userName: bulkId, ...extra },
});
const group = (bulkId: string, ...members: string[]) => ({
  method: 'POST',
  path: '/Groups',
  bulkId,
  data: {
    schemas: [URN.group],
    displayName: bulkId,
    members: members.map((member) => ({
      value: member.startsWith('id:') ? member.slice(3) : `bulkId:${member}`,
    })),
  },
});
const managedBy = (bulkId: string) => ({
  schemas: [URN.user, URN.enterpriseUser],
  [URN.enterpriseUser]: { manager: { value: `bulkId:${bulkId}` } },
});

/**
 * Wraps a tenant store, and the stores its transactions hand out, so that `replace` decides what
 * each method call does: the call itself, or something else in its place.
 */
function intercepting(
  replace: (
    property: string | symbol,
    call: (...args: unknown[]) => unknown,
  ) => (...args: unknown[]) => unknown,
): (store: TenantStore) => TenantStore {
  const wrap = (store: TenantStore): TenantStore =>
    new Proxy(store, {
      get(target, property) {
        const value: unknown = Reflect.get(target, property, target);
        if (typeof value !== 'function') return value;
        if (property === 'transaction') {
          return <T>(work: (inner: TenantStore) => Promise<T>) =>
            target.transaction((inner) => work(wrap(inner)));
        }
        return replace(property, (value as (...args: unknown[]) => unknown).bind(target));
      },
    });
  return wrap;
}

describe.each(testDatabaseNames)('runBulk on %s', (databaseName) => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase(databaseName);
  });
  afterAll(async () => {
    await database.drop();
  });

  const tenant = () => createBulkTenant(database.store);

  async function bulk(
    ctx: TenantContext,
    operations: unknown[],
    extra: Record<string, unknown> = {},
    options: Partial<RunBulkOptions> = {},
  ): Promise<BulkResponse> {
    const request = parseBulkRequest(
      { schemas: [URN.bulkRequest], Operations: operations, ...extra },
      limits,
    );
    return runBulk(ctx, request, { ...defaults, ...options });
  }

  const idOf = (response: BulkResponse, index: number) =>
    response.Operations[index]?.location?.split('/').pop() ?? '';
  const count = async (ctx: TenantContext, resourceType: 'User' | 'Group') =>
    (await ctx.store.list({ resourceType, startIndex: 1, count: 100 })).totalResults;
  const detailOf = (response: BulkResponse, index: number) =>
    (response.Operations[index]?.response as { detail?: string } | undefined)?.detail;

  it('creates the users of the WSO2 add-users example with 201, location and version', async () => {
    const ctx = await tenant();
    const request = parseBulkRequest(fixture('wso2-add-users.json'), limits);
    const response = await runBulk(ctx, request, defaults);
    expect(response.schemas).toEqual([URN.bulkResponse]);
    expect(response.Operations).toEqual([
      {
        method: 'POST',
        bulkId: 'qwerty',
        status: '201',
        location: expect.stringMatching(`^${ctx.baseUrl}/Users/`),
        version: expect.any(String),
      },
      {
        method: 'POST',
        bulkId: 'ytrewq',
        status: '201',
        location: expect.stringMatching(`^${ctx.baseUrl}/Users/`),
        version: expect.any(String),
      },
    ]);
    expect(await count(ctx, 'User')).toBe(2);
  });

  it('resolves a forward reference by creating the later POST first, answering in request order', async () => {
    const ctx = await tenant();
    const response = await bulk(ctx, [group('g', 'u'), user('u')]);
    expect(response.Operations.map((entry) => [entry.bulkId, entry.status])).toEqual([
      ['g', '201'],
      ['u', '201'],
    ]);
    expect(await memberIds(ctx, idOf(response, 0))).toEqual([idOf(response, 1)]);
  });

  it('creates two groups that are members of each other', async () => {
    const ctx = await tenant();
    const response = await bulk(
      ctx,
      [group('a', 'b'), group('b', 'a')],
      {},
      { returnResources: true },
    );
    expect(statuses(response)).toEqual(['201', '201']);
    const [a, b] = [idOf(response, 0), idOf(response, 1)];
    expect(await memberIds(ctx, a)).toEqual([b]);
    expect(await memberIds(ctx, b)).toEqual([a]);
    const stored = await ctx.store.getResource('Group', a);
    expect(response.Operations[0]?.version).toBe(stored?.version);
    expect(response.Operations[0]?.response).toMatchObject({ id: a, members: [{ value: b }] });
  });

  it('creates a user and a manager that reference each other', async () => {
    const ctx = await tenant();
    const response = await bulk(ctx, [user('u', managedBy('m')), user('m', managedBy('u'))]);
    expect(statuses(response)).toEqual(['201', '201']);
    const stored = await ctx.store.getResource('User', idOf(response, 0));
    expect(stored?.attributes[URN.enterpriseUser]).toMatchObject({
      manager: { value: idOf(response, 1) },
    });
  });

  it('returns 409 naming the bulkId when the referenced POST failed', async () => {
    const ctx = await tenant();
    const response = await bulk(ctx, [
      { method: 'POST', path: '/Users', bulkId: 'bad', data: { schemas: [URN.user] } },
      group('g', 'bad'),
    ]);
    expect(statuses(response)).toEqual(['400', '409']);
    expect(detailOf(response, 1)).toBe(
      'Operations[1] references bulkId "bad", but its POST (Operations[0]) failed',
    );
    expect(await count(ctx, 'Group')).toBe(0);
  });

  it('rolls back a whole reference cycle when one member fails', async () => {
    const ctx = await tenant();
    const broken = {
      ...group('b', 'a'),
      data: { schemas: [URN.group], members: [{ value: 'bulkId:a' }] },
    };
    const response = await bulk(ctx, [group('a', 'b'), broken]);
    expect(statuses(response)).toEqual(['409', '400']);
    expect(detailOf(response, 0)).toContain('reference cycle with Operations[1], which failed');
    expect(await count(ctx, 'Group')).toBe(0);
  });

  it('stops after failOnErrors failures and lists only the operations processed', async () => {
    const ctx = await tenant();
    const response = await bulk(
      ctx,
      [
        user('a'),
        { method: 'DELETE', path: '/Users/missing' },
        user('b'),
        { method: 'DELETE', path: '/Users/gone' },
        user('c'),
      ],
      { failOnErrors: 2 },
    );
    expect(response.Operations.map((entry) => [entry.method, entry.status])).toEqual([
      ['POST', '201'],
      ['DELETE', '404'],
      ['POST', '201'],
      ['DELETE', '404'],
    ]);
    expect(response.Operations[1]?.location).toBe(`${ctx.baseUrl}/Users/missing`);
    expect(await count(ctx, 'User')).toBe(2);
  });

  describe('runs of plain POSTs, which are written together', () => {
    const userNamesOf = async (ctx: TenantContext, response: BulkResponse) =>
      Promise.all(
        response.Operations.map(async (entry) => {
          const id = entry.location?.split('/').pop() ?? '';
          return (await ctx.store.getResource('User', id))?.attributes['userName'];
        }),
      );

    it('answers a taken userName and an invalid user as if run one by one', async () => {
      const ctx = await tenant();
      await createResource(ctx, 'User', { schemas: [URN.user], userName: 'stored' });
      const response = await bulk(ctx, [
        user('a'),
        user('b'),
        user('c', { userName: 'A' }),
        user('d', { userName: 7 }),
        user('e', { userName: 'STORED' }),
        user('f'),
        user('g'),
      ]);
      expect(statuses(response)).toEqual(['201', '201', '409', '400', '409', '201', '201']);
      expect(detailOf(response, 2)).toContain('"A" is already taken');
      expect(await userNamesOf(ctx, response)).toEqual([
        'a',
        'b',
        undefined,
        undefined,
        undefined,
        'f',
        'g',
      ]);
      expect(await count(ctx, 'User')).toBe(5);
    });

    it('stops at failOnErrors inside a run, writing nothing after it', async () => {
      const ctx = await tenant();
      const response = await bulk(
        ctx,
        [user('a'), user('b'), user('c', { userName: 'a' }), user('d'), user('e')],
        { failOnErrors: 1 },
      );
      expect(statuses(response)).toEqual(['201', '201', '409']);
      expect(await count(ctx, 'User')).toBe(2);
    });

    it('creates 900 users and resolves a later reference to each end of the run', async () => {
      const ctx = await tenant();
      const users = Array.from({ length: 900 }, (_, i) => user(`u${i}`));
      const response = await bulk(ctx, [...users, group('g', 'u0', 'u899')], {}, {});
      expect(new Set(statuses(response))).toEqual(new Set(['201']));
      const names = await userNamesOf(ctx, {
        ...response,
        Operations: response.Operations.slice(0, 900),
      });
      expect(names).toEqual(users.map((_, i) => `u${i}`));
      expect(await memberIds(ctx, idOf(response, 900))).toEqual(
        [idOf(response, 0), idOf(response, 899)].sort(),
      );
    });

    it('writes a run of plain POSTs with one store call per batch, not one insert each', async () => {
      const ctx = await tenant();
      const calls: string[] = [];
      const spy = intercepting((property, call) => {
        if (property === 'insertResource' || property === 'insertResources') calls.push(property);
        return call;
      });
      const response = await bulk({ ...ctx, store: spy(ctx.store) }, [
        ...Array.from({ length: 600 }, (_, i) => user(`u${i}`)),
        group('g', 'u0'),
      ]);
      expect(statuses(response).filter((status) => status === '201')).toHaveLength(601);
      // 600 users in batches of 200; the group names a member, so it is written alone.
      expect(calls).toEqual([
        'insertResources',
        'insertResources',
        'insertResources',
        'insertResource',
      ]);
    });

    it('ends the request when the database cannot take a batch, keeping nothing of it', async () => {
      const ctx = await tenant();
      const unavailable = new StoreError({ kind: 'unavailable', cause: new Error('disk full') });
      const failing = intercepting((property, call) =>
        property === 'insertResources' ? () => Promise.reject(unavailable) : call,
      );
      await expect(
        bulk({ ...ctx, store: failing(ctx.store) }, [user('a'), user('b'), user('c')]),
      ).rejects.toBe(unavailable);
      expect(await count(ctx, 'User')).toBe(0);
    });

    it('returns each created user when asked, with its own id and meta', async () => {
      const ctx = await tenant();
      const response = await bulk(
        ctx,
        [user('a'), user('b'), user('c')],
        {},
        {
          returnResources: true,
        },
      );
      response.Operations.forEach((entry, i) => {
        const resource = entry.response as Record<string, unknown> & { meta: { version: string } };
        expect(resource['id']).toBe(idOf(response, i));
        expect(resource['userName']).toBe(['a', 'b', 'c'][i]);
        expect(resource.meta.version).toBe(entry.version);
      });
    });

    it('rolls a written run back with 424s when the request is all or nothing', async () => {
      const ctx = await tenant();
      const response = await bulk(
        ctx,
        [user('a'), user('b'), user('c'), user('d', { userName: 7 })],
        {},
        { allOrNothing: true },
      );
      expect(statuses(response)).toEqual(['424', '424', '424', '400']);
      expect(await count(ctx, 'User')).toBe(0);
    });
  });

  it('treats version as If-Match and returns 412 when it does not match', async () => {
    const ctx = await tenant();
    const existing = await createResource(ctx, 'User', { schemas: [URN.user], userName: 'kim' });
    const id = String(existing.resource['id']);
    const put = (version: string) => ({
      method: 'PUT',
      path: `/Users/${id}`,
      version,
      data: { schemas: [URN.user], userName: 'kim2' },
    });
    const response = await bulk(ctx, [put('W/"stale"'), put(existing.version)]);
    expect(statuses(response)).toEqual(['412', '200']);
  });

  it('reports every success as rolled back with 424 when the request is all or nothing', async () => {
    const ctx = await tenant();
    const response = await bulk(
      ctx,
      [user('a'), user('b', { userName: 7 })],
      {},
      { allOrNothing: true },
    );
    expect(statuses(response)).toEqual(['424', '400']);
    expect(response.Operations[0]).toEqual({
      method: 'POST',
      bulkId: 'a',
      status: '424',
      response: {
        schemas: [URN.error],
        status: '424',
        detail:
          'Operations[0] was rolled back because Operations[1] failed and the request is all or nothing',
      },
    });
    expect(await count(ctx, 'User')).toBe(0);
  });

  it('substitutes bulkIds in PATCH paths, PATCH values and operation paths', async () => {
    const ctx = await tenant();
    const response = await bulk(ctx, [
      user('u'),
      user('v'),
      group('g', 'u'),
      {
        method: 'PATCH',
        path: '/Groups/bulkId:g',
        data: {
          Operations: [
            { op: 'add', path: 'members', value: [{ value: 'bulkId:v' }] },
            { op: 'remove', path: 'members[value eq "bulkId:u"]' },
          ],
        },
      },
      { method: 'DELETE', path: '/Users/bulkId:u' },
    ]);
    expect(statuses(response)).toEqual(['201', '201', '201', '200', '204']);
    expect(await memberIds(ctx, idOf(response, 2))).toEqual([idOf(response, 1)]);
    expect(response.Operations[4]?.location).toBe(response.Operations[0]?.location);
    expect(await ctx.store.getResource('User', idOf(response, 0))).toBeUndefined();
  });

  it('reports planning errors with their status without running the operation', async () => {
    const ctx = await tenant();
    const response = await bulk(ctx, [{ ...group('g'), path: '/Group' }, group('h', 'nobody')]);
    expect(statuses(response)).toEqual(['400', '409']);
    expect(detailOf(response, 0)).toContain('did you mean /Groups?');
    expect(await count(ctx, 'Group')).toBe(0);
  });

  it('fails a group that references itself, leaving no trace', async () => {
    const ctx = await tenant();
    const response = await bulk(ctx, [group('self', 'self')]);
    expect(statuses(response)).toEqual(['400']);
    expect(await count(ctx, 'Group')).toBe(0);
  });

  it('runs beforeCommit inside the request transaction with the final answer', async () => {
    const ctx = await tenant();
    let seen: { response: BulkResponse; users: number } | undefined;
    const response = await bulk(
      ctx,
      [user('b1'), user('b2')],
      {},
      {
        beforeCommit: async (answer, store) => {
          // The transaction-bound store already sees the request's writes.
          const users = (await store.list({ resourceType: 'User', startIndex: 1, count: 10 }))
            .totalResults;
          seen = { response: answer, users };
        },
      },
    );
    expect(seen?.response).toBe(response);
    expect(seen?.users).toBe(2);
    expect(statuses(response)).toEqual(['201', '201']);
  });

  it('commits nothing when beforeCommit fails', async () => {
    const ctx = await tenant();
    const failing = bulk(
      ctx,
      [user('c1'), user('c2')],
      {},
      {
        beforeCommit: () => Promise.reject(new Error('activity could not be written')),
      },
    );
    await expect(failing).rejects.toThrow('activity could not be written');
    expect(await count(ctx, 'User')).toBe(0);
  });

  it('skips beforeCommit for an all-or-nothing request that rolls back', async () => {
    const ctx = await tenant();
    let called = false;
    const response = await bulk(
      ctx,
      [user('d1'), user('d1')],
      {},
      {
        allOrNothing: true,
        beforeCommit: async () => {
          called = true;
        },
      },
    );
    expect(statuses(response)).toEqual(['424', '409']);
    expect(called).toBe(false);
    expect(await count(ctx, 'User')).toBe(0);
  });
});
