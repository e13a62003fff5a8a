import { sql } from 'kysely';
import type { Kysely, Migration } from 'kysely';

/** Migration `0002_auth`: OAuth clients, issued/revoked tokens and external issuers. */
export function authSchema(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('oauth_clients')
        .addColumn('client_id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('name', 'text')
        .addColumn('secret_hash', 'text', (c) => c.notNull())
        .addColumn('scope', 'text', (c) => c.notNull())
        .addColumn('created', 'text', (c) => c.notNull())
        .addColumn('revoked', 'text')
        .execute();
      await db.schema
        .createIndex('oauth_clients_tenant')
        .on('oauth_clients')
        .columns(['tenant_id', 'client_id'])
        .execute();
      await db.schema
        .createTable('issued_tokens')
        .addColumn('jti', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text')
        .addColumn('subject', 'text')
        .addColumn('client_id', 'text')
        .addColumn('created', 'text', (c) => c.notNull())
        .addColumn('expires', 'text')
        .addColumn('revoked', 'text')
        .execute();
      await db.schema
        .createIndex('issued_tokens_client')
        .on('issued_tokens')
        .columns(['client_id'])
        .execute();
      await db.schema
        .createIndex('issued_tokens_revoked')
        .on('issued_tokens')
        .columns(['revoked', 'expires'])
        .execute();
      await db.schema
        .createTable('external_issuers')
        .addColumn('tenant_id', 'text', (c) => c.primaryKey())
        .addColumn('issuer', 'text', (c) => c.notNull())
        .addColumn('audience', 'text', (c) => c.notNull())
        .addColumn('jwks_url', 'text', (c) => c.notNull())
        .addColumn('scope_claim', 'text', (c) => c.notNull())
        .addColumn('created', 'text', (c) => c.notNull())
        .execute();
    },
    async down(db: Kysely<unknown>) {
      for (const table of ['external_issuers', 'issued_tokens', 'oauth_clients']) {
        await sql`drop table if exists ${sql.table(table)}`.execute(db);
      }
    },
  };
}
