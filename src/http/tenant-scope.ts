import type { FastifyRequest } from 'fastify';
import { createAuthenticator, type Principal, type Scope } from '../auth/index.js';
import type { TenantContext } from '../provisioning/index.js';
import { scimError } from '../scim/errors.js';
import type { AppDeps } from './app-deps.js';

/** Route config: the scope a route needs (RFC 6749 §3.3 scopes `scim:read` / `scim:write`). */
export interface ScopeConfig {
  scope?: Scope;
  bodyLimitDetail?: string;
}

declare module 'fastify' {
  /** Route config Roster reads: kept here so it coexists with plugins that extend it too. */
  interface FastifyContextConfig {
    scope?: Scope;
    bodyLimitDetail?: string;
  }
  interface FastifyRequest {
    principal: Principal | null;
    tenant: TenantContext | null;
  }
}

/** The tenant context of an authenticated tenant request (set by the auth hook). */
export function tenantOf(request: FastifyRequest): TenantContext {
  if (!request.tenant)
    throw new Error('tenant context missing: route registered outside the tenant scope');
  return request.tenant;
}

/** The base URL clients reach this server at: ROSTER_PUBLIC_URL, or the request's own origin. */
export function publicBase(deps: AppDeps, request: FastifyRequest): string {
  return deps.config.publicUrl ?? `${request.protocol}://${request.host}`;
}

/**
 * Authenticates the bearer token, binds it to the path's tenant, applies the rate limits and
 * checks the route's scope (RFC 6750; tenant binding: 403 for another tenant's path, 404 for an
 * unknown tenant).
 */
export function createTenantAuth(
  deps: AppDeps,
  limit: (request: FastifyRequest, tenantId: string) => Promise<void> = async () => undefined,
) {
  const authenticate = createAuthenticator(deps.keys, deps.store.auth, deps.auth);
  // Tenants seen to exist, for one second: every request needs the check, and a deleted tenant's
  // tokens are revoked with it, so a second of grace costs nothing.
  const knownTenants = new Map<string, number>();
  const tenantExists = async (tenantId: string): Promise<boolean> => {
    const until = knownTenants.get(tenantId);
    if (until !== undefined && until > Date.now()) return true;
    const exists = (await deps.store.getTenant(tenantId)) !== undefined;
    if (exists) {
      if (knownTenants.size >= 10_000) knownTenants.clear();
      knownTenants.set(tenantId, Date.now() + 1000);
    } else {
      knownTenants.delete(tenantId);
    }
    return exists;
  };
  return async (request: FastifyRequest): Promise<void> => {
    const tenantId = (request.params as { tenantId: string }).tenantId;
    const principal = await authenticate(request.headers.authorization, tenantId);
    if (principal.tenantId !== tenantId) {
      throw scimError.forbidden('the token is not valid for this tenant');
    }
    request.principal = principal;
    await limit(request, tenantId);
    if (!(await tenantExists(tenantId))) throw scimError.notFound(`tenant "${tenantId}" not found`);
    const needed = (request.routeOptions.config as ScopeConfig | undefined)?.scope;
    if (needed && !principal.scopes.has(needed)) {
      throw scimError.forbidden(`this request needs the ${needed} scope`);
    }
    request.tenant = {
      store: deps.store.forTenant(tenantId),
      registry: deps.registry,
      baseUrl: `${publicBase(deps, request)}/api/v1/tenants/${encodeURIComponent(tenantId)}/scim/v2`,
      hashPassword: deps.hashPassword,
      now: () => new Date(),
    };
  };
}
