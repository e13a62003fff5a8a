import { Migrator, sql } from 'kysely';
import type { Kysely } from 'kysely';
import { createSchemaRegistry } from '../../scim/schema/index.js';
import type {
  SigningKeyRecord,
  Store,
  TenantRecord,
  TenantStore,
} from '../../provisioning/ports.js';
import type { ActivityEntry, ActivityPage, ActivityQuery } from '../../provisioning/activity.js';
import type { TenantSettings } from '../../provisioning/tenant-settings.js';
import type { SqlDialectHooks } from './dialect-hooks.js';
import { deleteActivityBefore, insertActivity, selectActivity } from './activity-log.js';
import { createMigrationProvider } from './migrations.js';
import { SqlAuthStore } from './sql-auth-store.js';
import { GroupCommitter } from './group-committer.js';
import { SqlTenantStore } from './sql-tenant-store.js';
import { selectTenantSettings, upsertTenantSettings } from './tenant-settings-queries.js';
import type { SqlContext } from './sql-context.js';
import type { Database } from './tables.js';
import { translateError } from './translate-error.js';

/** The Store port over Kysely, shared by the SQLite and PostgreSQL adapters. */
export class SqlStore implements Store {
  readonly dialect: 'sqlite' | 'postgres';
  readonly #context: SqlContext;
  readonly #migrator: Migrator;
  readonly auth: SqlAuthStore;

  constructor(db: Kysely<Database>, hooks: SqlDialectHooks) {
    this.dialect = hooks.name;
    const registry = createSchemaRegistry();
    this.#context =
      hooks.name === 'sqlite'
        ? {
            db,
            hooks,
            registry,
            committer: new GroupCommitter(db, (error) => translateError(hooks, error)),
          }
        : { db, hooks, registry };
    this.#migrator = new Migrator({ db, provider: createMigrationProvider(hooks) });
    this.auth = new SqlAuthStore(db, hooks);
  }

  async #run<T>(action: () => Promise<T>): Promise<T> {
    try {
      return await action();
    } catch (error) {
      throw translateError(this.#context.hooks, error);
    }
  }

  migrate(): Promise<void> {
    return this.#run(async () => {
      const { error } = await this.#migrator.migrateToLatest();
      if (error) throw error;
    });
  }

  pendingMigrations(): Promise<string[]> {
    return this.#run(async () => {
      const migrations = await this.#migrator.getMigrations();
      return migrations
        .filter((migration) => migration.executedAt === undefined)
        .map((migration) => migration.name);
    });
  }

  ping(): Promise<void> {
    return this.#run(async () => {
      await sql`select 1`.execute(this.#context.db);
    });
  }

  close(): Promise<void> {
    return this.#context.db.destroy();
  }

  createTenant(id: string, created: string): Promise<TenantRecord> {
    return this.#run(async () => {
      await this.#context.db.insertInto('tenants').values({ id, created }).execute();
      return { id, created };
    });
  }

  getTenant(id: string): Promise<TenantRecord | undefined> {
    return this.#run(() =>
      this.#context.db
        .selectFrom('tenants')
        .select(['id', 'created'])
        .where('id', '=', id)
        .executeTakeFirst(),
    );
  }

  listTenants(): Promise<TenantRecord[]> {
    return this.#run(() =>
      this.#context.db.selectFrom('tenants').select(['id', 'created']).orderBy('id').execute(),
    );
  }

  deleteTenant(id: string): Promise<boolean> {
    return this.#run(() =>
      this.#context.db.transaction().execute(async (trx) => {
        await trx.deleteFrom('memberships').where('tenant_id', '=', id).execute();
        await trx.deleteFrom('activity').where('tenant_id', '=', id).execute();
        await trx.deleteFrom('resources').where('tenant_id', '=', id).execute();
        await trx.deleteFrom('tenant_settings').where('tenant_id', '=', id).execute();
        await trx.deleteFrom('oauth_clients').where('tenant_id', '=', id).execute();
        await trx.deleteFrom('external_issuers').where('tenant_id', '=', id).execute();
        await trx
          .updateTable('issued_tokens')
          .set({ revoked: new Date().toISOString() })
          .where('tenant_id', '=', id)
          .where('revoked', 'is', null)
          .execute();
        const result = await trx.deleteFrom('tenants').where('id', '=', id).executeTakeFirst();
        return result.numDeletedRows > 0n;
      }),
    );
  }

  listSigningKeys(): Promise<SigningKeyRecord[]> {
    return this.#run(async () => {
      const rows = await this.#context.db
        .selectFrom('signing_keys')
        .selectAll()
        .orderBy('created')
        .execute();
      return rows.map((row) => ({
        kid: row.kid,
        alg: row.alg,
        privateJwk: row.private_jwk,
        publicJwk: row.public_jwk,
        created: row.created,
      }));
    });
  }

  insertSigningKey(key: SigningKeyRecord): Promise<void> {
    return this.#run(async () => {
      await this.#context.db
        .insertInto('signing_keys')
        .values({
          kid: key.kid,
          alg: key.alg,
          private_jwk: key.privateJwk,
          public_jwk: key.publicJwk,
          created: key.created,
        })
        .execute();
    });
  }

  recordActivity(entries: readonly ActivityEntry[]): Promise<void> {
    const { committer, db, hooks } = this.#context;
    if (committer) {
      return this.#run(() => committer.run((trx) => insertActivity(trx, hooks.name, entries)));
    }
    return this.#run(() => insertActivity(db, hooks.name, entries));
  }

  listActivity(query: ActivityQuery): Promise<ActivityPage> {
    return this.#run(() => selectActivity(this.#context.db, query));
  }

  pruneActivity(before: string): Promise<number> {
    return this.#run(() => deleteActivityBefore(this.#context.db, before));
  }

  getTenantSettings(tenantId: string): Promise<TenantSettings> {
    return this.#run(() => selectTenantSettings(this.#context.db, tenantId));
  }

  setTenantSettings(tenantId: string, settings: TenantSettings): Promise<boolean> {
    return this.#run(() => upsertTenantSettings(this.#context.db, tenantId, settings));
  }

  forTenant(tenantId: string): TenantStore {
    return new SqlTenantStore(this.#context, tenantId);
  }
}
