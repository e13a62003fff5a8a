import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  createResourceTypeDocuments,
  createSchemaDocuments,
  createServiceProviderConfig,
  type ServiceProviderFeatures,
} from '../../scim/discovery/index.js';
import { CURSOR_TIMEOUT_SECONDS } from '../../provisioning/index.js';
import { scimError } from '../../scim/errors.js';
import type { ScimResource } from '../../scim/schema/index.js';
import { URN } from '../../scim/urns.js';
import type { AppDeps } from '../app-deps.js';
import { param, type QueryParams } from '../query-params.js';
import { sendScim } from '../scim-reply.js';
import { tenantBulkLimits } from '../tenant-bulk-limits.js';
import { tenantOf, type ScopeConfig } from '../tenant-scope.js';
import { DEFAULT_PAGE_SIZE } from '../list-request.js';
import { BULK_PREFERENCES_URN, describeBulkPreferences } from './bulk-route.js';
import { registerMethodNotAllowed } from './method-not-allowed.js';

const read: ScopeConfig = { scope: 'scim:read' };

/** What this server really does, as ServiceProviderConfig reports it (RFC 7643 §5). */
export function serviceProviderFeatures(deps: AppDeps): ServiceProviderFeatures {
  return {
    documentationUri: 'https://github.com/roster-scim/roster#readme',
    patch: true,
    bulk: { supported: true, ...deps.config.bulk },
    filter: { supported: true, maxResults: deps.config.filterMaxResults },
    changePassword: true,
    sort: true,
    etag: true,
    pagination: {
      cursor: true,
      index: true,
      defaultPaginationMethod: 'index',
      defaultPageSize: DEFAULT_PAGE_SIZE,
      maxPageSize: deps.config.filterMaxResults,
      cursorTimeout: CURSOR_TIMEOUT_SECONDS,
    },
  };
}

/** Adds the extension that advertises the Bulk `Prefer` options (docs/bulk.md). */
function withBulkPreferences(config: ScimResource): ScimResource {
  const { meta, ...rest } = config;
  return {
    ...rest,
    schemas: [URN.serviceProviderConfig, BULK_PREFERENCES_URN],
    [BULK_PREFERENCES_URN]: describeBulkPreferences(),
    meta,
  };
}

function rejectFilter(request: FastifyRequest): void {
  if (param(request.query as QueryParams, 'filter') !== undefined) {
    throw scimError.forbidden('discovery endpoints do not support filtering (RFC 7644 §4)');
  }
}

function listResponse(resources: unknown[]) {
  return {
    schemas: [URN.listResponse],
    totalResults: resources.length,
    startIndex: 1,
    itemsPerPage: resources.length,
    Resources: resources,
  };
}

/** Registers /ServiceProviderConfig, /ResourceTypes and /Schemas (RFC 7644 §4). */
export function registerDiscoveryRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.get('/ServiceProviderConfig', { config: read }, async (request, reply) => {
    rejectFilter(request);
    const ctx = tenantOf(request);
    const bulk = await tenantBulkLimits(deps, ctx.store.tenantId);
    const features = serviceProviderFeatures(deps);
    const config = createServiceProviderConfig(
      { ...features, bulk: { ...features.bulk, ...bulk } },
      ctx.baseUrl,
    );
    return sendScim(reply, 200, withBulkPreferences(config));
  });
  app.get('/ResourceTypes', { config: read }, async (request, reply) => {
    rejectFilter(request);
    return sendScim(
      reply,
      200,
      listResponse(createResourceTypeDocuments(deps.registry, tenantOf(request).baseUrl)),
    );
  });
  app.get<{ Params: { name: string } }>(
    '/ResourceTypes/:name',
    { config: read },
    async (request, reply) => {
      const found = createResourceTypeDocuments(deps.registry, tenantOf(request).baseUrl).find(
        (doc) => String(doc.id).toLowerCase() === request.params.name.toLowerCase(),
      );
      if (!found) throw scimError.notFound(`resource type "${request.params.name}" not found`);
      return sendScim(reply, 200, found);
    },
  );
  app.get('/Schemas', { config: read }, async (request, reply) => {
    rejectFilter(request);
    return sendScim(
      reply,
      200,
      listResponse(createSchemaDocuments(deps.registry, tenantOf(request).baseUrl)),
    );
  });
  app.get<{ Params: { urn: string } }>(
    '/Schemas/:urn',
    { config: read },
    async (request, reply) => {
      const found = createSchemaDocuments(deps.registry, tenantOf(request).baseUrl).find(
        (doc) => String(doc.id).toLowerCase() === request.params.urn.toLowerCase(),
      );
      if (!found) throw scimError.notFound(`schema "${request.params.urn}" not found`);
      return sendScim(reply, 200, found);
    },
  );
  for (const url of [
    '/ServiceProviderConfig',
    '/ResourceTypes',
    '/ResourceTypes/:name',
    '/Schemas',
    '/Schemas/:urn',
  ]) {
    registerMethodNotAllowed(app, url, ['GET']);
  }
}
