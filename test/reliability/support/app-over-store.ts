import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { createKeyRing, ensureSigningKey, issueToken } from '../../../src/auth/index.js';
import { loadConfig } from '../../../src/config/index.js';
import { createApp } from '../../../src/http/index.js';
import type { Store } from '../../../src/provisioning/index.js';
import { createSchemaRegistry } from '../../../src/scim/schema/index.js';
import { createScimClient, type ScimClient } from './scim-client.js';

/** A Roster app listening on 127.0.0.1 over a store the test opened itself (and may break). */
export interface AppOverStore {
  readonly app: FastifyInstance;
  readonly client: ScimClient;
  /** GET an unauthenticated path such as /readyz. */
  get(path: string): Promise<{ status: number; body: Record<string, unknown> }>;
  close(): Promise<void>;
}

/** Prepares `setupStore` (signing key, tenants acme and globex) and serves `store` on a real socket. */
export async function listenOverStore(
  store: Store,
  setupStore: Store,
  options: { logger?: Logger; databaseUrl: string },
): Promise<AppOverStore> {
  await ensureSigningKey(setupStore);
  for (const tenant of ['acme', 'globex']) {
    if (!(await setupStore.getTenant(tenant)))
      await setupStore.createTenant(tenant, new Date().toISOString());
  }
  const keys = createKeyRing(setupStore);
  const tokens = new Map<string, string>();
  for (const tenant of ['acme', 'globex']) {
    tokens.set(
      tenant,
      await issueToken(keys, {
        tenantId: tenant,
        scopes: ['scim:read', 'scim:write'],
        ttlSeconds: 3600,
      }),
    );
  }
  const app = createApp({
    store,
    keys: createKeyRing(store),
    registry: createSchemaRegistry(),
    config: loadConfig({ ROSTER_DATABASE_URL: options.databaseUrl }),
    hashPassword: async (password) => `scrypt$test$${Buffer.from(password).toString('base64url')}`,
    logger: options.logger ?? false,
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const url = `http://127.0.0.1:${port}`;
  return {
    app,
    client: createScimClient(url, (tenant) => tokens.get(tenant) ?? ''),
    async get(path) {
      const response = await fetch(`${url}${path}`);
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    },
    close: () => app.close(),
  };
}
