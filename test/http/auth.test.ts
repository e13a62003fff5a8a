import { SignJWT, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueToken, TOKEN_AUDIENCE, TOKEN_ISSUER } from '../../src/auth/index.js';
import { URN } from '../../src/scim/urns.js';
import { testDatabaseNames } from '../support/databases.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { bodyOf, expectScimError } from './scim-expectations.js';

const CHALLENGE = 'Bearer realm="roster"';
const INVALID_TOKEN = 'Bearer realm="roster", error="invalid_token"';
const UNKNOWN_ID = '00000000-0000-7000-8000-000000000000';

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe.each(testDatabaseNames)('authentication and tenancy over %s', (database) => {
  let t: TestApp;
  let kid: string;
  beforeAll(async () => {
    t = await createTestApp(database);
    kid = (await t.keys.current()).kid;
  });
  afterAll(async () => {
    await t?.close();
  });

  const claims = (tenantId = 'acme') => ({ tenant_id: tenantId, scope: 'scim:read scim:write' });

  describe('bearer tokens', () => {
    it('returns 401 with WWW-Authenticate: Bearer and a SCIM body when the token is missing', async () => {
      const response = await t.scim('GET', '/Users', { token: null });
      expectScimError(
        response,
        401,
        undefined,
        'authentication required: send Authorization: Bearer <token>',
      );
      expect(response.headers['www-authenticate']).toBe(CHALLENGE);
    });

    it.each([
      ['another scheme', 'Basic YWxhZGRpbjpvcGVuc2VzYW1l'],
      ['an empty bearer', 'Bearer '],
      ['a token with spaces', 'Bearer not a token'],
    ])('returns 401 invalid_request for %s', async (_case, authorization) => {
      const response = await t.scim('GET', '/Users', { token: null, headers: { authorization } });
      expectScimError(response, 401, undefined, expect.any(String));
      expect(response.headers['www-authenticate']).toBe(
        'Bearer realm="roster", error="invalid_request"',
      );
    });

    const invalidTokens: [string, () => Promise<string>][] = [
      ['garbage', async () => 'abc.def.ghi'],
      [
        'a tampered payload',
        async () => {
          const [header, , signature] = (await t.token('acme', ['scim:read'])).split('.');
          return `${header}.${base64url({ ...claims(), aud: TOKEN_AUDIENCE, iss: TOKEN_ISSUER, exp: 9999999999 })}.${signature}`;
        },
      ],
      [
        'a tampered signature',
        async () => {
          const token = await t.token();
          const last = token.at(-2) === 'A' ? 'B' : 'A';
          return `${token.slice(0, -2)}${last}${token.at(-1)}`;
        },
      ],
      [
        'an expired token',
        () => issueToken(t.keys, { tenantId: 'acme', scopes: ['scim:read'], ttlSeconds: -120 }),
      ],
      [
        'alg none',
        async () =>
          `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ ...claims(), exp: 9999999999 })}.`,
      ],
      [
        'a token signed by another key under the server’s kid',
        async () => {
          const { privateKey } = await generateKeyPair('ES256');
          return new SignJWT(claims())
            .setProtectedHeader({ alg: 'ES256', kid })
            .setIssuer(TOKEN_ISSUER)
            .setAudience(TOKEN_AUDIENCE)
            .setExpirationTime('1h')
            .sign(privateKey);
        },
      ],
      [
        'a token signed by an unknown key',
        async () => {
          const { privateKey } = await generateKeyPair('ES256');
          return new SignJWT(claims())
            .setProtectedHeader({ alg: 'ES256', kid: 'unknown-kid' })
            .setIssuer(TOKEN_ISSUER)
            .setAudience(TOKEN_AUDIENCE)
            .setExpirationTime('1h')
            .sign(privateKey);
        },
      ],
      [
        'an HS256 token',
        async () =>
          new SignJWT(claims())
            .setProtectedHeader({ alg: 'HS256', kid })
            .setIssuer(TOKEN_ISSUER)
            .setAudience(TOKEN_AUDIENCE)
            .setExpirationTime('1h')
            .sign(new TextEncoder().encode('a shared secret that Roster never accepts')),
      ],
      [
        'a token for another audience',
        async () => {
          const { privateKey } = await t.keys.current();
          return new SignJWT(claims())
            .setProtectedHeader({ alg: 'ES256', kid })
            .setIssuer(TOKEN_ISSUER)
            .setAudience('someone-else')
            .setExpirationTime('1h')
            .sign(privateKey);
        },
      ],
      [
        'a token without exp',
        async () => {
          const { privateKey } = await t.keys.current();
          return new SignJWT(claims())
            .setProtectedHeader({ alg: 'ES256', kid })
            .setIssuer(TOKEN_ISSUER)
            .setAudience(TOKEN_AUDIENCE)
            .sign(privateKey);
        },
      ],
    ];

    it.each(invalidTokens)('returns 401 invalid_token for %s', async (_case, makeToken) => {
      const response = await t.scim('GET', '/Users', { token: await makeToken() });
      expectScimError(response, 401, undefined, expect.stringMatching(/^invalid bearer token: /));
      expect(response.headers['www-authenticate']).toBe(INVALID_TOKEN);
    });

    it('returns 401 before revealing whether a tenant exists', async () => {
      const response = await t.scim('GET', '/Users', { tenant: 'nope', token: null });
      expectScimError(response, 401);
    });
  });

  describe('tenant binding', () => {
    it('returns 403 for a token of globex on an acme path', async () => {
      const response = await t.scim('GET', '/Users', { token: await t.token('globex') });
      expectScimError(response, 403, undefined, 'the token is not valid for this tenant');
    });

    it('returns 404 for a tenant that does not exist', async () => {
      const response = await t.scim('GET', '/Users', {
        tenant: 'nope',
        token: await t.token('nope'),
      });
      expectScimError(response, 404, undefined, 'tenant "nope" not found');
    });
  });

  describe('scopes', () => {
    it('lets a scim:read token read', async () => {
      const token = await t.token('acme', ['scim:read']);
      expect((await t.scim('GET', '/Users', { token })).statusCode).toBe(200);
      expect((await t.scim('GET', '/Groups', { token })).statusCode).toBe(200);
      expect((await t.scim('GET', '/ServiceProviderConfig', { token })).statusCode).toBe(200);
    });

    it.each([
      ['POST', '/Users', { userName: 'read-only-write' }],
      ['PUT', `/Users/${UNKNOWN_ID}`, { userName: 'read-only-write' }],
      [
        'PATCH',
        `/Users/${UNKNOWN_ID}`,
        {
          schemas: [URN.patchOp],
          Operations: [{ op: 'replace', path: 'displayName', value: 'x' }],
        },
      ],
      ['DELETE', `/Users/${UNKNOWN_ID}`, undefined],
      ['POST', '/Groups', { displayName: 'read-only-write' }],
      ['POST', '/Bulk', { schemas: [URN.bulkRequest], Operations: [] }],
    ] as const)('returns 403 for %s %s with a scim:read token', async (method, path, body) => {
      const token = await t.token('acme', ['scim:read']);
      const response = await t.scim(method, path, { token, ...(body ? { body } : {}) });
      expectScimError(response, 403, undefined, 'this request needs the scim:write scope');
    });

    it('returns 403 for a GET with a token that has only scim:write', async () => {
      const response = await t.scim('GET', '/Users', {
        token: await t.token('acme', ['scim:write']),
      });
      expectScimError(response, 403, undefined, 'this request needs the scim:read scope');
    });
  });

  describe('tenant isolation', () => {
    let foreignUser: { id: string };
    let foreignGroup: { id: string };
    beforeAll(async () => {
      foreignUser = bodyOf(
        await t.scim('POST', '/Users', { tenant: 'globex', body: { userName: 'globex.user' } }),
      ) as {
        id: string;
      };
      foreignGroup = bodyOf(
        await t.scim('POST', '/Groups', {
          tenant: 'globex',
          body: { displayName: 'Globex Group' },
        }),
      ) as { id: string };
    });

    it.each([
      ['GET', undefined],
      ['PUT', { userName: 'hijacked' }],
      [
        'PATCH',
        {
          schemas: [URN.patchOp],
          Operations: [{ op: 'replace', path: 'userName', value: 'hijacked' }],
        },
      ],
      ['DELETE', undefined],
    ] as const)('returns 404 for %s of a globex user through acme', async (method, body) => {
      const response = await t.scim(method, `/Users/${foreignUser.id}`, body ? { body } : {});
      expectScimError(response, 404);
    });

    it('returns 404 for a globex group through acme', async () => {
      expectScimError(await t.scim('GET', `/Groups/${foreignGroup.id}`), 404);
      expectScimError(await t.scim('DELETE', `/Groups/${foreignGroup.id}`), 404);
    });

    it('does not accept a globex user or group as an acme group member', async () => {
      for (const id of [foreignUser.id, foreignGroup.id]) {
        const response = await t.scim('POST', '/Groups', {
          body: { displayName: `Poached ${id}`, members: [{ value: id }] },
        });
        expectScimError(response, 400, 'invalidValue', expect.stringContaining(id));
      }
    });

    it('leaves the globex user untouched by every acme request', async () => {
      const response = await t.scim('GET', `/Users/${foreignUser.id}`, { tenant: 'globex' });
      expect(response.statusCode).toBe(200);
      expect(bodyOf(response)).toMatchObject({ id: foreignUser.id, userName: 'globex.user' });
    });
  });
});
