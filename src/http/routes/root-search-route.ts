import type { FastifyInstance } from 'fastify';
import { listResources } from '../../provisioning/index.js';
import { scimError } from '../../scim/errors.js';
import { URN } from '../../scim/urns.js';
import type { AppDeps } from '../app-deps.js';
import { parseSearchRequest } from '../list-request.js';
import { sendScim } from '../scim-reply.js';
import { tenantOf } from '../tenant-scope.js';
import { registerMethodNotAllowed } from './method-not-allowed.js';

/**
 * POST /.search across Users and Groups (RFC 7644 §3.4.3). Both types are searched with the same
 * filter; an attribute unknown to one of them makes that type contribute nothing.
 */
export function registerRootSearchRoute(app: FastifyInstance, deps: AppDeps): void {
  app.post('/.search', { config: { scope: 'scim:read' } }, async (request, reply) => {
    const ctx = tenantOf(request);
    const parts = [];
    let firstError: unknown;
    for (const resourceType of ['User', 'Group'] as const) {
      try {
        const { list, readOptions } = parseSearchRequest(deps, ctx, resourceType, request.body);
        parts.push({
          list,
          result: await listResources(
            ctx,
            resourceType,
            { ...list, startIndex: 1, count: list.startIndex - 1 + list.count },
            readOptions,
          ),
        });
      } catch (error) {
        firstError ??= error;
      }
    }
    if (parts.length === 0)
      throw firstError ?? scimError.invalidFilter('the filter matches no resource type');
    const first = parts[0]!;
    const all = parts.flatMap((p) => p.result.Resources);
    const page = all.slice(first.list.startIndex - 1, first.list.startIndex - 1 + first.list.count);
    return sendScim(reply, 200, {
      schemas: [URN.listResponse],
      totalResults: parts.reduce((n, p) => n + p.result.totalResults, 0),
      startIndex: first.list.startIndex,
      itemsPerPage: page.length,
      Resources: page,
    });
  });
  registerMethodNotAllowed(app, '/.search', ['POST']);
}
