import { SignJWT, decodeProtectedHeader, errors, jwtVerify } from 'jose';
import { randomUUID } from 'node:crypto';
import { scimError } from '../scim/errors.js';
import { SIGNING_ALGORITHM, type KeyRing } from './key-ring.js';
import type { Principal, Scope } from './principal.js';

export const TOKEN_ISSUER = 'roster';
export const TOKEN_AUDIENCE = 'roster-scim';

export interface IssueTokenOptions {
  tenantId: string;
  scopes: readonly Scope[];
  ttlSeconds: number;
  subject?: string;
}

/** Signs a bearer JWT for a tenant (RFC 7519, RFC 9068 claim names: `scope`, `jti`). */
export async function issueToken(keys: KeyRing, options: IssueTokenOptions): Promise<string> {
  const key = await keys.current();
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ tenant_id: options.tenantId, scope: options.scopes.join(' ') })
    .setProtectedHeader({ alg: SIGNING_ALGORITHM, kid: key.kid, typ: 'JWT' })
    .setIssuer(TOKEN_ISSUER)
    .setAudience(TOKEN_AUDIENCE)
    .setSubject(options.subject ?? `tenant:${options.tenantId}`)
    .setJti(randomUUID())
    .setIssuedAt(now)
    .setExpirationTime(now + options.ttlSeconds)
    .sign(key.privateKey);
}

const challenge = (error?: string) => ({
  'www-authenticate': error ? `Bearer realm="roster", error="${error}"` : 'Bearer realm="roster"',
});

/** Verifies `Authorization: Bearer <jwt>` (RFC 6750 §2.1) and returns the caller; 401 otherwise. */
export async function verifyBearer(
  keys: KeyRing,
  authorization: string | undefined,
): Promise<Principal> {
  if (!authorization) {
    throw scimError.unauthorized(
      'authentication required: send Authorization: Bearer <token>',
      challenge(),
    );
  }
  const match = /^Bearer[ ]+([A-Za-z0-9\-_.~+/]+=*)\s*$/i.exec(authorization);
  if (!match?.[1]) {
    throw scimError.unauthorized(
      'the Authorization header must be "Bearer <token>"',
      challenge('invalid_request'),
    );
  }
  const token = match[1];
  const invalid = (why: string) =>
    scimError.unauthorized(`invalid bearer token: ${why}`, challenge('invalid_token'));
  let kid: string | undefined;
  try {
    const header = decodeProtectedHeader(token);
    if (header.alg !== SIGNING_ALGORITHM)
      throw invalid(`algorithm ${String(header.alg)} is not accepted`);
    kid = header.kid;
  } catch (error) {
    if (error instanceof Error && error.name === 'ScimError') throw error;
    throw invalid('malformed token');
  }
  if (!kid) throw invalid('no key id (kid)');
  const key = await keys.publicKey(kid);
  if (!key) throw invalid('signed by an unknown key');
  try {
    const { payload } = await jwtVerify(token, key, {
      algorithms: [SIGNING_ALGORITHM],
      issuer: TOKEN_ISSUER,
      audience: TOKEN_AUDIENCE,
      requiredClaims: ['exp', 'tenant_id'],
    });
    if (typeof payload.tenant_id !== 'string') throw invalid('no tenant');
    const scope = typeof payload.scope === 'string' ? payload.scope : '';
    return {
      tenantId: payload.tenant_id,
      subject: payload.sub ?? '',
      scopes: new Set(scope.split(' ').filter((s) => s !== '')),
      tokenId: payload.jti,
      expiresAt: typeof payload.exp === 'number' ? payload.exp * 1000 : undefined,
    };
  } catch (error) {
    if (error instanceof errors.JWTExpired) throw invalid('expired');
    if (error instanceof errors.JOSEError) throw invalid(error.message);
    throw error;
  }
}

/** Verifies bearer tokens, remembering verified ones until they expire (bounded LRU). */
export function createBearerVerifier(
  keys: KeyRing,
  options: { maxEntries?: number } = {},
): (authorization: string | undefined) => Promise<Principal> {
  const maxEntries = options.maxEntries ?? 10_000;
  const cache = new Map<string, { principal: Principal; expiresAt: number }>();
  return async (authorization) => {
    if (authorization) {
      const hit = cache.get(authorization);
      if (hit) {
        if (hit.expiresAt > Date.now()) {
          cache.delete(authorization);
          cache.set(authorization, hit);
          return hit.principal;
        }
        cache.delete(authorization);
      }
    }
    const principal = await verifyBearer(keys, authorization);
    if (authorization && principal.expiresAt !== undefined) {
      if (cache.size >= maxEntries) cache.delete(cache.keys().next().value as string);
      cache.set(authorization, { principal, expiresAt: principal.expiresAt });
    }
    return principal;
  };
}
