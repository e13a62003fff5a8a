import { Transform, type Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { BULK_LIMIT_RANGES, runBulk } from '../../provisioning/index.js';
import { parseBulkRequest, type BulkLimits } from '../../scim/bulk/index.js';
import { scimError } from '../../scim/errors.js';
import type { AppDeps } from '../app-deps.js';
import { normalisePatchRequest } from '../compat/index.js';
import { rememberBulkResponse } from '../operations/bulk-outcome.js';
import { recordBulkActivity } from '../operations/request-telemetry.js';
import { sendScim } from '../scim-reply.js';
import { tenantBulkLimits } from '../tenant-bulk-limits.js';
import { tenantOf } from '../tenant-scope.js';
import { registerMethodNotAllowed } from './method-not-allowed.js';

/** `Prefer` preferences Roster honours on Bulk (RFC 7240): see docs/bulk.md. */
export const BULK_PREFERENCES = {
  /** Every operation's `response` carries the resource it created or modified. */
  returnRepresentation: 'return=representation',
  /** Any failed operation rolls back the whole request. */
  allOrNothing: 'transaction=all-or-nothing',
} as const;

/**
 * The ServiceProviderConfig extension schema that advertises the Bulk preferences (an extension
 * in the sense of RFC 7643 §3.3, since §5 `bulk` has no member for them); see docs/bulk.md.
 */
export const BULK_PREFERENCES_URN = 'urn:roster:params:scim:schemas:extension:2.0:BulkPreferences';

/** The body of the BULK_PREFERENCES_URN extension in ServiceProviderConfig (RFC 7240 `Prefer`). */
export function describeBulkPreferences() {
  return {
    returnRepresentation: { supported: true, prefer: BULK_PREFERENCES.returnRepresentation },
    allOrNothing: { supported: true, prefer: BULK_PREFERENCES.allOrNothing },
  };
}

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

const payloadTooLarge = (limit: number) =>
  scimError.payloadTooLarge(`the request exceeds maxPayloadSize (${limit} bytes)`);

/** Passes the body through, failing at the first byte over `limit` so nothing larger is buffered. */
function limitPayload(payload: Readable, limit: number): Readable {
  let received = 0;
  const limited = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      received += chunk.length;
      if (received > limit) callback(payloadTooLarge(limit));
      else callback(null, chunk);
    },
  });
  payload.on('error', (error) => limited.destroy(error));
  return payload.pipe(limited);
}

/** The tenant's Bulk limits, looked up before its body is read. */
const limitsOfRequest = new WeakMap<FastifyRequest, BulkLimits>();

/** POST /Bulk (RFC 7644 §3.7): one transaction, a savepoint per operation, answers in request order. */
export function registerBulkRoute(app: FastifyInstance, deps: AppDeps): void {
  app.post(
    '/Bulk',
    {
      // The tenant's maxPayloadSize, which may exceed the deployment's, is enforced in preParsing.
      bodyLimit: BULK_LIMIT_RANGES.maxPayloadSize.max,
      config: { scope: 'scim:write' },
      preParsing: async (request, _reply, payload) => {
        const { tenantId } = request.params as { tenantId: string };
        const limits = await tenantBulkLimits(deps, tenantId);
        limitsOfRequest.set(request, limits);
        const declared = Number(request.headers['content-length']);
        if (declared > limits.maxPayloadSize) throw payloadTooLarge(limits.maxPayloadSize);
        return limitPayload(payload, limits.maxPayloadSize);
      },
    },
    async (request, reply) => {
      const ctx = tenantOf(request);
      const limits = limitsOfRequest.get(request) ?? deps.config.bulk;
      const bulk = parseBulkRequest(request.body, limits);
      const prefer = preferences(request);
      let response;
      try {
        response = await runBulk(ctx, bulk, {
          returnResources: prefer.has(BULK_PREFERENCES.returnRepresentation),
          allOrNothing: prefer.has(BULK_PREFERENCES.allOrNothing),
          preparePatch: (data, resourceType) =>
            normalisePatchRequest(ctx.registry, resourceType, data).operations,
          beforeCommit: recordBulkActivity(deps, request, reply),
        });
      } catch (error) {
        // Entries written in a transaction that then failed to commit are gone with it: the
        // failed request is recorded afterwards like any other.
        request.recordedActivity = null;
        throw error;
      }
      rememberBulkResponse(request, response);
      return sendScim(reply, 200, response);
    },
  );
  registerMethodNotAllowed(app, '/Bulk', ['POST']);
}
