import type { Kysely, Selectable } from 'kysely';
import type {
  AuthStore,
  ExternalIssuerRecord,
  IssuedTokenRecord,
  OAuthClientRecord,
} from '../../provisioning/auth-ports.js';
import type { SqlDialectHooks } from './dialect-hooks.js';
import type { OAuthClientsTable } from './auth-tables.js';
import type { Database } from './tables.js';
import { translateError } from './translate-error.js';

function toClient(row: Selectable<OAuthClientsTable>): OAuthClientRecord {
  return {
    clientId: row.client_id,
    tenantId: row.tenant_id,
    name: row.name,
    secretHash: row.secret_hash,
    scope: row.scope,
    created: row.created,
    revoked: row.revoked,
  };
}

/** OAuth clients, issued and revoked tokens, and external issuers over the shared SQL schema. */
export class SqlAuthStore implements AuthStore {
  readonly #db: Kysely<Database>;
  readonly #hooks: SqlDialectHooks;

  constructor(db: Kysely<Database>, hooks: SqlDialectHooks) {
    this.#db = db;
    this.#hooks = hooks;
  }

  async #run<T>(action: () => Promise<T>): Promise<T> {
    try {
      return await action();
    } catch (error) {
      throw translateError(this.#hooks, error);
    }
  }

  insertClient(record: OAuthClientRecord): Promise<void> {
    return this.#run(async () => {
      await this.#db
        .insertInto('oauth_clients')
        .values({
          client_id: record.clientId,
          tenant_id: record.tenantId,
          name: record.name,
          secret_hash: record.secretHash,
          scope: record.scope,
          created: record.created,
          revoked: record.revoked,
        })
        .execute();
    });
  }

  getClient(clientId: string): Promise<OAuthClientRecord | undefined> {
    return this.#run(async () => {
      const row = await this.#db
        .selectFrom('oauth_clients')
        .selectAll()
        .where('client_id', '=', clientId)
        .executeTakeFirst();
      return row && toClient(row);
    });
  }

  listClients(tenantId?: string): Promise<OAuthClientRecord[]> {
    return this.#run(async () => {
      let select = this.#db.selectFrom('oauth_clients').selectAll();
      if (tenantId !== undefined) select = select.where('tenant_id', '=', tenantId);
      const rows = await select.orderBy('created').orderBy('client_id').execute();
      return rows.map(toClient);
    });
  }

  revokeClient(clientId: string, revoked: string): Promise<boolean> {
    return this.#run(() =>
      this.#db.transaction().execute(async (trx) => {
        const client = await trx
          .updateTable('oauth_clients')
          .set((eb) => ({ revoked: eb.fn.coalesce('revoked', eb.val(revoked)) }))
          .where('client_id', '=', clientId)
          .executeTakeFirst();
        if (client.numUpdatedRows === 0n) return false;
        await trx
          .updateTable('issued_tokens')
          .set({ revoked })
          .where('client_id', '=', clientId)
          .where('revoked', 'is', null)
          .execute();
        return true;
      }),
    );
  }

  recordToken(record: IssuedTokenRecord): Promise<void> {
    return this.#run(async () => {
      await this.#db
        .insertInto('issued_tokens')
        .values({
          jti: record.jti,
          tenant_id: record.tenantId,
          subject: record.subject,
          client_id: record.clientId,
          created: record.created,
          expires: record.expires,
          revoked: record.revoked,
        })
        .onConflict((conflict) => conflict.column('jti').doNothing())
        .execute();
    });
  }

  revokeToken(jti: string, revoked: string): Promise<boolean> {
    return this.#run(async () => {
      const result = await this.#db
        .insertInto('issued_tokens')
        .values({
          jti,
          tenant_id: null,
          subject: null,
          client_id: null,
          created: revoked,
          expires: null,
          revoked,
        })
        .onConflict((conflict) =>
          conflict
            .column('jti')
            .doUpdateSet((eb) => ({ revoked: eb.ref('excluded.revoked') }))
            .where('issued_tokens.revoked', 'is', null),
        )
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
    });
  }

  listRevokedTokenIds(now: string): Promise<string[]> {
    return this.#run(async () => {
      const rows = await this.#db
        .selectFrom('issued_tokens')
        .select('jti')
        .where('revoked', 'is not', null)
        .where((eb) => eb.or([eb('expires', 'is', null), eb('expires', '>', now)]))
        .orderBy('jti')
        .execute();
      return rows.map((row) => row.jti);
    });
  }

  setExternalIssuer(record: ExternalIssuerRecord): Promise<void> {
    const values = {
      tenant_id: record.tenantId,
      issuer: record.issuer,
      audience: record.audience,
      jwks_url: record.jwksUrl,
      scope_claim: record.scopeClaim,
      created: record.created,
    };
    return this.#run(async () => {
      await this.#db
        .insertInto('external_issuers')
        .values(values)
        .onConflict((conflict) => conflict.column('tenant_id').doUpdateSet(values))
        .execute();
    });
  }

  getExternalIssuer(tenantId: string): Promise<ExternalIssuerRecord | undefined> {
    return this.#run(async () => {
      const row = await this.#db
        .selectFrom('external_issuers')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .executeTakeFirst();
      return (
        row && {
          tenantId: row.tenant_id,
          issuer: row.issuer,
          audience: row.audience,
          jwksUrl: row.jwks_url,
          scopeClaim: row.scope_claim,
          created: row.created,
        }
      );
    });
  }

  deleteExternalIssuer(tenantId: string): Promise<boolean> {
    return this.#run(async () => {
      const result = await this.#db
        .deleteFrom('external_issuers')
        .where('tenant_id', '=', tenantId)
        .executeTakeFirst();
      return result.numDeletedRows > 0n;
    });
  }
}
