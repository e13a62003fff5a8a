import { decodeJwt } from 'jose';
import type { AuthStore } from '../provisioning/ports.js';
import {
  createExternalIssuerVerifier,
  type ExternalIssuerOptions,
} from './external-issuer-verifier.js';
import type { KeyRing } from './key-ring.js';
import type { Principal } from './principal.js';
import { createRevocationList } from './revocation-list.js';
import { invalidToken, readBearerToken, TOKEN_ISSUER, verifyRosterToken } from './tokens.js';

/** Authenticates the `Authorization` header of a request to `tenantId`'s endpoints. */
export type Authenticator = (
  authorization: string | undefined,
  tenantId: string,
) => Promise<Principal>;

export interface AuthenticatorOptions extends ExternalIssuerOptions {
  /** Verified tokens remembered (bounded LRU). */
  maxEntries?: number;
  /** How stale the revoked-token set may be (default 1 s). */
  revocationRefreshMs?: number;
}

/**
 * Verifies bearer tokens (RFC 6750) issued by Roster or by the tenant's external issuer, remembers
 * verified ones until they expire, and checks every request against the revoked `jti`s.
 */
export function createAuthenticator(
  keys: KeyRing,
  store: AuthStore,
  options: AuthenticatorOptions = {},
): Authenticator {
  const maxEntries = options.maxEntries ?? 10_000;
  const cache = new Map<string, Principal>();
  const revocations = createRevocationList(store, {
    ...(options.revocationRefreshMs !== undefined
      ? { refreshMs: options.revocationRefreshMs }
      : {}),
  });
  const verifyExternal = createExternalIssuerVerifier(store, options);

  const verify = async (token: string, tenantId: string): Promise<Principal> => {
    let issuer: unknown;
    try {
      issuer = decodeJwt(token).iss;
    } catch {
      throw invalidToken('malformed token');
    }
    if (issuer === TOKEN_ISSUER) return verifyRosterToken(keys, token);
    if (typeof issuer !== 'string' || issuer === '') throw invalidToken('issuer not accepted');
    return verifyExternal(token, tenantId, issuer);
  };

  return async (authorization, tenantId) => {
    const token = readBearerToken(authorization);
    // External tokens are bound to the tenant whose issuer accepted them, so the key holds both.
    const key = `${tenantId}\n${token}`;
    let principal = cache.get(key);
    if (principal && (principal.expiresAt ?? 0) <= Date.now()) {
      cache.delete(key);
      principal = undefined;
    }
    if (principal) {
      cache.delete(key);
      cache.set(key, principal);
    } else {
      principal = await verify(token, tenantId);
      if (principal.expiresAt !== undefined) {
        if (cache.size >= maxEntries) cache.delete(cache.keys().next().value as string);
        cache.set(key, principal);
      }
    }
    if (principal.tokenId !== undefined && (await revocations.isRevoked(principal.tokenId))) {
      throw invalidToken('revoked');
    }
    return principal;
  };
}
