import type { BulkLimits } from '../scim/bulk/index.js';
import { resolveBulkLimits } from '../provisioning/index.js';
import type { AppDeps } from './app-deps.js';

/**
 * The Bulk limits in force for a tenant (RFC 7644 §3.7.4): its overrides from `roster tenant set`,
 * else the deployment's ROSTER_BULK_* values. Read per request so every process sharing the
 * database applies a change at once.
 */
export async function tenantBulkLimits(deps: AppDeps, tenantId: string): Promise<BulkLimits> {
  return resolveBulkLimits(deps.config.bulk, await deps.store.getTenantSettings(tenantId));
}
