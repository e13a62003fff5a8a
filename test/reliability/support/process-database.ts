import { createKeyRing, ensureSigningKey, issueToken } from '../../../src/auth/index.js';
import {
  createTestDatabase,
  type TestDatabase,
  type TestDatabaseName,
} from '../../support/databases.js';
import { createScimClient, type ScimClient } from './scim-client.js';

/** A migrated database with a signing key and `tenants`, ready for `roster serve` processes. */
export interface ProcessDatabase {
  readonly database: TestDatabase;
  /** A SCIM client of the Roster process listening at `url`. */
  clientOf(url: string): ScimClient;
  drop(): Promise<void>;
}

/** Creates the database and issues one token per tenant from its signing key. */
export async function createProcessDatabase(
  name: TestDatabaseName,
  tenants: readonly string[] = ['acme'],
): Promise<ProcessDatabase> {
  const database = await createTestDatabase(name);
  await ensureSigningKey(database.store);
  const keys = createKeyRing(database.store);
  const tokens = new Map<string, string>();
  for (const tenant of tenants) {
    await database.store.createTenant(tenant, new Date().toISOString());
    tokens.set(
      tenant,
      await issueToken(keys, {
        tenantId: tenant,
        scopes: ['scim:read', 'scim:write'],
        ttlSeconds: 86_400,
      }),
    );
  }
  return {
    database,
    clientOf: (url) => createScimClient(url, (tenant) => tokens.get(tenant) ?? ''),
    drop: () => database.drop(),
  };
}
