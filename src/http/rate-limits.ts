import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { RosterConfig } from '../config/index.js';
import { scimError, type ScimError } from '../scim/errors.js';

const WINDOW_MS = 60_000;

/** Checks one request against a limit; resolves to the seconds to wait when it is exceeded. */
export type Limiter = (request: FastifyRequest) => Promise<number | undefined>;

/** Installs `@fastify/rate-limit` without any global limit: limits are applied where a key is known. */
export function installRateLimiting(app: FastifyInstance): void {
  app.register(rateLimit, { global: false });
}

/** A fixed-window limiter of `max` requests per minute per key; undefined when `max` is 0 (disabled). */
export function createLimiter(
  scope: FastifyInstance,
  max: number,
  keyOf: (request: FastifyRequest) => string,
): Limiter | undefined {
  if (max === 0) return undefined;
  const check = scope.createRateLimit({ max, timeWindow: WINDOW_MS, keyGenerator: keyOf });
  return async (request) => {
    const result = await check(request);
    return !result.isAllowed && result.isExceeded ? Math.max(1, result.ttlInSeconds) : undefined;
  };
}

/** The 429 of a SCIM endpoint (RFC 6585 §4) with `Retry-After` (RFC 9110 §10.2.3). */
export function tooManyRequests(retryAfterSeconds: number, whom: string): ScimError {
  return scimError.tooManyRequests(
    `too many requests for this ${whom}; retry after ${retryAfterSeconds} seconds`,
    { 'retry-after': String(retryAfterSeconds) },
  );
}

/**
 * Per-tenant and per-client limits on SCIM requests (`ROSTER_TENANT_RATE_LIMIT_PER_MINUTE`,
 * `ROSTER_RATE_LIMIT_PER_MINUTE`); call after authentication, with the principal set.
 */
export function createTenantLimits(
  scope: FastifyInstance,
  limits: RosterConfig['rateLimit'],
): (request: FastifyRequest, tenantId: string) => Promise<void> {
  const tenantKey = (request: FastifyRequest) => `tenant\n${request.principal?.tenantId ?? ''}`;
  const clientKey = (request: FastifyRequest) =>
    `client\n${request.principal?.tenantId ?? ''}\n${request.principal?.subject ?? ''}`;
  const perTenant = createLimiter(scope, limits.perTenantPerMinute, tenantKey);
  const perClient = createLimiter(scope, limits.perClientPerMinute, clientKey);
  return async (request) => {
    const clientWait = perClient ? await perClient(request) : undefined;
    if (clientWait !== undefined) throw tooManyRequests(clientWait, 'client');
    const tenantWait = perTenant ? await perTenant(request) : undefined;
    if (tenantWait !== undefined) throw tooManyRequests(tenantWait, 'tenant');
  };
}
