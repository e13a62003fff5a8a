import type { FastifyInstance } from 'fastify';
import { searchResources, type SearchPart } from '../../provisioning/index.js';
import { scimError } from '../../scim/errors.js';
import { URN } from '../../scim/urns.js';
import type { AppDeps } from '../app-deps.js';
import { parseSearchRequest } from '../list-request.js';
import { sendScim } from '../scim-reply.js';
import { tenantOf } from '../tenant-scope.js';
import { registerMethodNotAllowed } from './method-not-allowed.js';

/**
 * POST /.search across Users and Groups (RFC 7644 §3.4.3). Both types are searched with the same
 * filter; an attribute unknown to one of them makes that type contribute nothing. Pagination is
 * by index only: a cursor would have to span two keysets.
 */
export function registerRootSearchRoute(app: FastifyInstance, deps: AppDeps): void {
  app.post('/.search', { config: { scope: 'scim:read' } }, async (request, reply) => {
    const ctx = tenantOf(request);
    const parts: SearchPart[] = [];
    let firstError: unknown;
    for (const resourceType of ['User', 'Group'] as const) {
      try {
        const { list, readOptions } = parseSearchRequest(deps, ctx, resourceType, request.body);
        if (list.cursor !== undefined) {
          throw scimError.invalidValue(
            'cursor pagination is offered on /Users and /Groups; search the root by startIndex',
          );
        }
        parts.push({ resourceType, list, read: readOptions });
      } catch (error) {
        firstError ??= error;
      }
    }
    if (parts.length === 0)
      throw firstError ?? scimError.invalidFilter('the filter matches no resource type');
    return sendScim(reply, 200, {
      schemas: [URN.listResponse],
      ...(await searchResources(ctx, parts)),
    });
  });
  registerMethodNotAllowed(app, '/.search', ['POST']);
}
