import { SignJWT, exportSPKI, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createKeyRing,
  createSigningKey,
  issueRecordedToken,
  issueToken,
  TOKEN_AUDIENCE,
  TOKEN_ISSUER,
} from '../../src/auth/index.js';
import { URN } from '../../src/scim/urns.js';
import { testDatabaseNames } from '../support/databases.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { bodyOf, expectScimError } from './scim-expectations.js';

const INVALID_TOKEN = 'Bearer realm="roster", error="invalid_token"';
const claims = { tenant_id: 'acme', scope: 'scim:read scim:write' };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(testDatabaseNames)('bearer token verification over %s', (database) => {
  let t: TestApp;
  let kid: string;
  let publicJwk: JWK;
  beforeAll(async () => {
    t = await createTestApp(database, {}, { auth: { revocationRefreshMs: 0 } });
    const current = await t.keys.current();
    kid = current.kid;
    publicJwk = current.publicJwk;
  });
  afterAll(async () => {
    await t?.close();
  });

  const sign = async (
    header: Record<string, unknown>,
    build: (jwt: SignJWT) => SignJWT,
    key?: Parameters<SignJWT['sign']>[0],
  ) => {
    const jwt = build(new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid, ...header }));
    return jwt.sign(key ?? (await t.keys.current()).privateKey);
  };
  const valid = (jwt: SignJWT) =>
    jwt.setIssuer(TOKEN_ISSUER).setAudience(TOKEN_AUDIENCE).setExpirationTime('1h');

  const rejected: [string, () => Promise<string>][] = [
    [
      'a tampered payload (scope widened)',
      async () => {
        const token = await t.token('acme', ['scim:read']);
        const [header, payload, signature] = token.split('.') as [string, string, string];
        const decoded = JSON.parse(Buffer.from(payload, 'base64url').toString()) as object;
        const widened = Buffer.from(
          JSON.stringify({ ...decoded, scope: 'scim:read scim:write' }),
        ).toString('base64url');
        return `${header}.${widened}.${signature}`;
      },
    ],
    [
      'a tampered header (kid swapped)',
      async () => {
        const token = await t.token();
        const [, payload, signature] = token.split('.') as [string, string, string];
        const header = Buffer.from(JSON.stringify({ alg: 'ES256', kid: 'other' })).toString(
          'base64url',
        );
        return `${header}.${payload}.${signature}`;
      },
    ],
    [
      'an expired token',
      () => issueToken(t.keys, { tenantId: 'acme', scopes: ['scim:read'], ttlSeconds: -60 }),
    ],
    [
      'a token for another audience',
      () =>
        sign({}, (jwt) =>
          jwt.setIssuer(TOKEN_ISSUER).setAudience('another-api').setExpirationTime('1h'),
        ),
    ],
    [
      'a token from another issuer signed with the server key',
      () =>
        sign({}, (jwt) =>
          jwt.setIssuer('https://evil.example').setAudience(TOKEN_AUDIENCE).setExpirationTime('1h'),
        ),
    ],
    [
      'alg none',
      async () => {
        const header = Buffer.from(JSON.stringify({ alg: 'none', kid })).toString('base64url');
        const payload = Buffer.from(
          JSON.stringify({
            ...claims,
            iss: TOKEN_ISSUER,
            aud: TOKEN_AUDIENCE,
            exp: Math.floor(Date.now() / 1000) + 3600,
          }),
        ).toString('base64url');
        return `${header}.${payload}.`;
      },
    ],
    [
      'HS256 keyed with the server public key (algorithm confusion)',
      async () => {
        const spki = await exportSPKI((await importJWK(publicJwk, 'ES256')) as CryptoKey);
        return sign({ alg: 'HS256' }, valid, new TextEncoder().encode(spki));
      },
    ],
    [
      'HS256 keyed with the public JWK text',
      () => sign({ alg: 'HS256' }, valid, new TextEncoder().encode(JSON.stringify(publicJwk))),
    ],
    [
      'RS256 signed by another key under the server kid',
      async () => {
        const { privateKey } = await generateKeyPair('RS256');
        return sign({ alg: 'RS256' }, valid, privateKey);
      },
    ],
    [
      'ES256 signed by another key under the server kid',
      async () => {
        const { privateKey } = await generateKeyPair('ES256');
        return sign({}, valid, privateKey);
      },
    ],
  ];

  it.each(rejected)('returns 401 invalid_token for %s', async (_case, makeToken) => {
    const response = await t.scim('GET', '/Users', { token: await makeToken() });
    expectScimError(response, 401, undefined, expect.stringMatching(/^invalid bearer token: /));
    expect(response.headers['www-authenticate']).toBe(INVALID_TOKEN);
  });

  it('returns 401 for a revoked token on the next request, even after it was cached', async () => {
    const { token, tokenId } = await issueRecordedToken(t.keys, t.store.auth, {
      tenantId: 'acme',
      scopes: ['scim:read'],
      ttlSeconds: 3600,
    });
    expect((await t.scim('GET', '/Users', { token })).statusCode).toBe(200);
    expect(await t.store.auth.revokeToken(tokenId, new Date().toISOString())).toBe(true);
    const response = await t.scim('GET', '/Users', { token });
    expectScimError(response, 401, undefined, 'invalid bearer token: revoked');
    expect(response.headers['www-authenticate']).toBe(INVALID_TOKEN);
  });

  it('rejects a revoked token within a second with the default refresh interval', async () => {
    const other = await createTestApp(database);
    try {
      const { token, tokenId } = await issueRecordedToken(other.keys, other.store.auth, {
        tenantId: 'acme',
        scopes: ['scim:read'],
        ttlSeconds: 3600,
      });
      expect((await other.scim('GET', '/Users', { token })).statusCode).toBe(200);
      await other.store.auth.revokeToken(tokenId, new Date().toISOString());
      await sleep(1100);
      expectScimError(await other.scim('GET', '/Users', { token }), 401);
    } finally {
      await other.close();
    }
  });

  it('still accepts another token of the same tenant after one is revoked', async () => {
    const { tokenId } = await issueRecordedToken(t.keys, t.store.auth, {
      tenantId: 'acme',
      scopes: ['scim:read'],
      ttlSeconds: 3600,
    });
    await t.store.auth.revokeToken(tokenId, new Date().toISOString());
    expect((await t.scim('GET', '/Users')).statusCode).toBe(200);
  });

  it('returns 403 for a Bulk request with a scim:read token and applies none of its operations', async () => {
    const token = await t.token('acme', ['scim:read']);
    const response = await t.scim('POST', '/Bulk', {
      token,
      body: {
        schemas: [URN.bulkRequest],
        Operations: [
          { method: 'POST', path: '/Users', bulkId: 'u', data: { userName: 'read.only.bulk' } },
        ],
      },
    });
    expectScimError(response, 403, undefined, 'this request needs the scim:write scope');
    const found = bodyOf(
      await t.scim('GET', `/Users?filter=${encodeURIComponent('userName eq "read.only.bulk"')}`),
    );
    expect(found.totalResults).toBe(0);
  });

  it('does not resurrect the tokens of a deleted tenant when a tenant of the same id is created', async () => {
    await t.store.createTenant('initech', new Date().toISOString());
    const { token } = await issueRecordedToken(t.keys, t.store.auth, {
      tenantId: 'initech',
      scopes: ['scim:read'],
      ttlSeconds: 3600,
    });
    expect((await t.scim('GET', '/Users', { tenant: 'initech', token })).statusCode).toBe(200);
    await t.store.deleteTenant('initech');
    await t.store.createTenant('initech', new Date().toISOString());
    expectScimError(
      await t.scim('GET', '/Users', { tenant: 'initech', token }),
      401,
      undefined,
      'invalid bearer token: revoked',
    );
  });

  describe('key rotation', () => {
    it('keeps tokens of the old key valid and signs new tokens with the new key', async () => {
      const oldToken = await issueToken(t.keys, {
        tenantId: 'acme',
        scopes: ['scim:read'],
        ttlSeconds: 3600,
      });
      const rotated = await createSigningKey(t.store);
      expect(rotated.kid).not.toBe(kid);
      const freshRing = createKeyRing(t.store);
      expect((await freshRing.current()).kid).toBe(rotated.kid);
      const newToken = await issueToken(freshRing, {
        tenantId: 'acme',
        scopes: ['scim:read'],
        ttlSeconds: 3600,
      });
      const header = JSON.parse(
        Buffer.from(newToken.split('.')[0] ?? '', 'base64url').toString(),
      ) as { kid: string };
      expect(header.kid).toBe(rotated.kid);
      await sleep(300);
      expect((await t.scim('GET', '/Users', { token: newToken })).statusCode).toBe(200);
      expect((await t.scim('GET', '/Users', { token: oldToken })).statusCode).toBe(200);
      const jwks = bodyOf(await t.app.inject({ method: 'GET', url: '/.well-known/jwks.json' }));
      expect((jwks.keys as { kid: string }[]).map((k) => k.kid)).toEqual([kid, rotated.kid]);
    });

    it('publishes only public key material in the JWKS', async () => {
      const jwks = bodyOf(await t.app.inject({ method: 'GET', url: '/.well-known/jwks.json' }));
      for (const key of jwks.keys as Record<string, unknown>[]) {
        expect(key).not.toHaveProperty('d');
        expect(key).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
      }
    });

    it('a running key ring picks up a rotated key for new tokens once its cache ages out', async () => {
      const ring = createKeyRing(t.store, { currentKeyMaxAgeMs: 0 });
      const before = (await ring.current()).kid;
      const added = await createSigningKey(t.store, new Date(Date.now() + 1000));
      expect(before).not.toBe(added.kid);
      expect((await ring.current()).kid).toBe(added.kid);
    });
  });
});
