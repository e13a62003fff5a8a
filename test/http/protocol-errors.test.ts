import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { URN } from '../../src/scim/urns.js';
import { testDatabaseNames } from '../support/databases.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { bodyOf, expectScimError, SCIM_JSON } from './scim-expectations.js';

describe.each(testDatabaseNames)('protocol errors over %s', (database) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(database);
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('request bodies', () => {
    it('returns 400 invalidSyntax for malformed JSON', async () => {
      const response = await t.scim('POST', '/Users', { body: '{"userName": "broken",' });
      expectScimError(
        response,
        400,
        'invalidSyntax',
        expect.stringMatching(/^the request body is not valid JSON/),
      );
    });

    it('returns 400 invalidSyntax for an empty body', async () => {
      const response = await t.scim('POST', '/Users', { body: '' });
      expectScimError(response, 400, 'invalidSyntax', expect.any(String));
    });

    it.each([
      ['an array', '[{"userName":"array"}]'],
      ['a string', '"userName"'],
      ['null', 'null'],
    ])(
      'returns 400 invalidSyntax when the body is %s instead of an object',
      async (_case, body) => {
        const response = await t.scim('POST', '/Users', { body });
        expectScimError(response, 400, 'invalidSyntax', expect.any(String));
      },
    );

    it('returns 415 for a text/plain body', async () => {
      const response = await t.scim('POST', '/Users', {
        body: '{"userName":"plain"}',
        headers: { 'content-type': 'text/plain' },
      });
      expectScimError(
        response,
        415,
        undefined,
        'unsupported media type "text/plain": send application/scim+json or application/json',
      );
    });

    it('returns 415 for a body without a content type', async () => {
      const response = await t.app.inject({
        method: 'POST',
        url: `${t.base()}/Users`,
        headers: { authorization: `Bearer ${await t.token()}` },
        payload: Buffer.from('{"userName":"untyped"}'),
      });
      expect(response.statusCode).toBe(415);
      expect(response.headers['content-type']).toBe(SCIM_JSON);
    });

    it.each([
      'application/json',
      'application/json; charset=utf-8',
      'application/scim+json; charset=utf-8',
    ])('accepts a body sent as %s and answers in application/scim+json', async (contentType) => {
      const response = await t.scim('POST', '/Users', {
        body: { userName: `typed-${contentType}` },
        headers: { 'content-type': contentType },
      });
      expect(response.statusCode).toBe(201);
      expect(response.headers['content-type']).toBe(SCIM_JSON);
    });

    it('returns 413 for a body larger than the request limit', async () => {
      const response = await t.scim('POST', '/Users', {
        body: { userName: 'huge', displayName: 'x'.repeat(t.config.bodyLimit + 1) },
      });
      expectScimError(response, 413, undefined, expect.any(String));
    });

    it('returns 413 for a Bulk request larger than maxPayloadSize', async () => {
      const response = await t.scim('POST', '/Bulk', {
        body: {
          schemas: [URN.bulkRequest],
          Operations: [],
          padding: 'x'.repeat(t.config.bulk.maxPayloadSize + 1),
        },
      });
      expectScimError(
        response,
        413,
        undefined,
        `the request exceeds maxPayloadSize (${t.config.bulk.maxPayloadSize} bytes)`,
      );
    });

    it.each([
      ['a top-level __proto__ key', '{"userName":"proto","__proto__":{"active":true}}'],
      ['a nested __proto__ key', '{"userName":"proto","name":{"__proto__":{"givenName":"x"}}}'],
      [
        'a constructor.prototype key',
        '{"userName":"proto","constructor":{"prototype":{"active":true}}}',
      ],
    ])('returns 400 invalidSyntax, not 500, for %s', async (_case, body) => {
      const response = await t.scim('POST', '/Users', { body });
      expectScimError(response, 400, 'invalidSyntax', expect.any(String));
      expect(({} as Record<string, unknown>)['active']).toBeUndefined();
    });

    it('returns 400 invalidValue for an attribute the schema does not define', async () => {
      const response = await t.scim('POST', '/Users', {
        body: { userName: 'unknown-attr', favouriteColour: 'teal' },
      });
      expectScimError(response, 400, 'invalidValue', expect.stringContaining('favouriteColour'));
    });
  });

  describe('routing', () => {
    it('returns 404 with a SCIM body for an unknown SCIM endpoint', async () => {
      const response = await t.scim('GET', '/Widgets');
      expectScimError(
        response,
        404,
        undefined,
        'no endpoint GET /api/v1/tenants/acme/scim/v2/Widgets',
      );
    });

    it('returns 404 with a SCIM body for a path outside the SCIM base', async () => {
      const response = await t.app.inject({ method: 'GET', url: '/nowhere?x=1' });
      expectScimError(response, 404, undefined, 'no endpoint GET /nowhere');
    });

    it.each([
      ['PUT', '/Users', 'GET, POST'],
      ['DELETE', '/Groups', 'GET, POST'],
      ['POST', '/Users/00000000-0000-7000-8000-000000000000', 'GET, PUT, PATCH, DELETE'],
      ['GET', '/Bulk', 'POST'],
      ['DELETE', '/ServiceProviderConfig', 'GET'],
      ['POST', '/Schemas', 'GET'],
    ] as const)('returns 405 with an Allow header for %s %s', async (method, path, allow) => {
      const response = await t.scim(method, path);
      expectScimError(response, 405, undefined, expect.stringContaining(method));
      expect(response.headers.allow).toBe(allow);
    });

    it('sends an x-request-id header that the 500 detail would quote', async () => {
      const response = await t.scim('GET', '/Users?count=1');
      expect(response.statusCode).toBe(200);
      expect(response.headers['x-request-id']).toEqual(expect.any(String));
      expect(bodyOf(response)).toMatchObject({ schemas: [URN.listResponse] });
    });
  });

  describe('query parameters', () => {
    it.each(['startIndex=abc', 'count=1.5', 'count=ten'])(
      'returns 400 invalidValue for %s',
      async (query) => {
        const response = await t.scim('GET', `/Users?${query}`);
        expectScimError(
          response,
          400,
          'invalidValue',
          expect.stringContaining(query.split('=')[0] ?? ''),
        );
      },
    );

    it('returns 400 invalidValue for a sortOrder other than ascending or descending', async () => {
      const response = await t.scim('GET', '/Users?sortBy=userName&sortOrder=sideways');
      expectScimError(response, 400, 'invalidValue', expect.stringContaining('sideways'));
    });

    it('treats startIndex below 1 as 1 and a negative count as 0 (RFC 7644 §3.4.2.4)', async () => {
      const response = await t.scim('GET', '/Users?startIndex=0&count=-5');
      expect(response.statusCode).toBe(200);
      expect(bodyOf(response)).toMatchObject({ startIndex: 1, itemsPerPage: 0, Resources: [] });
    });
  });
});
