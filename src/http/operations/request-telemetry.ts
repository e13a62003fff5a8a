import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ActivityEntry, TenantStore } from '../../provisioning/index.js';
import type { BulkResponse } from '../../scim/bulk/index.js';
import type { AppDeps } from '../app-deps.js';
import {
  bulkEntries,
  countByStatus,
  normalisersApplied,
  singleWriteEntry,
  writeRouteOf,
  type ActivityBase,
} from './activity-entries.js';
import { bulkResponseOf } from './bulk-outcome.js';
import type { RosterMetrics } from './metrics.js';
import { observeWrites, type WriteEvent } from './observe-writes.js';

declare module 'fastify' {
  interface FastifyRequest {
    writeEvents: WriteEvent[] | null;
    /** Activity entries already written inside the request's own transaction. */
    recordedActivity: ActivityEntry[] | null;
  }
}

function routeOf(request: FastifyRequest): string {
  return request.routeOptions.url ?? 'unmatched';
}

function baseOf(request: FastifyRequest, reply: FastifyReply): ActivityBase {
  return {
    time: new Date(Date.now() - reply.elapsedTime).toISOString(),
    tenantId: request.tenant?.store.tenantId ?? '',
    clientId: request.principal?.subject ?? null,
    tokenId: request.principal?.tokenId ?? null,
    requestId: request.id,
  };
}

function parseJson(payload: unknown): unknown {
  if (typeof payload !== 'string') return undefined;
  try {
    return JSON.parse(payload);
  } catch {
    return undefined;
  }
}

function activityOf(
  deps: AppDeps,
  metrics: RosterMetrics,
  request: FastifyRequest,
  reply: FastifyReply,
  payload: unknown,
): ActivityEntry[] {
  const route = writeRouteOf(request.method, request.routeOptions.url);
  if (!route || !request.tenant) return [];
  const base = baseOf(request, reply);
  const events = request.writeEvents ?? [];
  if (route.kind === 'single') {
    const resourceId = (request.params as { id?: string }).id;
    return [
      singleWriteEntry(
        base,
        {
          method: request.method,
          resourceType: route.resourceType,
          resourceId,
          status: reply.statusCode,
          normalisers:
            request.method === 'PATCH'
              ? normalisersApplied(deps.registry, route.resourceType, request.body, resourceId)
              : [],
        },
        events,
      ),
    ];
  }
  const entries =
    request.recordedActivity ??
    bulkEntries(
      base,
      deps.registry,
      request.body,
      reply.statusCode,
      bulkResponseOf(request) ?? parseJson(payload),
      events,
    );
  const operations = entries.filter((entry) => entry.resourceType !== 'Bulk');
  // One counter update per method and status, not per operation.
  const counted = new Map<string, Map<number, number>>();
  for (const entry of operations) {
    let byStatus = counted.get(entry.method);
    if (byStatus === undefined) counted.set(entry.method, (byStatus = new Map()));
    byStatus.set(entry.status, (byStatus.get(entry.status) ?? 0) + 1);
  }
  for (const [method, byStatus] of counted) {
    for (const [status, count] of byStatus) {
      metrics.bulkOperations.inc({ method, status: String(status) }, count);
    }
  }
  request.log.info(
    {
      tenant: base.tenantId,
      clientId: base.clientId,
      status: reply.statusCode,
      bulk: { operations: operations.length, byStatus: countByStatus(operations) },
    },
    'bulk request completed',
  );
  return entries;
}

/**
 * The `beforeCommit` step of a Bulk request: writes its activity entries (one per answered
 * operation) in the request's own transaction, so they commit with the operations or not at all
 * and the response needs no second transaction. The entries are those the log would otherwise
 * write after the request (a 200 answer); onSend then only reports them. If they cannot be
 * written there (in a savepoint, so the operations are unaffected), onSend writes them as before.
 */
export function recordBulkActivity(
  deps: AppDeps,
  request: FastifyRequest,
  reply: FastifyReply,
): (response: BulkResponse, store: TenantStore) => Promise<void> {
  return async (response, store) => {
    // A transaction run again (PostgreSQL retries serialization failures) starts over.
    request.recordedActivity = null;
    if (!request.tenant || !request.writeEvents) return;
    const entries = bulkEntries(
      baseOf(request, reply),
      deps.registry,
      request.body,
      200,
      response,
      request.writeEvents,
    );
    try {
      await store.recordActivity(entries);
      request.recordedActivity = entries;
    } catch {
      // As for any write, a log that cannot be written never fails the request: the entries are
      // then recorded after it, as for single writes, and a second failure is logged there.
    }
  };
}

/**
 * Installs request telemetry: one completion log line and HTTP metrics per request, and an
 * activity log entry per provisioning write (written before the response leaves, so a client
 * that sees the answer can also see the entry). Returns the hook the tenant scope adds after
 * authentication to observe the writes of a request.
 */
export function installRequestTelemetry(
  app: FastifyInstance,
  deps: AppDeps,
  metrics: RosterMetrics,
): (request: FastifyRequest) => Promise<void> {
  app.decorateRequest('writeEvents', null);
  app.decorateRequest('recordedActivity', null);

  app.addHook('onSend', async (request, reply, payload) => {
    const entries = activityOf(deps, metrics, request, reply, payload);
    if (entries.length > 0 && entries !== request.recordedActivity) {
      try {
        await deps.store.recordActivity(entries);
      } catch (error) {
        request.log.error({ err: error }, 'could not record provisioning activity');
      }
    }
    return payload;
  });

  app.addHook('onResponse', async (request, reply) => {
    const labels = {
      route: routeOf(request),
      method: request.method,
      status: String(reply.statusCode),
      tenant: request.tenant?.store.tenantId ?? '',
    };
    metrics.httpRequests.inc(labels);
    metrics.httpDuration.observe(labels, reply.elapsedTime / 1000);
    request.log.info(
      {
        tenant: labels.tenant || undefined,
        clientId: request.principal?.subject,
        method: request.method,
        route: labels.route,
        status: reply.statusCode,
        durationMs: Math.round(reply.elapsedTime * 100) / 100,
      },
      'request completed',
    );
  });

  return async (request) => {
    if (!request.tenant || !writeRouteOf(request.method, request.routeOptions.url)) return;
    const events: WriteEvent[] = [];
    request.writeEvents = events;
    request.tenant = { ...request.tenant, store: observeWrites(request.tenant.store, events) };
  };
}
