import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  nextActivityCursor,
  parseActivityQuery,
  type ActivityRecord,
} from '../../provisioning/index.js';
import type { AppDeps } from '../app-deps.js';
import { param, type QueryParams } from '../query-params.js';
import { createTenantAuth, type ScopeConfig } from '../tenant-scope.js';

/** The wire form of one activity entry (see the ActivityEntry schema in /openapi.json). */
export function activityView(record: ActivityRecord) {
  return {
    time: record.time,
    clientId: record.clientId,
    tokenId: record.tokenId,
    requestId: record.requestId,
    method: record.method,
    resourceType: record.resourceType,
    resourceId: record.resourceId,
    status: record.status,
    bulk:
      record.operationIndex === null
        ? null
        : {
            requestId: record.requestId,
            operationIndex: record.operationIndex,
            bulkId: record.bulkId,
          },
    normalisers: record.normalisers,
    versionBefore: record.versionBefore,
    versionAfter: record.versionAfter,
  };
}

/** GET /api/v1/tenants/{tenantId}/activity: a tenant's provisioning activity, cursor-paginated. */
export function registerActivityRoute(app: FastifyInstance, deps: AppDeps): void {
  app.register(
    async (scope) => {
      scope.addHook('preHandler', createTenantAuth(deps));
      const read: ScopeConfig = { scope: 'scim:read' };
      scope.get('/activity', { config: read }, async (request: FastifyRequest) => {
        const tenantId = (request.params as { tenantId: string }).tenantId;
        const query = request.query as QueryParams;
        const page = await deps.store.listActivity(
          parseActivityQuery(
            tenantId,
            {
              since: param(query, 'since'),
              until: param(query, 'until'),
              resource: param(query, 'resource'),
              status: param(query, 'status'),
              limit: param(query, 'limit'),
              cursor: param(query, 'cursor'),
            },
            new Date(),
          ),
        );
        return { entries: page.entries.map(activityView), nextCursor: nextActivityCursor(page) };
      });
    },
    { prefix: '/api/v1/tenants/:tenantId' },
  );
}
