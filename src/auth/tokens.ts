import { SignJWT, decodeProtectedHeader, errors, jwtVerify } from 'jose';
import { randomUUID } from 'node:crypto';
import { scimError, type ScimError } from '../scim/errors.js';
import { SIGNING_ALGORITHM, type KeyRing } from './key-ring.js';
import type { Principal, Scope } from './principal.js';

export const TOKEN_ISSUER = 'roster';
export const TOKEN_AUDIENCE = 'roster-scim';

export interface IssueTokenOptions {
  tenantId: string;
  scopes: readonly Scope[];
  ttlSeconds: number;
  subject?: string;
  /** The `jti`; a random UUID when absent. */
  tokenId?: string;
  /** The OAuth client the token is issued to (RFC 9068 §2.2 `client_id`). */
  clientId?: string;
}

/** Signs a bearer JWT for a tenant (RFC 7519, RFC 9068 claim names: `scope`, `jti`, `client_id`). */
export async function issueToken(keys: KeyRing, options: IssueTokenOptions): Promise<string> {
  const key = await keys.current();
  const now = Math.floor(Date.now() / 1000);
  const claims: Record<string, string> = {
    tenant_id: options.tenantId,
    scope: options.scopes.join(' '),
  };
  if (options.clientId !== undefined) claims.client_id = options.clientId;
  return new SignJWT(claims)
    .setProtectedHeader({ alg: SIGNING_ALGORITHM, kid: key.kid, typ: 'JWT' })
    .setIssuer(TOKEN_ISSUER)
    .setAudience(TOKEN_AUDIENCE)
    .setSubject(options.subject ?? `tenant:${options.tenantId}`)
    .setJti(options.tokenId ?? randomUUID())
    .setIssuedAt(now)
    .setExpirationTime(now + options.ttlSeconds)
    .sign(key.privateKey);
}

const challenge = (error?: string) => ({
  'www-authenticate': error ? `Bearer realm="roster", error="${error}"` : 'Bearer realm="roster"',
});

/** The 401 for a bearer token that does not verify (RFC 6750 §3.1 `invalid_token`). */
export function invalidToken(why: string): ScimError {
  return scimError.unauthorized(`invalid bearer token: ${why}`, challenge('invalid_token'));
}

/** Extracts the token of `Authorization: Bearer <token>` (RFC 6750 §2.1); 401 otherwise. */
export function readBearerToken(authorization: string | undefined): string {
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
  return match[1];
}

/** Verifies a JWT Roster issued (RFC 7519 §7.2, ES256 only, iss/aud/exp required) and returns the caller. */
export async function verifyRosterToken(keys: KeyRing, token: string): Promise<Principal> {
  let kid: string | undefined;
  try {
    const header = decodeProtectedHeader(token);
    if (header.alg !== SIGNING_ALGORITHM)
      throw invalidToken(`algorithm ${String(header.alg)} is not accepted`);
    kid = header.kid;
  } catch (error) {
    if (error instanceof Error && error.name === 'ScimError') throw error;
    throw invalidToken('malformed token');
  }
  if (!kid) throw invalidToken('no key id (kid)');
  const key = await keys.publicKey(kid);
  if (!key) throw invalidToken('signed by an unknown key');
  try {
    const { payload } = await jwtVerify(token, key, {
      algorithms: [SIGNING_ALGORITHM],
      issuer: TOKEN_ISSUER,
      audience: TOKEN_AUDIENCE,
      requiredClaims: ['exp', 'tenant_id'],
    });
    if (typeof payload.tenant_id !== 'string') throw invalidToken('no tenant');
    const scope = typeof payload.scope === 'string' ? payload.scope : '';
    return {
      tenantId: payload.tenant_id,
      subject: payload.sub ?? '',
      scopes: new Set(scope.split(' ').filter((s) => s !== '')),
      tokenId: payload.jti,
      expiresAt: typeof payload.exp === 'number' ? payload.exp * 1000 : undefined,
    };
  } catch (error) {
    if (error instanceof errors.JWTExpired) throw invalidToken('expired');
    if (error instanceof errors.JOSEError) throw invalidToken(error.message);
    throw error;
  }
}

/** Verifies `Authorization: Bearer <jwt>` (RFC 6750 §2.1) against Roster's keys; 401 otherwise. */
export async function verifyBearer(
  keys: KeyRing,
  authorization: string | undefined,
): Promise<Principal> {
  return verifyRosterToken(keys, readBearerToken(authorization));
}
