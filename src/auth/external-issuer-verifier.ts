import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';
import type { AuthStore } from '../provisioning/ports.js';
import { scimError } from '../scim/errors.js';
import type { Principal } from './principal.js';
import { invalidToken } from './tokens.js';

/** Asymmetric algorithms only: a JWKS never holds a shared secret, so HS* is never accepted. */
export const EXTERNAL_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
];

export interface ExternalIssuerOptions {
  /** Shortest gap between two JWKS fetches caused by an unknown `kid` (jose default 30 s). */
  jwksCooldownMs?: number;
  /** How long a fetched JWKS is used before it is fetched again (jose default 10 min). */
  jwksMaxAgeMs?: number;
}

/** Verifies a JWT from a tenant's own identity provider, returning the caller. */
export type ExternalIssuerVerifier = (
  token: string,
  tenantId: string,
  issuer: string,
) => Promise<Principal>;

function scopesOf(payload: JWTPayload, claim: string): Set<string> {
  const value = payload[claim];
  if (typeof value === 'string') return new Set(value.split(' ').filter((s) => s !== ''));
  if (Array.isArray(value))
    return new Set(value.filter((s): s is string => typeof s === 'string' && s !== ''));
  return new Set();
}

/**
 * Accepts JWTs signed by a tenant's configured issuer (RFC 7519 §7.2) with keys from its JWKS URL
 * (RFC 7517 §5), fetched once per URL and cached, refetched when a token names an unknown `kid`.
 */
export function createExternalIssuerVerifier(
  store: Pick<AuthStore, 'getExternalIssuer'>,
  options: ExternalIssuerOptions = {},
): ExternalIssuerVerifier {
  const keySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();
  const keySetFor = (url: string) => {
    let keySet = keySets.get(url);
    if (!keySet) {
      keySet = createRemoteJWKSet(new URL(url), {
        ...(options.jwksCooldownMs !== undefined
          ? { cooldownDuration: options.jwksCooldownMs }
          : {}),
        ...(options.jwksMaxAgeMs !== undefined ? { cacheMaxAge: options.jwksMaxAgeMs } : {}),
      });
      keySets.set(url, keySet);
    }
    return keySet;
  };
  return async (token, tenantId, issuer) => {
    const config = await store.getExternalIssuer(tenantId);
    if (!config || config.issuer !== issuer) throw invalidToken('issuer not accepted');
    try {
      const { payload } = await jwtVerify(token, keySetFor(config.jwksUrl), {
        algorithms: EXTERNAL_ALGORITHMS,
        issuer: config.issuer,
        audience: config.audience,
        requiredClaims: ['exp'],
      });
      return {
        tenantId,
        subject: payload.sub ?? '',
        scopes: scopesOf(payload, config.scopeClaim),
        tokenId: payload.jti,
        expiresAt: typeof payload.exp === 'number' ? payload.exp * 1000 : undefined,
      };
    } catch (error) {
      if (error instanceof errors.JWTExpired) throw invalidToken('expired');
      if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid)
        throw scimError.unavailable("the identity provider's JWKS could not be read; try again");
      if (error instanceof errors.JOSEError) throw invalidToken(error.message);
      if (error instanceof Error && error.name === 'ScimError') throw error;
      throw scimError.unavailable("the identity provider's JWKS could not be fetched; try again");
    }
  };
}
