import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseNames } from '../../support/databases.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';
import { expectScimError } from '../scim-expectations.js';
import { expectValidOpenApi31, openApiPathOf } from './openapi-checks.js';

type Json = Record<string, unknown>;

describe('GET /openapi.json and /docs', () => {
  let t: TestApp;
  let doc: Json;
  beforeAll(async () => {
    t = await createTestApp(testDatabaseNames[0]!);
    const response = await t.app.inject({ method: 'GET', url: '/openapi.json' });
    expect(response.statusCode).toBe(200);
    doc = JSON.parse(response.body) as Json;
  });
  afterAll(async () => {
    await t?.close();
  });

  const paths = () => doc.paths as Record<string, Record<string, Json>>;
  const schemas = () => (doc.components as { schemas: Record<string, Json> }).schemas;

  it('serves a structurally valid OpenAPI 3.1 document', () => {
    expectValidOpenApi31(doc);
  });

  it('describes every registered route that is not hidden, with its method', () => {
    // HEAD mirrors GET; methods outside OpenAPI 3.1 (QUERY, PROPFIND…) cannot be described.
    const describable = ['GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'PATCH', 'TRACE'];
    const missing = t.app.registeredRoutes
      .filter((route) => describable.includes(route.method) && !route.hidden)
      .filter((route) => !paths()[openApiPathOf(route.url)]?.[route.method.toLowerCase()])
      .map((route) => `${route.method} ${route.url}`);
    expect(missing).toEqual([]);
    expect(t.app.registeredRoutes.length).toBeGreaterThan(40);
  });

  it('hides only the docs assets and the 405 answers of unsupported methods', async () => {
    const hidden = t.app.registeredRoutes.filter((r) => r.hidden && !r.url.startsWith('/docs'));
    expect(hidden.length).toBeGreaterThan(0);
    for (const route of hidden) {
      const url = route.url.replace(':tenantId', 'acme').replace(/:[A-Za-z]+/g, 'x');
      const response = await t.app.inject({
        method: route.method as 'GET',
        url,
        headers: { authorization: `Bearer ${await t.token()}` },
      });
      expect(response.statusCode, `${route.method} ${route.url}`).toBe(405);
    }
  });

  it('documents every SCIM endpoint with its RFC 7644 operations and a bearer requirement', () => {
    const base = '/api/v1/tenants/{tenantId}/scim/v2';
    const expected: Record<string, string[]> = {
      '/Users': ['get', 'post'],
      '/Users/{id}': ['get', 'put', 'patch', 'delete'],
      '/Users/.search': ['post'],
      '/Groups': ['get', 'post'],
      '/Groups/{id}': ['get', 'put', 'patch', 'delete'],
      '/Groups/.search': ['post'],
      '/.search': ['post'],
      '/Bulk': ['post'],
      '/ServiceProviderConfig': ['get'],
      '/ResourceTypes': ['get'],
      '/Schemas': ['get'],
    };
    for (const [path, methods] of Object.entries(expected)) {
      for (const method of methods) {
        const operation = paths()[`${base}${path}`]?.[method];
        expect(operation?.security, `${method} ${path}`).toEqual([{ bearerAuth: [] }]);
        expect(typeof operation?.summary).toBe('string');
      }
    }
    const patch = paths()[`${base}/Users/{id}`]!.patch!;
    expect(patch.requestBody).toMatchObject({
      content: { 'application/scim+json': { schema: { $ref: '#/components/schemas/PatchOp' } } },
    });
  });

  it('describes Bulk with the reference SCIMBulkRequest and SCIMBulkResponse shapes', () => {
    const bulk = paths()['/api/v1/tenants/{tenantId}/scim/v2/Bulk']!.post!;
    expect(bulk.requestBody).toMatchObject({
      required: true,
      content: {
        'application/scim+json': { schema: { $ref: '#/components/schemas/SCIMBulkRequest' } },
      },
    });
    expect(bulk.responses).toMatchObject({
      200: {
        content: {
          'application/scim+json': { schema: { $ref: '#/components/schemas/SCIMBulkResponse' } },
        },
      },
    });
    const fields = (name: string) => ({
      properties: Object.keys(schemas()[name]!.properties as Json).sort(),
      required: schemas()[name]!.required,
    });
    expect(fields('SCIMBulkRequest')).toEqual({
      properties: ['Operations', 'failOnErrors', 'schemas'],
      required: ['Operations'],
    });
    expect(fields('SCIMBulkOperation')).toEqual({
      properties: ['bulkId', 'data', 'method', 'path', 'version'],
      required: ['method', 'path'],
    });
    expect(fields('SCIMBulkResponse')).toEqual({
      properties: ['Operations', 'schemas'],
      required: ['Operations'],
    });
    expect(fields('SCIMBulkResponseOperation')).toEqual({
      properties: ['bulkId', 'location', 'method', 'response', 'status', 'version'],
      required: ['method', 'status'],
    });
    expect(schemas().SCIMBulkOperation!.properties).toMatchObject({
      bulkId: { type: ['string', 'null'] },
      data: { type: ['object', 'null'] },
    });
  });

  it('describes the OAuth token endpoint as a form post answering a token or an OAuth error', () => {
    const token = paths()['/api/v1/oauth/token']?.post;
    expect(token?.requestBody).toMatchObject({
      content: { 'application/x-www-form-urlencoded': { schema: { required: ['grant_type'] } } },
    });
    expect(token?.responses).toMatchObject({
      200: {
        content: {
          'application/json': { schema: { $ref: '#/components/schemas/OAuthTokenResponse' } },
        },
      },
    });
  });

  it('leaves body validation to the SCIM engine, so a bad Bulk body still gets a SCIM error', async () => {
    const response = await t.scim('POST', '/Bulk', {
      body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'], Operations: 'none' },
    });
    expectScimError(response, 400, 'invalidSyntax');
  });

  it('renders the reference at /docs from the installed package, with no external assets', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/docs' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    const assets = [...page.body.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(assets.length).toBeGreaterThan(0);
    for (const asset of assets) expect(asset).not.toMatch(/^(https?:)?\/\//);
    const bundle = await t.app.inject({ method: 'GET', url: '/docs/static/swagger-ui-bundle.js' });
    expect(bundle.statusCode).toBe(200);
    expect(bundle.body.length).toBeGreaterThan(100_000);
    const initializer = await t.app.inject({
      method: 'GET',
      url: '/docs/static/swagger-initializer.js',
    });
    expect(initializer.body).toContain('json');
  });
});
