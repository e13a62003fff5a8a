import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreError, type TenantStore } from '../../../src/provisioning/ports.js';
import { URN } from '../../../src/scim/urns.js';
import { testDatabaseNames } from '../../support/databases.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';
import { bodyOf, expectScimError } from '../scim-expectations.js';

interface ActivityView {
  time: string;
  clientId: string | null;
  tokenId: string | null;
  requestId: string;
  method: string;
  resourceType: string;
  resourceId: string | null;
  status: number;
  bulk: { requestId: string; operationIndex: number; bulkId: string | null } | null;
  normalisers: string[];
  versionBefore: string | null;
  versionAfter: string | null;
}

interface ActivityPageView {
  entries: ActivityView[];
  nextCursor: string | null;
}

const user = (userName: string) => ({ schemas: [URN.user], userName });

describe.each(testDatabaseNames)('provisioning activity log over %s', (database) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(database);
  });
  afterAll(async () => {
    await t?.close();
  });

  const activity = async (query = '', tenant = 'acme', token?: string) => {
    const response = await t.app.inject({
      method: 'GET',
      url: `/api/v1/tenants/${tenant}/activity${query}`,
      headers: { authorization: `Bearer ${token ?? (await t.token(tenant))}` },
    });
    return response;
  };
  const entriesFor = async (resourceId: string) => {
    const response = await activity(`?resource=${encodeURIComponent(resourceId)}`);
    expect(response.statusCode, response.body).toBe(200);
    return (JSON.parse(response.body) as ActivityPageView).entries;
  };

  it('records a create with the client, request id, status and the version it wrote', async () => {
    const created = await t.scim('POST', '/Users', {
      body: user('act-create'),
      headers: { 'x-request-id': 'create-1' },
    });
    expect(created.statusCode).toBe(201);
    const id = String(bodyOf(created).id);
    expect(await entriesFor(id)).toEqual([
      {
        time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        clientId: 'tenant:acme',
        tokenId: expect.any(String),
        requestId: 'create-1',
        method: 'POST',
        resourceType: 'User',
        resourceId: id,
        status: 201,
        bulk: null,
        normalisers: [],
        versionBefore: null,
        versionAfter: created.headers.etag,
      },
    ]);
  });

  it('records the normaliser a client quirk needed and the versions before and after a PATCH', async () => {
    const created = await t.scim('POST', '/Users', { body: user('act-patch') });
    const id = String(bodyOf(created).id);
    const patched = await t.scim('PATCH', `/Users/${id}`, {
      body: {
        schemas: [URN.patchOp],
        Operations: [{ op: 'Replace', path: 'displayName', value: 'Patched' }],
      },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    const [latest] = await entriesFor(id);
    expect(latest).toMatchObject({
      method: 'PATCH',
      status: 200,
      normalisers: ['entra.capitalisedOp'],
      versionBefore: created.headers.etag,
      versionAfter: patched.headers.etag,
    });
    expect(patched.headers.etag).not.toBe(created.headers.etag);
  });

  it('records failed writes: a conflict, a missing target and a failed precondition', async () => {
    const created = await t.scim('POST', '/Users', { body: user('act-fail') });
    const id = String(bodyOf(created).id);
    const duplicate = await t.scim('POST', '/Users', {
      body: user('act-fail'),
      headers: { 'x-request-id': 'dup-1' },
    });
    expect(duplicate.statusCode).toBe(409);
    const missing = await t.scim('DELETE', '/Users/no-such-user');
    expect(missing.statusCode).toBe(404);
    const stale = await t.scim('PUT', `/Users/${id}`, {
      body: user('act-fail'),
      headers: { 'if-match': 'W/"stale"' },
    });
    expect(stale.statusCode).toBe(412);

    const failures = JSON.parse((await activity('?status=4xx')).body) as ActivityPageView;
    expect(failures.entries.find((e) => e.requestId === 'dup-1')).toMatchObject({
      method: 'POST',
      resourceType: 'User',
      resourceId: null,
      status: 409,
      versionAfter: null,
    });
    expect(await entriesFor('no-such-user')).toMatchObject([
      { method: 'DELETE', status: 404, versionBefore: null, versionAfter: null },
    ]);
    expect((await entriesFor(id))[0]).toMatchObject({
      method: 'PUT',
      status: 412,
      versionBefore: created.headers.etag,
      versionAfter: null,
    });
  });

  it('records a delete with the version it removed', async () => {
    const created = await t.scim('POST', '/Groups', {
      body: { schemas: [URN.group], displayName: 'act-delete' },
    });
    const id = String(bodyOf(created).id);
    expect((await t.scim('DELETE', `/Groups/${id}`)).statusCode).toBe(204);
    expect((await entriesFor(id))[0]).toMatchObject({
      method: 'DELETE',
      resourceType: 'Group',
      status: 204,
      versionBefore: created.headers.etag,
      versionAfter: null,
    });
  });

  it('records every bulk operation with the bulk request id, operation index and bulkId', async () => {
    const response = await t.scim('POST', '/Bulk', {
      headers: { 'x-request-id': 'bulk-activity-1' },
      body: {
        schemas: [URN.bulkRequest],
        Operations: [
          { method: 'POST', path: '/Users', bulkId: 'u1', data: user('act-bulk-1') },
          { method: 'POST', path: '/Users', bulkId: 'u2', data: user('act-bulk-1') },
          {
            method: 'PATCH',
            path: '/Users/bulkId:u1',
            data: {
              schemas: [URN.patchOp],
              Operations: [{ op: 'Add', path: 'displayName', value: 'Bulk One' }],
            },
          },
          { method: 'DELETE', path: '/Users/no-such-user-in-bulk' },
        ],
      },
    });
    expect(response.statusCode).toBe(200);
    const answers = bodyOf(response).Operations as { location?: string; version?: string }[];
    const id = answers[0]!.location!.split('/').pop()!;
    const page = JSON.parse((await activity('?limit=10')).body) as ActivityPageView;
    const bulk = page.entries
      .filter((e) => e.requestId === 'bulk-activity-1')
      .sort((a, b) => a.bulk!.operationIndex - b.bulk!.operationIndex);
    expect(bulk).toMatchObject([
      {
        method: 'POST',
        resourceId: id,
        status: 201,
        bulk: { operationIndex: 0, bulkId: 'u1' },
        versionBefore: null,
      },
      { method: 'POST', resourceId: null, status: 409, bulk: { operationIndex: 1, bulkId: 'u2' } },
      {
        method: 'PATCH',
        resourceId: id,
        status: 200,
        bulk: { requestId: 'bulk-activity-1', operationIndex: 2, bulkId: null },
        normalisers: ['entra.capitalisedOp'],
        versionAfter: answers[2]!.version,
      },
      {
        method: 'DELETE',
        resourceId: 'no-such-user-in-bulk',
        status: 404,
        bulk: { operationIndex: 3 },
      },
    ]);
  });

  it('writes a committed bulk request’s entries in the request’s own transaction', async () => {
    const original = t.store.recordActivity.bind(t.store);
    let afterwards = 0;
    t.store.recordActivity = (entries) => {
      afterwards += 1;
      return original(entries);
    };
    try {
      const single = await t.scim('POST', '/Users', { body: user('act-own-tx-0') });
      expect(single.statusCode).toBe(201);
      // A single write still records after its transaction: the spy sees it.
      expect(afterwards).toBe(1);
      const response = await t.scim('POST', '/Bulk', {
        headers: { 'x-request-id': 'bulk-own-transaction' },
        body: {
          schemas: [URN.bulkRequest],
          Operations: [1, 2].map((i) => ({
            method: 'POST',
            path: '/Users',
            bulkId: `o${i}`,
            data: user(`act-own-tx-${i}`),
          })),
        },
      });
      expect(response.statusCode).toBe(200);
      expect(afterwards).toBe(1);
    } finally {
      t.store.recordActivity = original;
    }
    const page = JSON.parse((await activity('?limit=20')).body) as ActivityPageView;
    const entries = page.entries.filter((e) => e.requestId === 'bulk-own-transaction');
    expect(entries.map((e) => [e.bulk?.bulkId, e.status]).sort()).toEqual([
      ['o1', 201],
      ['o2', 201],
    ]);
  });

  it('records a bulk request whose commit failed as that failure, not as its lost operations', async () => {
    const forTenant = t.store.forTenant.bind(t.store);
    // The request's transaction does all its work, activity included, then fails to commit.
    t.store.forTenant = (tenantId) => {
      const real = forTenant(tenantId);
      return new Proxy(real, {
        get(target, property, receiver) {
          if (property !== 'transaction') return Reflect.get(target, property, receiver);
          return <T>(work: (store: TenantStore) => Promise<T>) =>
            target.transaction(async (tx) => {
              await work(tx);
              throw new StoreError({ kind: 'unavailable', cause: new Error('commit failed') });
            });
        },
      });
    };
    let response;
    try {
      response = await t.scim('POST', '/Bulk', {
        headers: { 'x-request-id': 'bulk-commit-failed' },
        body: {
          schemas: [URN.bulkRequest],
          Operations: [{ method: 'POST', path: '/Users', bulkId: 'f1', data: user('act-lost') }],
        },
      });
    } finally {
      t.store.forTenant = forTenant;
    }
    expect(response.statusCode).toBe(503);
    const page = JSON.parse((await activity('?limit=50')).body) as ActivityPageView;
    expect(
      page.entries
        .filter((e) => e.requestId === 'bulk-commit-failed')
        .map((e) => [e.resourceType, e.status]),
    ).toEqual([['Bulk', 503]]);
  });

  it('keeps the entries of an all-or-nothing bulk request that was rolled back', async () => {
    const response = await t.scim('POST', '/Bulk', {
      headers: { 'x-request-id': 'bulk-rolled-back', prefer: 'transaction=all-or-nothing' },
      body: {
        schemas: [URN.bulkRequest],
        Operations: [
          { method: 'POST', path: '/Users', bulkId: 'r1', data: user('act-rollback') },
          { method: 'DELETE', path: '/Users/missing-in-rollback' },
        ],
      },
    });
    expect(response.statusCode).toBe(200);
    const page = JSON.parse((await activity('?limit=20')).body) as ActivityPageView;
    const statuses = page.entries
      .filter((e) => e.requestId === 'bulk-rolled-back')
      .map((e) => [e.bulk?.operationIndex, e.status]);
    expect(statuses.sort()).toEqual([
      [0, 424],
      [1, 404],
    ]);
  });

  it('records a bulk request rejected as a whole as one Bulk entry', async () => {
    const response = await t.scim('POST', '/Bulk', {
      headers: { 'x-request-id': 'bulk-rejected' },
      body: { schemas: [URN.bulkRequest], Operations: 'none' },
    });
    expect(response.statusCode).toBe(400);
    const page = JSON.parse((await activity('?status=400')).body) as ActivityPageView;
    expect(page.entries.find((e) => e.requestId === 'bulk-rejected')).toMatchObject({
      method: 'POST',
      resourceType: 'Bulk',
      status: 400,
      bulk: null,
    });
  });

  it('pages newest first with a cursor that continues where the last page ended', async () => {
    const all = JSON.parse((await activity('?limit=500')).body) as ActivityPageView;
    expect(all.nextCursor).toBeNull();
    expect(all.entries.length).toBeGreaterThan(6);
    const seen: ActivityView[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const query: string = `?limit=3${cursor ? `&cursor=${cursor}` : ''}`;
      const page = JSON.parse((await activity(query)).body) as ActivityPageView;
      expect(page.entries.length).toBeLessThanOrEqual(3);
      seen.push(...page.entries);
      cursor = page.nextCursor;
    }
    expect(seen).toEqual(all.entries);
    const times = seen.map((e) => e.time);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it('filters by time: nothing is newer than a future since, everything is since 1h', async () => {
    const all = JSON.parse((await activity('?limit=500')).body) as ActivityPageView;
    const recent = JSON.parse((await activity('?limit=500&since=1h')).body) as ActivityPageView;
    expect(recent.entries).toEqual(all.entries);
    const future = JSON.parse(
      (await activity('?since=2999-01-01T00:00:00Z')).body,
    ) as ActivityPageView;
    expect(future.entries).toEqual([]);
  });

  it('returns 400 for a malformed since, status, limit or cursor', async () => {
    expectScimError(await activity('?since=yesterday'), 400);
    expectScimError(await activity('?status=4x'), 400);
    expectScimError(await activity('?limit=0'), 400);
    expectScimError(await activity('?cursor=bm9wZQ'), 400, 'invalidCursor');
  });

  it('needs scim:read and a token of the same tenant, and never shows another tenant’s writes', async () => {
    expectScimError(await activity('', 'acme', await t.token('acme', ['scim:write'])), 403);
    expectScimError(await activity('', 'acme', await t.token('globex')), 403);
    const missing = await t.app.inject({ method: 'GET', url: '/api/v1/tenants/acme/activity' });
    expectScimError(missing, 401);
    const globex = JSON.parse((await activity('', 'globex')).body) as ActivityPageView;
    expect(globex).toEqual({ entries: [], nextCursor: null });
  });

  it('does not record reads and searches', async () => {
    await t.scim('GET', '/Users', { headers: { 'x-request-id': 'read-only-1' } });
    await t.scim('POST', '/Users/.search', {
      body: { schemas: [URN.searchRequest] },
      headers: { 'x-request-id': 'read-only-2' },
    });
    const page = JSON.parse((await activity('?limit=500')).body) as ActivityPageView;
    expect(page.entries.filter((e) => e.requestId.startsWith('read-only-'))).toEqual([]);
  });
});
