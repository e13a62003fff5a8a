import type { FastifyInstance, FastifyRequest } from 'fastify';
import { runBulk } from '../../provisioning/index.js';
import { parseBulkRequest } from '../../scim/bulk/index.js';
import type { AppDeps } from '../app-deps.js';
import { normalisePatchRequest } from '../compat/index.js';
import { sendScim } from '../scim-reply.js';
import { tenantOf } from '../tenant-scope.js';
import { registerMethodNotAllowed } from './method-not-allowed.js';

/** `Prefer` preferences Roster honours on Bulk (RFC 7240): see docs/bulk.md. */
export const BULK_PREFERENCES = {
  /** Every operation's `response` carries the resource it created or modified. */
  returnRepresentation: 'return=representation',
  /** Any failed operation rolls back the whole request. */
  allOrNothing: 'transaction=all-or-nothing',
} as const;

function preferences(request: FastifyRequest): Set<string> {
  const header = request.headers.prefer;
  const text = Array.isArray(header) ? header.join(',') : (header ?? '');
  return new Set(
    text
      .split(/[,;]/)
      .map((p) =>
        p
          .trim()
          .toLowerCase()
          .replace(/\s*=\s*/, '='),
      )
      .filter((p) => p !== ''),
  );
}

/** POST /Bulk (RFC 7644 §3.7): one transaction, a savepoint per operation, answers in request order. */
export function registerBulkRoute(app: FastifyInstance, deps: AppDeps): void {
  app.post(
    '/Bulk',
    {
      bodyLimit: deps.config.bulk.maxPayloadSize,
      config: {
        scope: 'scim:write',
        bodyLimitDetail: `the request exceeds maxPayloadSize (${deps.config.bulk.maxPayloadSize} bytes)`,
      },
    },
    async (request, reply) => {
      const ctx = tenantOf(request);
      const bulk = parseBulkRequest(request.body, deps.config.bulk);
      const prefer = preferences(request);
      const response = await runBulk(ctx, bulk, {
        returnResources: prefer.has(BULK_PREFERENCES.returnRepresentation),
        allOrNothing: prefer.has(BULK_PREFERENCES.allOrNothing),
        preparePatch: (data, resourceType) =>
          normalisePatchRequest(ctx.registry, resourceType, data).operations,
      });
      return sendScim(reply, 200, response);
    },
  );
  registerMethodNotAllowed(app, '/Bulk', ['POST']);
}
