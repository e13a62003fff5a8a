import { sql } from 'kysely';
import type { Kysely, Migration } from 'kysely';

/** `0004_tenant_settings`: one row of overrides per tenant that has any (e.g. its Bulk limits). */
export function tenantSettingsSchema(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('tenant_settings')
        .addColumn('tenant_id', 'text', (c) => c.primaryKey())
        .addColumn('bulk_max_operations', 'integer')
        .addColumn('bulk_max_payload_size', 'integer')
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await sql`drop table if exists tenant_settings`.execute(db);
    },
  };
}
