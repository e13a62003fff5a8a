import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVER_LIMITS } from '../../src/http/server-limits.js';
import { testDatabaseNames } from '../support/databases.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { expectScimError } from './scim-expectations.js';

const [database = 'sqlite'] = testDatabaseNames;

describe(`header, URL and body limits over ${database}`, () => {
  let t: TestApp;
  let port: number;
  beforeAll(async () => {
    t = await createTestApp(database, { ROSTER_BODY_LIMIT: '2048' });
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    port = (t.app.server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await t?.close();
  });

  const send = (path: string, headers: Record<string, string> = {}) =>
    new Promise<number>((resolve, reject) => {
      const options = { host: '127.0.0.1', port, path, method: 'GET', headers, agent: false };
      const req = httpRequest(options, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });

  it('answers 431 for headers larger than 16 KiB', async () => {
    expect(await send('/healthz', { 'x-padding': 'x'.repeat(20_000) })).toBe(431);
  });

  it('answers 431 for a request line longer than the header limit', async () => {
    expect(await send(`/healthz?${'q'.repeat(20_000)}`)).toBe(431);
  });

  it('still serves a request with a large external JWT in the Authorization header', async () => {
    const bearer = `Bearer ${'a'.repeat(4000)}.${'b'.repeat(4000)}.${'c'.repeat(500)}`;
    expect(await send('/api/v1/tenants/acme/scim/v2/Users', { authorization: bearer })).toBe(401);
  });

  it('sets the slow-client timeouts on the Node server', () => {
    expect(t.app.server.requestTimeout).toBe(SERVER_LIMITS.requestTimeout);
    expect(t.app.server.headersTimeout).toBe(SERVER_LIMITS.http.headersTimeout);
    expect(t.app.server.timeout).toBe(SERVER_LIMITS.connectionTimeout);
    expect((t.app.server as { maxHeaderSize?: number }).maxHeaderSize).toBe(
      SERVER_LIMITS.http.maxHeaderSize,
    );
  });

  it('returns 400 with a SCIM body for a path parameter longer than 500 characters', async () => {
    expectScimError(await t.scim('GET', `/Users/${'x'.repeat(600)}`), 400);
  });

  it('returns 400 with a SCIM body for a malformed percent-encoding in the path', async () => {
    expectScimError(await t.scim('GET', '/Users/%E0%A4%A'), 400);
  });

  it('returns 413 for a body over ROSTER_BODY_LIMIT', async () => {
    const response = await t.scim('POST', '/Users', {
      body: { userName: 'big', displayName: 'x'.repeat(4096) },
    });
    expectScimError(response, 413);
  });
});
