import { afterEach, describe, expect, it } from 'vitest';
import { createOAuthClient, issueToken } from '../../src/auth/index.js';
import { testDatabaseNames } from '../support/databases.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { expectScimError } from './scim-expectations.js';

const [database = 'sqlite'] = testDatabaseNames;

describe(`rate limiting over ${database}`, () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  const clientToken = (app: TestApp, subject: string, tenantId = 'acme') =>
    issueToken(app.keys, {
      tenantId,
      scopes: ['scim:read', 'scim:write'],
      ttlSeconds: 3600,
      subject,
    });

  it('returns 429 with Retry-After and a SCIM error once a client exceeds its limit', async () => {
    t = await createTestApp(database, { ROSTER_RATE_LIMIT_PER_MINUTE: '3' });
    const token = await clientToken(t, 'client:okta');
    for (let i = 0; i < 3; i += 1) {
      expect((await t.scim('GET', '/Users', { token })).statusCode).toBe(200);
    }
    const limited = await t.scim('GET', '/Users', { token });
    expectScimError(
      limited,
      429,
      undefined,
      expect.stringMatching(/^too many requests for this client/),
    );
    const retryAfter = Number(limited.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
  });

  it('counts clients separately: one client at its limit does not slow another', async () => {
    t = await createTestApp(database, { ROSTER_RATE_LIMIT_PER_MINUTE: '2' });
    const okta = await clientToken(t, 'client:okta');
    const entra = await clientToken(t, 'client:entra');
    await t.scim('GET', '/Users', { token: okta });
    await t.scim('GET', '/Users', { token: okta });
    expect((await t.scim('GET', '/Users', { token: okta })).statusCode).toBe(429);
    expect((await t.scim('GET', '/Users', { token: entra })).statusCode).toBe(200);
  });

  it('limits a tenant as a whole, and never another tenant', async () => {
    t = await createTestApp(database, {
      ROSTER_RATE_LIMIT_PER_MINUTE: '100',
      ROSTER_TENANT_RATE_LIMIT_PER_MINUTE: '3',
    });
    const tokens = await Promise.all(
      ['a', 'b', 'c', 'd'].map((s) => clientToken(t!, `client:${s}`)),
    );
    for (const token of tokens.slice(0, 3)) {
      expect((await t.scim('GET', '/Users', { token })).statusCode).toBe(200);
    }
    const limited = await t.scim('GET', '/Users', { token: tokens[3] ?? '' });
    expectScimError(
      limited,
      429,
      undefined,
      expect.stringMatching(/^too many requests for this tenant/),
    );
    expect(limited.headers['retry-after']).toMatch(/^\d+$/);
    const globex = await clientToken(t, 'client:a', 'globex');
    expect((await t.scim('GET', '/Users', { tenant: 'globex', token: globex })).statusCode).toBe(
      200,
    );
  });

  it('does not limit when ROSTER_RATE_LIMIT_PER_MINUTE is 0', async () => {
    t = await createTestApp(database, {
      ROSTER_RATE_LIMIT_PER_MINUTE: '0',
      ROSTER_TENANT_RATE_LIMIT_PER_MINUTE: '0',
    });
    for (let i = 0; i < 20; i += 1) {
      expect((await t.scim('GET', '/Users')).statusCode).toBe(200);
    }
  });

  it('limits token requests per address with an OAuth error and Retry-After', async () => {
    t = await createTestApp(database, { ROSTER_TOKEN_RATE_LIMIT_PER_MINUTE: '2' });
    const client = await createOAuthClient(t.store.auth, {
      tenantId: 'acme',
      scopes: ['scim:read'],
    });
    const request = () =>
      t!.app.inject({
        method: 'POST',
        url: '/api/v1/oauth/token',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: client.record.clientId,
          client_secret: client.clientSecret,
        }).toString(),
      });
    expect((await request()).statusCode).toBe(200);
    expect((await request()).statusCode).toBe(200);
    const limited = await request();
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toMatch(/^\d+$/);
    expect(limited.headers['cache-control']).toBe('no-store');
    expect(JSON.parse(limited.body)).toMatchObject({ error: 'temporarily_unavailable' });
  });
});
