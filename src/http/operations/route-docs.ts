import type { RouteOptions } from 'fastify';
import type { JsonSchema } from './openapi-schemas.js';

const SCIM_MEDIA = ['application/scim+json', 'application/json'];
const bearer = [{ bearerAuth: [] }];
const ref = (id: string): JsonSchema => ({ $ref: `${id}#` });
const scimErrors = (...statuses: number[]): JsonSchema =>
  Object.fromEntries(
    statuses.map((status) => [status, { description: 'SCIM error', ...ref('ScimError') }]),
  );

const tenantParam = { tenantId: { type: 'string', description: 'The tenant id' } };
const idParams: JsonSchema = {
  type: 'object',
  required: ['tenantId', 'id'],
  properties: { ...tenantParam, id: { type: 'string', description: 'The resource id' } },
};
const tenantParams: JsonSchema = {
  type: 'object',
  required: ['tenantId'],
  properties: tenantParam,
};
const readQuery = {
  attributes: { type: 'string', description: 'Comma-separated attributes to return' },
  excludedAttributes: { type: 'string', description: 'Comma-separated attributes to leave out' },
};
const listQuery: JsonSchema = {
  type: 'object',
  properties: {
    filter: { type: 'string', description: 'RFC 7644 §3.4.2.2 filter' },
    sortBy: { type: 'string' },
    sortOrder: { type: 'string', enum: ['ascending', 'descending'] },
    startIndex: { type: 'integer', minimum: 1 },
    count: { type: 'integer', minimum: 0 },
    cursor: { type: 'string', description: 'RFC 9865 cursor (empty for the first page)' },
    ...readQuery,
  },
};

function scimRoute(
  tag: string,
  summary: string,
  parts: { params?: JsonSchema; querystring?: JsonSchema; body?: string; ok: [number, JsonSchema] },
  errors: number[],
): JsonSchema {
  return {
    tags: [tag],
    summary,
    security: bearer,
    params: parts.params ?? tenantParams,
    ...(parts.querystring ? { querystring: parts.querystring } : {}),
    ...(parts.body ? { body: ref(parts.body), consumes: SCIM_MEDIA } : {}),
    produces: ['application/scim+json'],
    response: { [parts.ok[0]]: parts.ok[1], ...scimErrors(401, 403, ...errors) },
  };
}

function resourceDocs(
  plural: 'Users' | 'Groups',
  schema: 'User' | 'Group',
): [string, JsonSchema][] {
  const resource = { description: `The ${schema}`, ...ref(schema) };
  const query = { type: 'object', properties: readQuery };
  return [
    [
      `POST /${plural}`,
      scimRoute(
        plural,
        `Create a ${schema} (RFC 7644 §3.3)`,
        { querystring: query, body: schema, ok: [201, resource] },
        [400, 409],
      ),
    ],
    [
      `GET /${plural}`,
      scimRoute(
        plural,
        `List or filter ${plural} (RFC 7644 §3.4.2)`,
        { querystring: listQuery, ok: [200, ref('ListResponse')] },
        [400],
      ),
    ],
    [
      `POST /${plural}/.search`,
      scimRoute(
        plural,
        `Search ${plural} by POST (RFC 7644 §3.4.3)`,
        { body: 'SearchRequest', ok: [200, ref('ListResponse')] },
        [400],
      ),
    ],
    [
      `GET /${plural}/:id`,
      scimRoute(
        plural,
        `Get a ${schema} (RFC 7644 §3.4.1)`,
        { params: idParams, querystring: query, ok: [200, resource] },
        [304, 404],
      ),
    ],
    [
      `PUT /${plural}/:id`,
      scimRoute(
        plural,
        `Replace a ${schema} (RFC 7644 §3.5.1)`,
        { params: idParams, querystring: query, body: schema, ok: [200, resource] },
        [400, 404, 409, 412],
      ),
    ],
    [
      `PATCH /${plural}/:id`,
      scimRoute(
        plural,
        `Modify a ${schema} (RFC 7644 §3.5.2)`,
        { params: idParams, querystring: query, body: 'PatchOp', ok: [200, resource] },
        [400, 404, 409, 412],
      ),
    ],
    [
      `DELETE /${plural}/:id`,
      scimRoute(
        plural,
        `Delete a ${schema} (RFC 7644 §3.6)`,
        { params: idParams, ok: [204, { description: 'Deleted', type: 'null' }] },
        [404, 412],
      ),
    ],
  ];
}

const anyObject: JsonSchema = { type: 'object', additionalProperties: true };

