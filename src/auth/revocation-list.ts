import type { AuthStore } from '../provisioning/ports.js';
import { scimError } from '../scim/errors.js';

/** Revoked token ids as one process sees them. */
export interface RevocationList {
  /** True when the token id was revoked (as of the last refresh, at most `refreshMs` ago). */
  isRevoked(tokenId: string): Promise<boolean>;
}

/** How stale the revoked set may be: a revocation reaches every process within this time. */
export const REVOCATION_REFRESH_MS = 1000;

/**
 * Keeps the set of revoked, unexpired `jti`s in memory and reloads it when it is older than
 * `refreshMs`: at most one small query per second per process, however many requests arrive,
 * while `roster token revoke` still takes effect on every server sharing the database within a second.
 */
export function createRevocationList(
  store: Pick<AuthStore, 'listRevokedTokenIds'>,
  options: { refreshMs?: number; now?: () => number } = {},
): RevocationList {
  const refreshMs = options.refreshMs ?? REVOCATION_REFRESH_MS;
  const now = options.now ?? Date.now;
  let revoked = new Set<string>();
  let loadedAt = Number.NEGATIVE_INFINITY;
  let loading: Promise<void> | undefined;
  const refresh = (): Promise<void> => {
    loading ??= (async () => {
      try {
        const started = now();
        revoked = new Set(await store.listRevokedTokenIds(new Date(started).toISOString()));
        loadedAt = started;
      } catch {
        throw scimError.unavailable('token revocations could not be read; try again');
      } finally {
        loading = undefined;
      }
    })();
    return loading;
  };
  return {
    async isRevoked(tokenId) {
      if (now() - loadedAt >= refreshMs) await refresh();
      return revoked.has(tokenId);
    },
  };
}
