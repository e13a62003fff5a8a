import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { REDACTED_LOG_PATHS } from '../../../src/http/index.js';
import { URN } from '../../../src/scim/urns.js';
import { testDatabaseNames } from '../../support/databases.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

type LogLine = Record<string, unknown>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('request logs', () => {
  let t: TestApp;
  let output: string[] = [];
  const lines = (): LogLine[] => output.map((line) => JSON.parse(line) as LogLine);
  const completions = () => lines().filter((line) => line.msg === 'request completed');

  beforeAll(async () => {
    const logger = pino(
      { level: 'info', redact: REDACTED_LOG_PATHS },
      { write: (line: string) => output.push(line) },
    );
    t = await createTestApp(testDatabaseNames[0]!, {}, { logger });
  });
  beforeEach(() => {
    output = [];
  });
  afterAll(async () => {
    await t?.close();
  });

  it('writes one completion line with request id, tenant, client, route, status and duration', async () => {
    const response = await t.scim('GET', '/Users', { headers: { 'x-request-id': 'idp-retry-42' } });
    expect(response.headers['x-request-id']).toBe('idp-retry-42');
    expect(completions()).toEqual([
      expect.objectContaining({
        reqId: 'idp-retry-42',
        tenant: 'acme',
        clientId: expect.any(String),
        method: 'GET',
        route: '/api/v1/tenants/:tenantId/scim/v2/Users',
        status: 200,
        durationMs: expect.any(Number),
      }),
    ]);
    expect(lines().some((line) => line.msg === 'incoming request')).toBe(false);
  });

  it('generates a UUID request id when the client sends none, and echoes it', async () => {
    const response = await t.scim('GET', '/Users');
    const id = response.headers['x-request-id'];
    expect(id).toMatch(UUID);
    expect(completions()[0]?.reqId).toBe(id);
  });

  it('replaces a request id that could forge log content with a fresh UUID', async () => {
    for (const given of ['a'.repeat(200), 'two words', 'x"}{"level":60']) {
      const response = await t.scim('GET', '/Users', { headers: { 'x-request-id': given } });
      expect(response.headers['x-request-id']).toMatch(UUID);
    }
  });

  it('logs one line per bulk request with its operation counts by status', async () => {
    const user = (userName: string, bulkId: string) => ({
      method: 'POST',
      path: '/Users',
      bulkId,
      data: { schemas: [URN.user], userName },
    });
    const response = await t.scim('POST', '/Bulk', {
      body: {
        schemas: [URN.bulkRequest],
        Operations: [user('log-a', 'a'), user('log-b', 'b'), user('log-a', 'c')],
      },
    });
    expect(response.statusCode).toBe(200);
    const bulkLines = lines().filter((line) => line.msg === 'bulk request completed');
    expect(bulkLines).toEqual([
      expect.objectContaining({
        reqId: response.headers['x-request-id'],
        tenant: 'acme',
        status: 200,
        bulk: { operations: 3, byStatus: { 201: 2, 409: 1 } },
      }),
    ]);
  });

  it('never writes the bearer token or a password, even when the request fails', async () => {
    const token = await t.token();
    await t.scim('POST', '/Users', {
      body: { schemas: [URN.user], userName: 'log-secret', password: 'Hunter2-secret!' },
    });
    await t.scim('POST', '/Users', {
      body: { schemas: [URN.user], userName: 'log-secret', password: 'Hunter2-secret!' },
    });
    await t.scim('GET', '/Users', { token: `${token}tampered` });
    const text = output.join('');
    expect(completions().map((line) => line.status)).toEqual([201, 409, 401]);
    expect(text).not.toContain(token.split('.')[2]!);
    expect(text).not.toContain('Hunter2-secret!');
  });

  it('redacts authorization headers, passwords, client secrets and access tokens in logged objects', () => {
    t.app.log.info(
      {
        headers: { authorization: 'Bearer abc.def.ghi' },
        upstream: { authorization: 'Basic c2lkPTE=' },
        password: 'p1',
        user: { password: 'p2' },
        client_secret: 's1',
        body: { client_secret: 's2', access_token: 't1' },
        access_token: 't2',
      },
      'probe',
    );
    const probe = lines().find((line) => line.msg === 'probe');
    expect(probe).toMatchObject({
      headers: { authorization: '[Redacted]' },
      upstream: { authorization: '[Redacted]' },
      password: '[Redacted]',
      user: { password: '[Redacted]' },
      client_secret: '[Redacted]',
      body: { client_secret: '[Redacted]', access_token: '[Redacted]' },
      access_token: '[Redacted]',
    });
    const text = output.join('');
    for (const secret of [
      'Bearer abc.def.ghi',
      'Basic c2lkPTE=',
      'p1',
      'p2',
      's1',
      's2',
      't1',
      't2',
    ]) {
      expect(text).not.toContain(`"${secret}"`);
    }
  });
});
