import { describe, expect, it } from 'vitest';
import type { OAuthClientRecord } from '../provisioning/ports.js';
import { authenticateClient, createOAuthClient, grantScopes } from './oauth-clients.js';

describe('grantScopes (RFC 6749 §3.3)', () => {
  it.each([
    ['scim:read scim:write', undefined, ['scim:read', 'scim:write']],
    ['scim:read', undefined, ['scim:read']],
    ['scim:read scim:write', 'scim:read', ['scim:read']],
    ['scim:read scim:write', 'scim:write  scim:read', ['scim:read', 'scim:write']],
    ['scim:read', 'scim:read scim:write', ['scim:read']],
  ] as const)('grants %j asked for %j as %j', (allowed, requested, granted) => {
    expect(grantScopes(allowed, requested)).toEqual({ ok: true, scopes: granted });
  });

  it('refuses an unknown scope', () => {
    expect(grantScopes('scim:read', 'scim:read admin')).toEqual({
      ok: false,
      reason: 'unknown scope "admin"',
    });
  });

  it('refuses when none of the requested scopes is allowed', () => {
    expect(grantScopes('scim:read', 'scim:write')).toMatchObject({ ok: false });
  });
});

describe('OAuth client credentials', () => {
  const memory = () => {
    const clients = new Map<string, OAuthClientRecord>();
    return {
      clients,
      insertClient: async (record: OAuthClientRecord) => {
        clients.set(record.clientId, record);
      },
      getClient: async (id: string) => clients.get(id),
    };
  };

  it('stores only a hash of the secret it returns once', async () => {
    const store = memory();
    const { record, clientSecret } = await createOAuthClient(store, {
      tenantId: 'acme',
      scopes: ['scim:read'],
      name: 'Okta',
    });
    expect(clientSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(record).toMatchObject({
      tenantId: 'acme',
      scope: 'scim:read',
      name: 'Okta',
      revoked: null,
    });
    expect(JSON.stringify([...store.clients.values()])).not.toContain(clientSecret);
  });

  it('authenticates the right secret and refuses a wrong one, an unknown id and a revoked client', async () => {
    const store = memory();
    const { record, clientSecret } = await createOAuthClient(store, {
      tenantId: 'acme',
      scopes: ['scim:read'],
    });
    expect((await authenticateClient(store, record.clientId, clientSecret))?.clientId).toBe(
      record.clientId,
    );
    expect(await authenticateClient(store, record.clientId, `${clientSecret}x`)).toBeUndefined();
    expect(await authenticateClient(store, 'unknown', clientSecret)).toBeUndefined();
    store.clients.set(record.clientId, { ...record, revoked: new Date().toISOString() });
    expect(await authenticateClient(store, record.clientId, clientSecret)).toBeUndefined();
  });
});
