import { sql } from 'kysely';
import type { Kysely, Migration } from 'kysely';
import type { SqlDialectHooks } from './dialect-hooks.js';

/** `0003_activity`: the provisioning activity log, led by tenant_id, indexed by time and by resource. */
export function activitySchema(hooks: SqlDialectHooks): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('activity')
        .addColumn('seq', hooks.rowKeyType, (c) => hooks.rowKeyColumn(c))
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('time', hooks.keyTextType, (c) => c.notNull())
        .addColumn('client_id', 'text')
        .addColumn('token_id', 'text')
        .addColumn('request_id', 'text', (c) => c.notNull())
        .addColumn('method', 'text', (c) => c.notNull())
        .addColumn('resource_type', 'text', (c) => c.notNull())
        .addColumn('resource_id', hooks.keyTextType)
        .addColumn('operation_index', 'integer')
        .addColumn('bulk_id', 'text')
        .addColumn('status', 'integer', (c) => c.notNull())
        .addColumn('normalisers', 'text', (c) => c.notNull())
        .addColumn('version_before', 'text')
        .addColumn('version_after', 'text')
        .execute();
      await db.schema
        .createIndex('activity_tenant_time')
        .on('activity')
        .columns(['tenant_id', 'time', 'seq'])
        .execute();
      await db.schema
        .createIndex('activity_tenant_resource_time')
        .on('activity')
        .columns(['tenant_id', 'resource_id', 'time'])
        .execute();
      // Retention prunes across tenants by time alone.
      await db.schema.createIndex('activity_time').on('activity').column('time').execute();
    },
    async down(db: Kysely<unknown>) {
      await sql`drop table if exists activity`.execute(db);
    },
  };
}
