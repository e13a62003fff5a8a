import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { URN } from '../../../src/scim/urns.js';
import { testDatabaseNames } from '../../support/databases.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';
import { expectScimError } from '../scim-expectations.js';
import { sampleValue } from './prometheus-text.js';

const USERS_ROUTE = '/api/v1/tenants/:tenantId/scim/v2/Users';

describe.each(testDatabaseNames)('GET /metrics over %s', (database) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(database);
  });
  afterAll(async () => {
    await t?.close();
  });

  const scrape = async () => {
    const response = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    return response.body;
  };

  it('exports process metrics of this process', async () => {
    const text = await scrape();
    expect(sampleValue(text, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(sampleValue(text, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
  });

  it('counts requests and observes their latency by route template, method, status and tenant', async () => {
    const labels = { route: USERS_ROUTE, method: 'GET', status: '200', tenant: 'acme' };
    const before = await scrape();
    const count = sampleValue(before, 'roster_http_requests_total', labels) ?? 0;
    const observed = sampleValue(before, 'roster_http_request_duration_seconds_count', labels) ?? 0;
    await t.scim('GET', '/Users');
    await t.scim('GET', '/Users?count=1');
    const after = await scrape();
    expect(sampleValue(after, 'roster_http_requests_total', labels)).toBe(count + 2);
    expect(sampleValue(after, 'roster_http_request_duration_seconds_count', labels)).toBe(
      observed + 2,
    );
    expect(
      sampleValue(after, 'roster_http_request_duration_seconds_bucket', { ...labels, le: '+Inf' }),
    ).toBe(observed + 2);
    expect(sampleValue(after, 'roster_http_request_duration_seconds_sum', labels)).toBeGreaterThan(
      0,
    );
  });

  it('labels unauthenticated requests with no tenant, whatever tenant the path names', async () => {
    await t.scim('GET', '/Users', { tenant: 'no-such-tenant-1', token: null });
    const text = await scrape();
    expect(
      sampleValue(text, 'roster_http_requests_total', {
        route: USERS_ROUTE,
        status: '401',
        tenant: '',
      }),
    ).toBeGreaterThanOrEqual(1);
    expect(text).not.toContain('no-such-tenant-1');
  });

  it('counts bulk operations by method and status', async () => {
    const before = await scrape();
    const created =
      sampleValue(before, 'roster_bulk_operations_total', { method: 'POST', status: '201' }) ?? 0;
    const conflicts =
      sampleValue(before, 'roster_bulk_operations_total', { method: 'POST', status: '409' }) ?? 0;
    const user = (userName: string, bulkId: string) => ({
      method: 'POST',
      path: '/Users',
      bulkId,
      data: { schemas: [URN.user], userName },
    });
    const response = await t.scim('POST', '/Bulk', {
      body: {
        schemas: [URN.bulkRequest],
        Operations: [user('metrics-a', 'a'), user('metrics-b', 'b'), user('metrics-a', 'c')],
      },
    });
    expect(response.statusCode).toBe(200);
    const after = await scrape();
    expect(
      sampleValue(after, 'roster_bulk_operations_total', { method: 'POST', status: '201' }),
    ).toBe(created + 2);
    expect(
      sampleValue(after, 'roster_bulk_operations_total', { method: 'POST', status: '409' }),
    ).toBe(conflicts + 1);
  });

  it('times store calls by operation and outcome', async () => {
    const labels = { operation: 'insertResource', outcome: 'ok' };
    const before =
      sampleValue(await scrape(), 'roster_store_operation_duration_seconds_count', labels) ?? 0;
    const response = await t.scim('POST', '/Users', {
      body: { schemas: [URN.user], userName: 'metrics-timed' },
    });
    expect(response.statusCode).toBe(201);
    const after = await scrape();
    expect(sampleValue(after, 'roster_store_operation_duration_seconds_count', labels)).toBe(
      before + 1,
    );
    expect(
      sampleValue(after, 'roster_store_operation_duration_seconds_count', {
        operation: 'getTenant',
        outcome: 'ok',
      }),
    ).toBeGreaterThan(0);
    expect(
      sampleValue(after, 'roster_store_operations_in_flight', { operation: 'insertResource' }),
    ).toBe(0);
  });
});

describe('GET /metrics with ROSTER_METRICS_TOKEN', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(testDatabaseNames[0]!, { ROSTER_METRICS_TOKEN: 'scrape-secret' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('returns 401 with a Bearer challenge without the token or with another one', async () => {
    for (const headers of [
      {},
      { authorization: 'Bearer wrong' },
      { authorization: 'Basic c2NyYXBl' },
    ]) {
      const response = await t.app.inject({ method: 'GET', url: '/metrics', headers });
      expectScimError(response, 401);
      expect(response.headers['www-authenticate']).toBe('Bearer realm="roster-metrics"');
    }
  });

  it('answers the scrape with the token', async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: '/metrics',
      headers: { authorization: 'Bearer scrape-secret' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('roster_http_requests_total');
  });

  it('keeps a separate registry per app, so two apps never share counts', async () => {
    const other = await createTestApp(testDatabaseNames[0]!);
    try {
      await other.scim('GET', '/Users');
      await other.scim('GET', '/Users');
      const mine = await t.app.inject({
        method: 'GET',
        url: '/metrics',
        headers: { authorization: 'Bearer scrape-secret' },
      });
      expect(
        sampleValue(mine.body, 'roster_http_requests_total', {
          route: USERS_ROUTE,
          tenant: 'acme',
        }),
      ).toBeUndefined();
    } finally {
      await other.close();
    }
  });
});
