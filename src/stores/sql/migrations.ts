import { sql } from 'kysely';
import type { Kysely, Migration, MigrationProvider } from 'kysely';
import { authSchema } from './auth-schema.js';
import { activitySchema } from './activity-migration.js';
import { tenantSettingsSchema } from './tenant-settings-migration.js';
import { indexNames } from './dialect-hooks.js';
import type { SqlDialectHooks } from './dialect-hooks.js';

/** The first schema: tenants, signing keys, resources and memberships with their hot indexes. */
function initialSchema(hooks: SqlDialectHooks): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('tenants')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('created', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('signing_keys')
        .addColumn('kid', 'text', (c) => c.primaryKey())
        .addColumn('alg', 'text', (c) => c.notNull())
        .addColumn('private_jwk', 'text', (c) => c.notNull())
        .addColumn('public_jwk', 'text', (c) => c.notNull())
        .addColumn('created', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('resources')
        .addColumn('row_key', hooks.rowKeyType, (c) => hooks.rowKeyColumn(c))
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('resource_type', 'text', (c) => c.notNull())
        .addColumn('id', hooks.keyTextType, (c) => c.notNull())
        .addColumn('external_id', hooks.keyTextType)
        .addColumn('name', 'text')
        .addColumn('name_key', hooks.keyTextType)
        .addColumn('created', hooks.keyTextType, (c) => c.notNull())
        .addColumn('last_modified', hooks.keyTextType, (c) => c.notNull())
        .addColumn('version', 'text', (c) => c.notNull())
        .addColumn('document', hooks.documentType, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex(indexNames.resourceName)
        .unique()
        .on('resources')
        .columns(['tenant_id', 'resource_type', 'name_key'])
        .execute();
      await db.schema
        .createIndex(indexNames.resourceId)
        .unique()
        .on('resources')
        .columns(['tenant_id', 'id'])
        .execute();
      await db.schema
        .createIndex(indexNames.resourceExternalId)
        .on('resources')
        .columns(['tenant_id', 'resource_type', 'external_id'])
        .execute();
      await db.schema
        .createIndex(indexNames.resourceCreated)
        .on('resources')
        .columns(['tenant_id', 'resource_type', 'created'])
        .execute();
      await db.schema
        .createIndex(indexNames.resourceLastModified)
        .on('resources')
        .columns(['tenant_id', 'resource_type', 'last_modified'])
        .execute();
      await db.schema
        .createTable('memberships')
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('group_id', hooks.keyTextType, (c) => c.notNull())
        .addColumn('member_id', hooks.keyTextType, (c) => c.notNull())
        .addColumn('member_type', 'text', (c) => c.notNull())
        .addColumn('display', 'text')
        .addPrimaryKeyConstraint('memberships_pkey', ['tenant_id', 'group_id', 'member_id'])
        .execute();
      // Covering (group_id included) so "which groups is this member in" never touches the table,
      // and so SQLite's planner, which has no statistics on a young database, prefers it to the
      // primary key for member lookups.
      await db.schema
        .createIndex(indexNames.membershipMember)
        .on('memberships')
        .columns(['tenant_id', 'member_id', 'group_id'])
        .execute();
    },
    async down(db: Kysely<unknown>) {
      for (const table of ['memberships', 'resources', 'signing_keys', 'tenants']) {
        await sql`drop table if exists ${sql.table(table)}`.execute(db);
      }
    },
  };
}

/** The in-code migration set shared by SQLite and PostgreSQL; names sort in application order. */
export function createMigrationProvider(hooks: SqlDialectHooks): MigrationProvider {
  const migrations: Record<string, Migration> = {
    '0001_initial': initialSchema(hooks),
    '0002_auth': authSchema(),
    '0003_activity': activitySchema(hooks),
    '0004_tenant_settings': tenantSettingsSchema(),
  };
  return { getMigrations: () => Promise.resolve(migrations) };
}