/** Documentation schemas of the SCIM routes, by method and path below `/scim/v2`. */
const SCIM_DOCS = new Map<string, JsonSchema>([
  ...resourceDocs('Users', 'User'),
  ...resourceDocs('Groups', 'Group'),
  [
    'POST /.search',
    scimRoute(
      'Search',
      'Search Users and Groups (RFC 7644 §3.4.3)',
      { body: 'SearchRequest', ok: [200, ref('ListResponse')] },
      [400],
    ),
  ],
  [
    'POST /Bulk',
    scimRoute(
      'Bulk',
      'Bulk Operation (RFC 7644 §3.7)',
      {
        body: 'SCIMBulkRequest',
        ok: [
          200,
          { description: 'Per-operation results in request order', ...ref('SCIMBulkResponse') },
        ],
      },
      [400, 413],
    ),
  ],
  [
    'GET /ServiceProviderConfig',
    scimRoute(
      'Discovery',
      'Service provider configuration (RFC 7644 §4)',
      { ok: [200, anyObject] },
      [],
    ),
  ],
  [
    'GET /ResourceTypes',
    scimRoute('Discovery', 'Resource types (RFC 7644 §4)', { ok: [200, ref('ListResponse')] }, []),
  ],
  [
    'GET /ResourceTypes/:name',
    scimRoute(
      'Discovery',
      'One resource type (RFC 7644 §4)',
      {
        params: { type: 'object', properties: { ...tenantParam, name: { type: 'string' } } },
        ok: [200, anyObject],
      },
      [404],
    ),
  ],
  [
    'GET /Schemas',
    scimRoute('Discovery', 'Schemas (RFC 7644 §4)', { ok: [200, ref('ListResponse')] }, []),
  ],
  [
    'GET /Schemas/:urn',
    scimRoute(
      'Discovery',
      'One schema (RFC 7644 §4)',
      {
        params: { type: 'object', properties: { ...tenantParam, urn: { type: 'string' } } },
        ok: [200, anyObject],
      },
      [404],
    ),
  ],
]);

const health = (summary: string): JsonSchema => ({
  tags: ['Operations'],
  summary,
  response: { 200: ref('HealthStatus'), 503: ref('HealthStatus') },
});

/** Documentation schemas of the routes outside the SCIM base path, by method and full path. */
const OTHER_DOCS = new Map<string, JsonSchema>([
  ['GET /healthz', health('Liveness: the process is up')],
  ['GET /readyz', health('Readiness: the database is reachable and migrated')],
  [
    'GET /.well-known/jwks.json',
    {
      tags: ['OAuth'],
      summary: 'Public keys Roster signs tokens with (RFC 7517)',
      response: { 200: anyObject },
    },
  ],
  [
    'POST /api/v1/oauth/token',
    {
      tags: ['OAuth'],
      summary: 'Client credentials token endpoint (RFC 6749 §4.4)',
      consumes: ['application/x-www-form-urlencoded'],
      body: {
        type: 'object',
        required: ['grant_type'],
        properties: {
          grant_type: { type: 'string', enum: ['client_credentials'] },
          scope: { type: 'string', examples: ['scim:read scim:write'] },
          client_id: { type: 'string' },
          client_secret: { type: 'string', writeOnly: true },
        },
      },
      security: [{ clientBasic: [] }, {}],
      response: { 200: ref('OAuthTokenResponse'), 400: ref('OAuthError'), 401: ref('OAuthError') },
    },
  ],
  [
    'GET /metrics',
    {
      tags: ['Operations'],
      summary: 'Prometheus metrics (bearer ROSTER_METRICS_TOKEN when set)',
      produces: ['text/plain'],
      response: { 200: { type: 'string' }, 401: ref('ScimError') },
    },
  ],
  [
    'GET /openapi.json',
    { tags: ['Operations'], summary: 'This OpenAPI 3.1 document', response: { 200: anyObject } },
  ],
  [
    'GET /api/v1/tenants/:tenantId/activity',
    {
      tags: ['Operations'],
      summary: 'Provisioning activity of a tenant, newest first (scope scim:read)',
      security: bearer,
      params: tenantParams,
      querystring: {
        type: 'object',
        properties: {
          since: {
            type: 'string',
            description: 'ISO 8601 time or a duration before now (15m, 1h, 7d)',
          },
          until: { type: 'string' },
          resource: { type: 'string', description: 'Only this resource id' },
          status: { type: 'string', description: 'A status (404) or class (4xx)' },
          limit: { type: 'integer', minimum: 1, maximum: 500 },
          cursor: { type: 'string', description: 'nextCursor of the previous page' },
        },
      },
      response: { 200: ref('ActivityPage'), ...scimErrors(400, 401, 403, 404) },
    },
  ],
]);

const SCIM_BASE = /^\/api\/v1\/tenants\/:tenantId\/scim\/v2(\/.*)$/;

/** Accepts every value: SCIM bodies are validated by the SCIM engine so errors stay RFC 7644 shaped. */
const acceptAll = () => () => true;
const plainJson = () => (data: unknown) => JSON.stringify(data);

/**
 * Gives a route its documentation schema when it has none of its own, with validation and
 * serialisation left to the handler (the schema describes, the SCIM engine decides).
 */
export function documentRoute(route: RouteOptions): void {
  if (route.schema !== undefined) return;
  const methods = Array.isArray(route.method) ? route.method : [route.method];
  if (methods.length !== 1) return;
  const suffix = SCIM_BASE.exec(route.url)?.[1];
  const key = `${methods[0]} ${suffix ?? route.url}`;
  const schema = suffix !== undefined ? SCIM_DOCS.get(key) : OTHER_DOCS.get(key);
  if (!schema) return;
  route.schema = schema;
  route.validatorCompiler = acceptAll;
  route.serializerCompiler = plainJson;
}
