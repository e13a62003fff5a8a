import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseNames } from '../support/databases.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { expectScimError } from './scim-expectations.js';

const ISSUER = 'https://idp.example.test/acme';
const AUDIENCE = 'roster-acme';

interface IdentityProvider {
  url: string;
  fetches: number;
  publish(kid: string, key: CryptoKey): Promise<void>;
  close(): Promise<void>;
}

/** A JWKS endpoint on 127.0.0.1 standing in for a tenant's identity provider. */
async function startIdentityProvider(): Promise<IdentityProvider> {
  const keys: JWK[] = [];
  const provider = { fetches: 0 } as IdentityProvider;
  const server: Server = createServer((request, response) => {
    if (request.url !== '/jwks') {
      response.writeHead(404).end();
      return;
    }
    provider.fetches += 1;
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ keys }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  provider.url = `http://127.0.0.1:${port}/jwks`;
  provider.publish = async (kid, key) => {
    keys.push({ ...(await exportJWK(key)), kid, alg: 'RS256', use: 'sig' });
  };
  provider.close = () => new Promise((resolve) => server.close(() => resolve()));
  return provider;
}

describe.each(testDatabaseNames)('external issuers over %s', (database) => {
  let t: TestApp;
  let idp: IdentityProvider;
  let signingKey: CryptoKey;
  beforeAll(async () => {
    idp = await startIdentityProvider();
    const pair = await generateKeyPair('RS256');
    signingKey = pair.privateKey;
    await idp.publish('idp-key-1', pair.publicKey);
    t = await createTestApp(database, {}, { auth: { jwksCooldownMs: 0 } });
    await t.store.auth.setExternalIssuer({
      tenantId: 'acme',
      issuer: ISSUER,
      audience: AUDIENCE,
      jwksUrl: idp.url,
      scopeClaim: 'roles',
      created: new Date().toISOString(),
    });
  });
  afterAll(async () => {
    await t?.close();
    await idp?.close();
  });

  const idpToken = (
    options: {
      claims?: Record<string, unknown>;
      kid?: string;
      key?: CryptoKey | Uint8Array;
      alg?: string;
      issuer?: string;
      audience?: string;
      expires?: string | number;
    } = {},
  ) =>
    new SignJWT({ roles: ['scim:read', 'scim:write'], ...options.claims })
      .setProtectedHeader({ alg: options.alg ?? 'RS256', kid: options.kid ?? 'idp-key-1' })
      .setIssuer(options.issuer ?? ISSUER)
      .setAudience(options.audience ?? AUDIENCE)
      .setSubject('entra-provisioning')
      .setExpirationTime(options.expires ?? '1h')
      .sign(options.key ?? signingKey);

  it('accepts a token of the tenant identity provider, verified against its JWKS', async () => {
    const token = await idpToken();
    const created = await t.scim('POST', '/Users', { token, body: { userName: 'from.idp' } });
    expect(created.statusCode).toBe(201);
    expect((await t.scim('GET', '/Users', { token })).statusCode).toBe(200);
  });

  it('reads scopes from the configured claim', async () => {
    const token = await idpToken({ claims: { roles: 'scim:read' } });
    expect((await t.scim('GET', '/Users', { token })).statusCode).toBe(200);
    expectScimError(
      await t.scim('POST', '/Users', { token, body: { userName: 'not.allowed' } }),
      403,
      undefined,
      'this request needs the scim:write scope',
    );
  });

  it('caches the JWKS instead of fetching it on every request', async () => {
    const before = idp.fetches;
    for (let i = 0; i < 3; i += 1) {
      const token = await idpToken({ claims: { nonce: i } });
      expect((await t.scim('GET', '/Users', { token })).statusCode).toBe(200);
    }
    expect(idp.fetches).toBe(before);
  });

  it('refetches the JWKS when a token names an unknown kid (identity provider key rotation)', async () => {
    const pair = await generateKeyPair('RS256');
    await idp.publish('idp-key-2', pair.publicKey);
    const before = idp.fetches;
    const token = await idpToken({ kid: 'idp-key-2', key: pair.privateKey });
    expect((await t.scim('GET', '/Users', { token })).statusCode).toBe(200);
    expect(idp.fetches).toBe(before + 1);
  });

  it.each([
    ['another audience', { audience: 'roster-globex' }],
    ['another issuer', { issuer: 'https://evil.example.test' }],
    ['an expired token', { expires: Math.floor(Date.now() / 1000) - 120 }],
    ['an unknown kid', { kid: 'not-published' }],
  ])('returns 401 for %s', async (_case, options) => {
    const response = await t.scim('GET', '/Users', { token: await idpToken(options) });
    expectScimError(response, 401, undefined, expect.stringMatching(/^invalid bearer token: /));
  });

  it('returns 401 for a token signed by another key under a published kid', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const response = await t.scim('GET', '/Users', { token: await idpToken({ key: privateKey }) });
    expectScimError(response, 401);
  });

  it('returns 401 for an HS256 token keyed with the published public key', async () => {
    const jwks = (await (await fetch(idp.url)).json()) as { keys: JWK[] };
    const secret = new TextEncoder().encode(JSON.stringify(jwks.keys[0]));
    const response = await t.scim('GET', '/Users', {
      token: await idpToken({ alg: 'HS256', key: secret }),
    });
    expectScimError(response, 401);
  });

  it('returns 401 when the same identity provider token is used on a tenant without that issuer', async () => {
    const token = await idpToken();
    const response = await t.scim('GET', '/Users', { tenant: 'globex', token });
    expectScimError(response, 401, undefined, 'invalid bearer token: issuer not accepted');
  });

  it('never lets an external token name another tenant through a tenant_id claim', async () => {
    const token = await idpToken({ claims: { tenant_id: 'globex' } });
    expectScimError(await t.scim('GET', '/Users', { tenant: 'globex', token }), 401);
    expect((await t.scim('GET', '/Users', { token })).statusCode).toBe(200);
  });

  it('stops accepting the issuer once it is removed', async () => {
    await t.store.auth.setExternalIssuer({
      tenantId: 'globex',
      issuer: ISSUER,
      audience: 'roster-globex',
      jwksUrl: idp.url,
      scopeClaim: 'roles',
      created: new Date().toISOString(),
    });
    const token = await idpToken({ audience: 'roster-globex', claims: { roles: ['scim:read'] } });
    expect((await t.scim('GET', '/Users', { tenant: 'globex', token })).statusCode).toBe(200);
    expect(await t.store.auth.deleteExternalIssuer('globex')).toBe(true);
    const fresh = await idpToken({
      audience: 'roster-globex',
      claims: { roles: ['scim:read'], n: 1 },
    });
    expectScimError(await t.scim('GET', '/Users', { tenant: 'globex', token: fresh }), 401);
  });
});
