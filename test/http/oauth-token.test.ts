import { decodeJwt, decodeProtectedHeader } from 'jose';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOAuthClient } from '../../src/auth/index.js';
import { testDatabaseNames } from '../support/databases.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { bodyOf, expectScimError } from './scim-expectations.js';

const TOKEN_PATH = '/api/v1/oauth/token';
const FORM = 'application/x-www-form-urlencoded';

const basic = (id: string, secret: string) =>
  `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;

function expectOAuthError(
  response: LightMyRequestResponse,
  status: number,
  error: string,
  description: unknown = expect.any(String),
): void {
  expect({
    status: response.statusCode,
    contentType: response.headers['content-type'],
    cacheControl: response.headers['cache-control'],
    pragma: response.headers['pragma'],
    body: bodyOf(response),
  }).toEqual({
    status,
    contentType: 'application/json; charset=utf-8',
    cacheControl: 'no-store',
    pragma: 'no-cache',
    body: { error, error_description: description },
  });
}

describe.each(testDatabaseNames)('OAuth 2.0 token endpoint over %s', (database) => {
  let t: TestApp;
  let client: { id: string; secret: string };
  let readOnly: { id: string; secret: string };
  beforeAll(async () => {
    t = await createTestApp(database, {}, { auth: { revocationRefreshMs: 0 } });
    const created = await createOAuthClient(t.store.auth, {
      tenantId: 'acme',
      scopes: ['scim:read', 'scim:write'],
      name: 'Okta',
    });
    client = { id: created.record.clientId, secret: created.clientSecret };
    const reader = await createOAuthClient(t.store.auth, {
      tenantId: 'acme',
      scopes: ['scim:read'],
    });
    readOnly = { id: reader.record.clientId, secret: reader.clientSecret };
  });
  afterAll(async () => {
    await t?.close();
  });

  const post = (payload: string, headers: Record<string, string> = {}) =>
    t.app.inject({
      method: 'POST',
      url: TOKEN_PATH,
      headers: { 'content-type': FORM, ...headers },
      payload,
    });
  const form = (values: Record<string, string>) => new URLSearchParams(values).toString();

  describe('client credentials grant (RFC 6749 §4.4)', () => {
    it('issues a bearer token to a client authenticated with HTTP Basic', async () => {
      const response = await post(form({ grant_type: 'client_credentials' }), {
        authorization: basic(client.id, client.secret),
      });
      expect(response.statusCode).toBe(200);
      expect(response.headers['cache-control']).toBe('no-store');
      expect(response.headers['pragma']).toBe('no-cache');
      const body = bodyOf(response);
      expect(body).toEqual({
        access_token: expect.any(String),
        token_type: 'Bearer',
        expires_in: 3600,
        scope: 'scim:read scim:write',
      });
      const claims = decodeJwt(body.access_token as string);
      expect(claims).toMatchObject({
        iss: 'roster',
        aud: 'roster-scim',
        tenant_id: 'acme',
        client_id: client.id,
        sub: `client:${client.id}`,
        scope: 'scim:read scim:write',
        jti: expect.any(String),
      });
      expect(decodeProtectedHeader(body.access_token as string).kid).toBe(
        (await t.keys.current()).kid,
      );
      const scim = await t.scim('POST', '/Users', {
        token: body.access_token as string,
        body: { userName: 'oauth.client.user' },
      });
      expect(scim.statusCode).toBe(201);
    });

    it('issues a token to a client authenticated with client_id and client_secret in the body', async () => {
      const response = await post(
        form({
          grant_type: 'client_credentials',
          client_id: client.id,
          client_secret: client.secret,
        }),
      );
      expect(response.statusCode).toBe(200);
      expect(bodyOf(response).scope).toBe('scim:read scim:write');
    });

    it('narrows the token to the requested scope', async () => {
      const response = await post(form({ grant_type: 'client_credentials', scope: 'scim:read' }), {
        authorization: basic(client.id, client.secret),
      });
      const body = bodyOf(response);
      expect(body.scope).toBe('scim:read');
      const token = body.access_token as string;
      expect((await t.scim('GET', '/Users', { token })).statusCode).toBe(200);
      expectScimError(
        await t.scim('POST', '/Users', { token, body: { userName: 'narrowed' } }),
        403,
        undefined,
        'this request needs the scim:write scope',
      );
    });

    it('grants only the scopes the client may have when it asks for more', async () => {
      const response = await post(
        form({ grant_type: 'client_credentials', scope: 'scim:read scim:write' }),
        { authorization: basic(readOnly.id, readOnly.secret) },
      );
      expect(response.statusCode).toBe(200);
      expect(bodyOf(response).scope).toBe('scim:read');
    });

    it('binds the token to the client tenant: another tenant path answers 403', async () => {
      const response = await post(form({ grant_type: 'client_credentials' }), {
        authorization: basic(client.id, client.secret),
      });
      const token = bodyOf(response).access_token as string;
      expectScimError(await t.scim('GET', '/Users', { tenant: 'globex', token }), 403);
    });
  });

  describe('errors (RFC 6749 §5.2)', () => {
    it('returns 401 invalid_client with a Basic challenge without client authentication', async () => {
      const response = await post(form({ grant_type: 'client_credentials' }));
      expectOAuthError(response, 401, 'invalid_client');
      expect(response.headers['www-authenticate']).toBe('Basic realm="roster"');
    });

    it('returns 401 invalid_client for a wrong secret over Basic', async () => {
      const response = await post(form({ grant_type: 'client_credentials' }), {
        authorization: basic(client.id, `${client.secret}x`),
      });
      expectOAuthError(response, 401, 'invalid_client', 'client authentication failed');
      expect(response.headers['www-authenticate']).toBe('Basic realm="roster"');
    });

    it('returns 401 invalid_client for a wrong secret in the body', async () => {
      const response = await post(
        form({ grant_type: 'client_credentials', client_id: client.id, client_secret: 'nope' }),
      );
      expectOAuthError(response, 401, 'invalid_client', 'client authentication failed');
    });

    it('returns 401 invalid_client for an unknown client id', async () => {
      const response = await post(form({ grant_type: 'client_credentials' }), {
        authorization: basic('00000000-0000-4000-8000-000000000000', client.secret),
      });
      expectOAuthError(response, 401, 'invalid_client', 'client authentication failed');
    });

    it('returns 401 invalid_client for a malformed Basic header', async () => {
      const response = await post(form({ grant_type: 'client_credentials' }), {
        authorization: 'Basic !!!',
      });
      expectOAuthError(response, 401, 'invalid_client');
    });

    it('returns 400 invalid_request when grant_type is missing', async () => {
      const response = await post(form({}), { authorization: basic(client.id, client.secret) });
      expectOAuthError(response, 400, 'invalid_request', 'grant_type is required');
    });

    it('returns 400 unsupported_grant_type for another grant', async () => {
      const response = await post(form({ grant_type: 'password', username: 'a', password: 'b' }), {
        authorization: basic(client.id, client.secret),
      });
      expectOAuthError(response, 400, 'unsupported_grant_type');
    });

    it('returns 400 invalid_scope for an unknown scope', async () => {
      const response = await post(form({ grant_type: 'client_credentials', scope: 'admin' }), {
        authorization: basic(client.id, client.secret),
      });
      expectOAuthError(response, 400, 'invalid_scope', 'unknown scope "admin"');
    });

    it('returns 400 invalid_scope when the client may have none of the requested scopes', async () => {
      const response = await post(form({ grant_type: 'client_credentials', scope: 'scim:write' }), {
        authorization: basic(readOnly.id, readOnly.secret),
      });
      expectOAuthError(response, 400, 'invalid_scope');
    });

    it('returns 400 invalid_request for a repeated parameter', async () => {
      const response = await post('grant_type=client_credentials&grant_type=client_credentials', {
        authorization: basic(client.id, client.secret),
      });
      expectOAuthError(response, 400, 'invalid_request', 'the parameter grant_type is repeated');
    });

    it('returns 400 invalid_request when two client authentication methods are used', async () => {
      const response = await post(
        form({ grant_type: 'client_credentials', client_secret: client.secret }),
        { authorization: basic(client.id, client.secret) },
      );
      expectOAuthError(
        response,
        400,
        'invalid_request',
        'use one client authentication method only',
      );
    });

    it('returns 400 invalid_request for a JSON body', async () => {
      const response = await t.app.inject({
        method: 'POST',
        url: TOKEN_PATH,
        headers: {
          'content-type': 'application/json',
          authorization: basic(client.id, client.secret),
        },
        payload: JSON.stringify({ grant_type: 'client_credentials' }),
      });
      expectOAuthError(
        response,
        400,
        'invalid_request',
        'the request body must be application/x-www-form-urlencoded',
      );
    });

    it('returns 400 invalid_request for a body over 16 KiB', async () => {
      const response = await post(
        form({ grant_type: 'client_credentials', pad: 'x'.repeat(20_000) }),
        {
          authorization: basic(client.id, client.secret),
        },
      );
      expectOAuthError(response, 400, 'invalid_request');
    });

    it('rejects a revoked client and every token issued to it', async () => {
      const doomed = await createOAuthClient(t.store.auth, {
        tenantId: 'acme',
        scopes: ['scim:read'],
      });
      const auth = { authorization: basic(doomed.record.clientId, doomed.clientSecret) };
      const issued = bodyOf(await post(form({ grant_type: 'client_credentials' }), auth));
      const token = issued.access_token as string;
      expect((await t.scim('GET', '/Users', { token })).statusCode).toBe(200);
      expect(
        await t.store.auth.revokeClient(doomed.record.clientId, new Date().toISOString()),
      ).toBe(true);
      expectOAuthError(
        await post(form({ grant_type: 'client_credentials' }), auth),
        401,
        'invalid_client',
      );
      expectScimError(
        await t.scim('GET', '/Users', { token }),
        401,
        undefined,
        'invalid bearer token: revoked',
      );
    });
  });

  it('stores client secrets only as scrypt hashes', async () => {
    const stored = await t.store.auth.getClient(client.id);
    expect(stored?.secretHash).toMatch(/^scrypt\$/);
    expect(stored?.secretHash).not.toContain(client.secret);
  });
});
