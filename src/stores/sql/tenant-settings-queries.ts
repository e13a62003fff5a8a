import type { Kysely } from 'kysely';
import {
  DEFAULT_TENANT_SETTINGS,
  type TenantSettings,
} from '../../provisioning/tenant-settings.js';
import type { Database } from './tables.js';

/** `tenant_settings`: a tenant's overrides of deployment settings; null keeps the deployment's. */
export interface TenantSettingsTable {
  tenant_id: string;
  bulk_max_operations: number | null;
  bulk_max_payload_size: number | null;
}

/** Reads a tenant's overrides; a tenant without a row has none. */
export async function selectTenantSettings(
  db: Kysely<Database>,
  tenantId: string,
): Promise<TenantSettings> {
  const row = await db
    .selectFrom('tenant_settings')
    .select(['bulk_max_operations', 'bulk_max_payload_size'])
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
  if (row === undefined) return DEFAULT_TENANT_SETTINGS;
  // PostgreSQL returns integers as numbers; the Number() guards drivers that widen them.
  const read = (value: number | null) => (value === null ? null : Number(value));
  return {
    bulkMaxOperations: read(row.bulk_max_operations),
    bulkMaxPayloadSize: read(row.bulk_max_payload_size),
  };
}

/** Replaces a tenant's overrides; false (and nothing written) when the tenant does not exist. */
export function upsertTenantSettings(
  db: Kysely<Database>,
  tenantId: string,
  settings: TenantSettings,
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const tenant = await trx
      .selectFrom('tenants')
      .select('id')
      .where('id', '=', tenantId)
      .executeTakeFirst();
    if (tenant === undefined) return false;
    const values = {
      bulk_max_operations: settings.bulkMaxOperations,
      bulk_max_payload_size: settings.bulkMaxPayloadSize,
    };
    await trx
      .insertInto('tenant_settings')
      .values({ tenant_id: tenantId, ...values })
      .onConflict((conflict) => conflict.column('tenant_id').doUpdateSet(values))
      .execute();
    return true;
  });
}
