import { randomBytes, randomUUID } from 'node:crypto';
import type { AuthStore, OAuthClientRecord } from '../provisioning/ports.js';
import { hashPassword, verifyPassword } from '../provisioning/password.js';
import { ALL_SCOPES, type Scope } from './principal.js';

export interface CreatedClient {
  readonly record: OAuthClientRecord;
  /** Shown once; only its scrypt hash is stored. */
  readonly clientSecret: string;
}

/** Registers an OAuth client for a tenant (RFC 6749 §2.3.1), returning its secret once. */
export async function createOAuthClient(
  store: Pick<AuthStore, 'insertClient'>,
  options: { tenantId: string; scopes: readonly Scope[]; name?: string },
): Promise<CreatedClient> {
  const clientSecret = randomBytes(32).toString('base64url');
  const record: OAuthClientRecord = {
    clientId: randomUUID(),
    tenantId: options.tenantId,
    name: options.name ?? null,
    secretHash: await hashPassword(clientSecret),
    scope: options.scopes.join(' '),
    created: new Date().toISOString(),
    revoked: null,
  };
  await store.insertClient(record);
  return { record, clientSecret };
}

let decoyHash: Promise<string> | undefined;

/**
 * Checks a client's credentials (RFC 6749 §2.3.1) in constant time: an unknown or revoked client
 * costs the same scrypt work as a known one, so timing does not reveal which ids exist.
 */
export async function authenticateClient(
  store: Pick<AuthStore, 'getClient'>,
  clientId: string,
  clientSecret: string,
): Promise<OAuthClientRecord | undefined> {
  const client = await store.getClient(clientId);
  const usable = client !== undefined && client.revoked === null;
  decoyHash ??= hashPassword(randomBytes(32).toString('base64url'));
  const matches = await verifyPassword(clientSecret, usable ? client.secretHash : await decoyHash);
  return usable && matches ? client : undefined;
}

/** The outcome of narrowing a requested scope to what a client may have (RFC 6749 §3.3). */
export type ScopeGrant = { ok: true; scopes: Scope[] } | { ok: false; reason: string };

/**
 * The scopes to grant: all the client's scopes when none are requested, otherwise the requested
 * ones it may have; unknown scopes, or nothing left to grant, are `invalid_scope`.
 */
export function grantScopes(allowed: string, requested: string | undefined): ScopeGrant {
  const permitted = new Set(allowed.split(' ').filter((s) => s !== ''));
  if (requested === undefined) {
    return { ok: true, scopes: ALL_SCOPES.filter((s) => permitted.has(s)) };
  }
  const asked = requested.split(' ').filter((s) => s !== '');
  const unknown = asked.filter((s) => !(ALL_SCOPES as readonly string[]).includes(s));
  if (unknown.length > 0) return { ok: false, reason: `unknown scope "${unknown[0] ?? ''}"` };
  const granted = ALL_SCOPES.filter((s) => asked.includes(s) && permitted.has(s));
  if (granted.length === 0) {
    return { ok: false, reason: 'the client may not have any of the requested scopes' };
  }
  return { ok: true, scopes: granted };
}
