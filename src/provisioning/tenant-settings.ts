import type { BulkLimits } from '../scim/bulk/index.js';

/** A tenant's overrides of deployment settings; `null` keeps the deployment's value. */
export interface TenantSettings {
  readonly bulkMaxOperations: number | null;
  readonly bulkMaxPayloadSize: number | null;
}

/** A tenant without overrides. */
export const DEFAULT_TENANT_SETTINGS: TenantSettings = {
  bulkMaxOperations: null,
  bulkMaxPayloadSize: null,
};

/** The values a Bulk limit may take, per deployment (ROSTER_BULK_*) and per tenant. */
export const BULK_LIMIT_RANGES = {
  maxOperations: { min: 1, max: 1_000_000 },
  maxPayloadSize: { min: 1024, max: 1_073_741_824 },
} as const;

/**
 * The Bulk limits in force for a tenant (RFC 7644 §3.7.4, advertised per RFC 7643 §5): its own
 * overrides where set, otherwise the deployment's.
 */
export function resolveBulkLimits(deployment: BulkLimits, settings: TenantSettings): BulkLimits {
  return {
    maxOperations: settings.bulkMaxOperations ?? deployment.maxOperations,
    maxPayloadSize: settings.bulkMaxPayloadSize ?? deployment.maxPayloadSize,
  };
}
