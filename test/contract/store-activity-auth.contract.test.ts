import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActivityEntry } from '../../src/provisioning/activity.js';
import type { Store } from '../../src/provisioning/ports.js';
import { createTestDatabase, testDatabaseNames } from '../support/databases.js';
import type { TestDatabase } from '../support/databases.js';

function entry(
  tenantId: string,
  second: number,
  extra: Partial<ActivityEntry> = {},
): ActivityEntry {
  return {
    time: new Date(Date.UTC(2026, 0, 1, 0, 0, second)).toISOString(),
    tenantId,
    clientId: 'client-1',
    tokenId: null,
    requestId: `req-${second}`,
    method: 'POST',
    resourceType: 'User',
    resourceId: `u-${second}`,
    operationIndex: null,
    bulkId: null,
    status: 201,
    normalisers: [],
    versionBefore: null,
    versionAfter: 'W/"1"',
    ...extra,
  };
}

describe.each(testDatabaseNames)('activity and auth stores on %s', (name) => {
  let database: TestDatabase;
  let store: Store;

  beforeAll(async () => {
    database = await createTestDatabase(name);
    store = database.store;
  });

  afterAll(async () => {
    await database.drop();
  });

  it('lists a tenant’s activity newest first in pages that continue after the last entry', async () => {
    await store.recordActivity([1, 2, 3].map((s) => entry('act-a', s)));
    await store.recordActivity([
      entry('act-a', 3, { requestId: 'same-time', normalisers: ['entra.capitalisedOp'] }),
      entry('act-b', 4),
    ]);
    const first = await store.listActivity({ tenantId: 'act-a', limit: 2 });
    expect(first.hasMore).toBe(true);
    expect(first.entries.map((e) => e.requestId)).toEqual(['same-time', 'req-3']);
    expect(first.entries[0]?.normalisers).toEqual(['entra.capitalisedOp']);
    const last = first.entries[1]!;
    const second = await store.listActivity({
      tenantId: 'act-a',
      limit: 5,
      after: { time: last.time, seq: last.seq },
    });
    expect(second).toMatchObject({
      hasMore: false,
      entries: [{ requestId: 'req-2' }, { requestId: 'req-1' }],
    });
  });

  it('keeps every field and the order of a Bulk request’s entries, however many and however mixed', async () => {
    const bulk = (operationIndex: number): ActivityEntry =>
      entry('act-bulk', 5, {
        requestId: 'bulk-req',
        tokenId: 'tok-1',
        method: operationIndex % 3 === 0 ? 'PATCH' : 'POST',
        resourceType: operationIndex % 2 === 0 ? 'Group' : 'User',
        resourceId: operationIndex % 7 === 0 ? null : `r-${operationIndex}`,
        operationIndex,
        bulkId: operationIndex % 5 === 0 ? null : `b${operationIndex}`,
        status: operationIndex % 11 === 0 ? 409 : 201,
        normalisers: operationIndex % 13 === 0 ? ['entra.capitalisedOp'] : [],
        versionBefore: operationIndex % 3 === 0 ? `W/"${operationIndex}"` : null,
        versionAfter: operationIndex % 11 === 0 ? null : `W/"v${operationIndex}"`,
      });
    // More entries than one statement holds, then another request's, then the first again.
    const written = [
      ...Array.from({ length: 450 }, (_, i) => bulk(i)),
      entry('act-bulk', 5, { requestId: 'other-req', clientId: null }),
      entry('act-bulk', 5, { requestId: 'other-req', clientId: null, operationIndex: 1 }),
      bulk(450),
    ];
    await store.recordActivity(written);
    const page = await store.listActivity({ tenantId: 'act-bulk', limit: 1000 });
    expect(page.hasMore).toBe(false);
    expect(page.entries.map(({ seq: _seq, ...rest }) => rest)).toEqual([...written].reverse());
  });

  it('keeps the entries of a request that agree on most columns, or on all of them', async () => {
    // A Bulk of plain user POSTs: method, type, status, normalisers and version before agree.
    const posts = Array.from({ length: 250 }, (_, i) =>
      entry('act-same', 6, {
        requestId: 'posts',
        resourceId: `p-${i}`,
        operationIndex: i,
        bulkId: `u${i}`,
        versionAfter: `W/"p${i}"`,
      }),
    );
    // Two entries equal in every column.
    const twins = [1, 2].map(() =>
      entry('act-same', 7, { requestId: 'twins', operationIndex: 0, bulkId: 'x' }),
    );
    await store.recordActivity([...posts, ...twins]);
    const page = await store.listActivity({ tenantId: 'act-same', limit: 1000 });
    expect(page.entries.map(({ seq: _seq, ...rest }) => rest)).toEqual(
      [...posts, ...twins].reverse(),
    );
  });

  it('filters activity by time, resource and status range', async () => {
    await store.recordActivity([
      entry('act-c', 1),
      entry('act-c', 2, { status: 409 }),
      entry('act-c', 3),
    ]);
    const byStatus = await store.listActivity({
      tenantId: 'act-c',
      status: { min: 400, max: 499 },
      limit: 10,
    });
    expect(byStatus.entries.map((e) => e.requestId)).toEqual(['req-2']);
    const byResource = await store.listActivity({
      tenantId: 'act-c',
      resourceId: 'u-3',
      limit: 10,
    });
    expect(byResource.entries.map((e) => e.requestId)).toEqual(['req-3']);
    const byTime = await store.listActivity({
      tenantId: 'act-c',
      since: '2026-01-01T00:00:02.000Z',
      until: '2026-01-01T00:00:02.000Z',
      limit: 10,
    });
    expect(byTime.entries.map((e) => e.requestId)).toEqual(['req-2']);
  });

  it('records a tenant store’s activity in its transaction: kept on commit, gone on rollback', async () => {
    await store.createTenant('act-tx', '2026-01-01T00:00:00.000Z');
    const tenant = store.forTenant('act-tx');
    await tenant.transaction((tx) => tx.recordActivity([entry('act-tx', 1), entry('act-tx', 2)]));
    await expect(
      tenant.transaction(async (tx) => {
        await tx.recordActivity([entry('act-tx', 3)]);
        throw new Error('the request failed');
      }),
    ).rejects.toThrow('the request failed');
    await tenant.recordActivity([entry('act-tx', 4)]);
    const page = await store.listActivity({ tenantId: 'act-tx', limit: 10 });
    expect(page.entries.map((e) => e.requestId)).toEqual(['req-4', 'req-2', 'req-1']);
  });

  it('refuses activity of another tenant through a tenant store', async () => {
    await store.createTenant('act-own', '2026-01-01T00:00:00.000Z');
    await expect(
      store.forTenant('act-own').recordActivity([entry('act-other', 1)]),
    ).rejects.toThrow('act-other');
    expect((await store.listActivity({ tenantId: 'act-other', limit: 10 })).entries).toEqual([]);
  });

  it('prunes activity older than the cut-off across tenants', async () => {
    await store.recordActivity([entry('act-d', 1), entry('act-e', 1), entry('act-d', 30)]);
    expect(await store.pruneActivity('2026-01-01T00:00:20.000Z')).toBeGreaterThanOrEqual(2);
    expect(
      (await store.listActivity({ tenantId: 'act-d', limit: 10 })).entries.map((e) => e.requestId),
    ).toEqual(['req-30']);
  });

  it('stores OAuth clients and revokes a client with its tokens', async () => {
    const client = {
      clientId: 'c-1',
      tenantId: 'auth-a',
      name: 'Entra',
      secretHash: 'hash',
      scope: 'scim',
      created: '2026-01-01T00:00:00.000Z',
      revoked: null,
    };
    await store.auth.insertClient(client);
    expect(await store.auth.getClient('c-1')).toEqual(client);
    expect(await store.auth.listClients('auth-a')).toEqual([client]);
    expect(await store.auth.listClients('auth-other')).toEqual([]);
    await store.auth.recordToken({
      jti: 't-1',
      tenantId: 'auth-a',
      subject: 'c-1',
      clientId: 'c-1',
      created: client.created,
      expires: '2099-01-01T00:00:00.000Z',
      revoked: null,
    });
    expect(await store.auth.revokeClient('c-1', '2026-01-02T00:00:00.000Z')).toBe(true);
    expect(await store.auth.revokeClient('nobody', '2026-01-02T00:00:00.000Z')).toBe(false);
    expect((await store.auth.getClient('c-1'))?.revoked).toBe('2026-01-02T00:00:00.000Z');
    expect(await store.auth.listRevokedTokenIds('2026-06-01T00:00:00.000Z')).toContain('t-1');
  });

  it('revokes a token once, recording it when it was never issued, and forgets it after expiry', async () => {
    expect(await store.auth.revokeToken('t-unknown', '2026-01-01T00:00:00.000Z')).toBe(true);
    expect(await store.auth.revokeToken('t-unknown', '2026-01-01T00:00:01.000Z')).toBe(false);
    await store.auth.recordToken({
      jti: 't-short',
      tenantId: null,
      subject: null,
      clientId: null,
      created: '2026-01-01T00:00:00.000Z',
      expires: '2026-01-01T01:00:00.000Z',
      revoked: null,
    });
    expect(await store.auth.revokeToken('t-short', '2026-01-01T00:30:00.000Z')).toBe(true);
    const revoked = await store.auth.listRevokedTokenIds('2026-01-01T02:00:00.000Z');
    expect(revoked).toContain('t-unknown');
    expect(revoked).not.toContain('t-short');
  });

  it('sets, replaces, reads and deletes a tenant’s external issuer', async () => {
    const issuer = {
      tenantId: 'auth-b',
      issuer: 'https://idp',
      audience: 'roster',
      jwksUrl: 'https://idp/jwks',
      scopeClaim: 'scp',
      created: '2026-01-01T00:00:00.000Z',
    };
    await store.auth.setExternalIssuer(issuer);
    await store.auth.setExternalIssuer({ ...issuer, audience: 'roster2' });
    expect(await store.auth.getExternalIssuer('auth-b')).toEqual({
      ...issuer,
      audience: 'roster2',
    });
    expect(await store.auth.deleteExternalIssuer('auth-b')).toBe(true);
    expect(await store.auth.deleteExternalIssuer('auth-b')).toBe(false);
    expect(await store.auth.getExternalIssuer('auth-b')).toBeUndefined();
  });
});
