import { randomUUID } from 'node:crypto';
import type { AuthStore } from '../provisioning/ports.js';
import type { KeyRing } from './key-ring.js';
import { issueToken, type IssueTokenOptions } from './tokens.js';

/** Issues a bearer JWT and records its `jti` (RFC 7519 §4.1.7) so that it can be revoked. */
export async function issueRecordedToken(
  keys: KeyRing,
  store: Pick<AuthStore, 'recordToken'>,
  options: Omit<IssueTokenOptions, 'tokenId'>,
): Promise<{ token: string; tokenId: string; expires: string }> {
  const tokenId = randomUUID();
  const created = new Date();
  // One second of slack: the JWT rounds its own clock down to whole seconds.
  const expires = new Date(created.getTime() + (options.ttlSeconds + 1) * 1000).toISOString();
  await store.recordToken({
    jti: tokenId,
    tenantId: options.tenantId,
    subject: options.subject ?? `tenant:${options.tenantId}`,
    clientId: options.clientId ?? null,
    created: created.toISOString(),
    expires,
    revoked: null,
  });
  const token = await issueToken(keys, { ...options, tokenId });
  return { token, tokenId, expires };
}
