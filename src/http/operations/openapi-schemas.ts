import { URN } from '../../scim/urns.js';

/** A JSON Schema object as the OpenAPI document carries it. */
export type JsonSchema = Record<string, unknown>;

const nullable = (type: string): JsonSchema => ({ type: [type, 'null'] });
const ref = (id: string): JsonSchema => ({ $ref: `${id}#` });

/** The loose shape of a SCIM resource: the SCIM engine, not the OpenAPI schema, validates bodies. */
function resourceSchema(id: string, description: string, properties: JsonSchema): JsonSchema {
  return {
    $id: id,
    description,
    type: 'object',
    additionalProperties: true,
    properties: {
      schemas: { type: 'array', items: { type: 'string' } },
      id: { type: 'string', readOnly: true },
      externalId: { type: 'string' },
      meta: { type: 'object', readOnly: true, additionalProperties: true },
      ...properties,
    },
  };
}

/**
 * Named schemas of the OpenAPI document (components.schemas). The Bulk shapes follow the
 * reference's SCIMBulkRequest / SCIMBulkOperation / SCIMBulkResponse / SCIMBulkResponseOperation.
 */
export const OPENAPI_SCHEMAS: readonly JsonSchema[] = [
  {
    $id: 'ScimError',
    description: 'SCIM error response (RFC 7644 §3.12).',
    type: 'object',
    required: ['schemas', 'status'],
    properties: {
      schemas: { type: 'array', items: { type: 'string', const: URN.error } },
      status: { type: 'string', examples: ['400'] },
      scimType: { type: 'string', examples: ['invalidFilter'] },
      detail: { type: 'string' },
    },
  },
  resourceSchema('User', 'SCIM User (RFC 7643 §4.1), with the enterprise extension (§4.3).', {
    userName: { type: 'string' },
    name: { type: 'object', additionalProperties: true },
    displayName: { type: 'string' },
    active: { type: 'boolean' },
    emails: { type: 'array', items: { type: 'object', additionalProperties: true } },
    password: { type: 'string', writeOnly: true },
    groups: {
      type: 'array',
      readOnly: true,
      items: { type: 'object', additionalProperties: true },
    },
  }),
  resourceSchema('Group', 'SCIM Group (RFC 7643 §4.2).', {
    displayName: { type: 'string' },
    members: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          value: { type: 'string' },
          display: { type: 'string' },
          type: { type: 'string' },
        },
      },
    },
  }),
  {
    $id: 'PatchOp',
    description: 'SCIM PATCH request (RFC 7644 §3.5.2).',
    type: 'object',
    required: ['schemas', 'Operations'],
    properties: {
      schemas: { type: 'array', items: { type: 'string', const: URN.patchOp } },
      Operations: {
        type: 'array',
        items: {
          type: 'object',
          required: ['op'],
          properties: {
            op: { type: 'string', enum: ['add', 'remove', 'replace'] },
            path: { type: 'string' },
            value: {},
          },
        },
      },
    },
  },
  {
    $id: 'SearchRequest',
    description: 'SCIM query by POST (RFC 7644 §3.4.3).',
    type: 'object',
    properties: {
      schemas: { type: 'array', items: { type: 'string', const: URN.searchRequest } },
      filter: { type: 'string' },
      sortBy: { type: 'string' },
      sortOrder: { type: 'string', enum: ['ascending', 'descending'] },
      startIndex: { type: 'integer', minimum: 1 },
      count: { type: 'integer', minimum: 0 },
      cursor: { type: 'string', description: 'RFC 9865 cursor (empty for the first page)' },
      attributes: { type: 'array', items: { type: 'string' } },
      excludedAttributes: { type: 'array', items: { type: 'string' } },
    },
  },
  {
    $id: 'ListResponse',
    description: 'SCIM list response (RFC 7644 §3.4.2).',
    type: 'object',
    required: ['schemas', 'totalResults'],
    properties: {
      schemas: { type: 'array', items: { type: 'string', const: URN.listResponse } },
      totalResults: { type: 'integer' },
      startIndex: { type: 'integer' },
      itemsPerPage: { type: 'integer' },
      nextCursor: { type: 'string', description: 'RFC 9865: the cursor of the next page' },
      previousCursor: { type: 'string', description: 'RFC 9865: the cursor of the previous page' },
      Resources: { type: 'array', items: { type: 'object', additionalProperties: true } },
    },
  },
  {
    $id: 'SCIMBulkOperation',
    description: 'SCIM Bulk operation (RFC 7644 Section 3.7).',
    type: 'object',
    required: ['method', 'path'],
    properties: {
      method: { type: 'string', enum: ['POST', 'PUT', 'PATCH', 'DELETE'] },
      bulkId: nullable('string'),
      version: nullable('string'),
      path: { type: 'string' },
      data: nullable('object'),
    },
  },
  {
    $id: 'SCIMBulkRequest',
    description: 'SCIM Bulk request.',
    type: 'object',
    required: ['Operations'],
    properties: {
      schemas: { type: 'array', items: { type: 'string' }, default: [URN.bulkRequest] },
      failOnErrors: nullable('integer'),
      Operations: { type: 'array', items: ref('SCIMBulkOperation') },
    },
  },
  {
    $id: 'SCIMBulkResponseOperation',
    description: 'SCIM Bulk response operation.',
    type: 'object',
    required: ['method', 'status'],
    properties: {
      method: { type: 'string' },
      bulkId: nullable('string'),
      version: nullable('string'),
      location: nullable('string'),
      status: { type: 'string' },
      response: nullable('object'),
    },
  },
  {
    $id: 'SCIMBulkResponse',
    description: 'SCIM Bulk response.',
    type: 'object',
    required: ['Operations'],
    properties: {
      schemas: { type: 'array', items: { type: 'string' }, default: [URN.bulkResponse] },
      Operations: { type: 'array', items: ref('SCIMBulkResponseOperation') },
    },
  },
  {
    $id: 'ActivityEntry',
    description: 'One provisioning write recorded in the activity log.',
    type: 'object',
    properties: {
      time: { type: 'string', format: 'date-time' },
      clientId: nullable('string'),
      tokenId: nullable('string'),
      requestId: { type: 'string' },
      method: { type: 'string' },
      resourceType: { type: 'string', enum: ['User', 'Group', 'Bulk'] },
      resourceId: nullable('string'),
      status: { type: 'integer' },
      bulk: {
        type: ['object', 'null'],
        properties: {
          requestId: { type: 'string' },
          operationIndex: { type: 'integer' },
          bulkId: nullable('string'),
        },
      },
      normalisers: { type: 'array', items: { type: 'string' } },
      versionBefore: nullable('string'),
      versionAfter: nullable('string'),
    },
  },
  {
    $id: 'ActivityPage',
    description: 'A page of activity, newest first.',
    type: 'object',
    required: ['entries', 'nextCursor'],
    properties: {
      entries: { type: 'array', items: ref('ActivityEntry') },
      nextCursor: nullable('string'),
    },
  },
  {
    $id: 'OAuthTokenResponse',
    description: 'OAuth 2.0 access token response (RFC 6749 §5.1).',
    type: 'object',
    required: ['access_token', 'token_type'],
    properties: {
      access_token: { type: 'string' },
      token_type: { type: 'string', const: 'Bearer' },
      expires_in: { type: 'integer' },
      scope: { type: 'string' },
    },
  },
  {
    $id: 'OAuthError',
    description: 'OAuth 2.0 error response (RFC 6749 §5.2).',
    type: 'object',
    required: ['error'],
    properties: { error: { type: 'string' }, error_description: { type: 'string' } },
  },
  {
    $id: 'HealthStatus',
    type: 'object',
    required: ['status'],
    properties: {
      status: { type: 'string', enum: ['ok', 'unavailable'] },
      reason: { type: 'string' },
    },
  },
];
