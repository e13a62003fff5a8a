import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import {
  createKeyRing,
  ensureSigningKey,
  issueToken,
  type KeyRing,
  type Scope,
} from '../../src/auth/index.js';
import { loadConfig, type RosterConfig } from '../../src/config/index.js';
import { createApp } from '../../src/http/index.js';
import type { AppDeps } from '../../src/http/app-deps.js';
import type { Store } from '../../src/provisioning/index.js';
import { createSchemaRegistry } from '../../src/scim/schema/index.js';
import { createTestDatabase, type TestDatabaseName } from './databases.js';

export const PUBLIC_URL = 'https://scim.example.test';

/** A Roster app over a fresh test database, with tenants `acme` and `globex` and tokens for them. */
export interface TestApp {
  app: FastifyInstance;
  store: Store;
  keys: KeyRing;
  config: RosterConfig;
  /** A bearer token for a tenant (default: both scopes). */
  token(tenantId?: string, scopes?: Scope[]): Promise<string>;
  /** `app.inject` with the SCIM base path of `tenantId` prefixed and a bearer token of that tenant. */
  scim(
    method: InjectOptions['method'],
    path: string,
    options?: {
      body?: unknown;
      headers?: Record<string, string>;
      tenant?: string;
      token?: string | null;
    },
  ): Promise<LightMyRequestResponse>;
  base(tenantId?: string): string;
  close(): Promise<void>;
}

/** Fast hashing for tests: the real scrypt hasher is tested on its own. */
const testHasher = async (password: string) =>
  `scrypt$test$${Buffer.from(password).toString('base64url')}`;

/** Builds the test app; `env` overrides configuration variables, `deps` app dependencies. */
export async function createTestApp(
  database: TestDatabaseName,
  env: Record<string, string> = {},
  deps: Pick<AppDeps, 'auth' | 'logger'> = {},
): Promise<TestApp> {
  const db = await createTestDatabase(database);
  await ensureSigningKey(db.store);
  for (const tenant of ['acme', 'globex'])
    await db.store.createTenant(tenant, new Date().toISOString());
  const config = loadConfig({ ROSTER_PUBLIC_URL: PUBLIC_URL, ROSTER_DATABASE_URL: db.url, ...env });
  const keys = createKeyRing(db.store);
  const app = createApp({
    store: db.store,
    keys,
    registry: createSchemaRegistry(),
    config,
    hashPassword: testHasher,
    logger: false,
    ...deps,
  });
  await app.ready();
  const tokens = new Map<string, string>();
  const token = async (tenantId = 'acme', scopes: Scope[] = ['scim:read', 'scim:write']) => {
    const key = `${tenantId}|${scopes.join(' ')}`;
    let jwt = tokens.get(key);
    if (!jwt) {
      jwt = await issueToken(keys, { tenantId, scopes, ttlSeconds: 3600 });
      tokens.set(key, jwt);
    }
    return jwt;
  };
  const base = (tenantId = 'acme') => `/api/v1/tenants/${tenantId}/scim/v2`;
  return {
    app,
    store: db.store,
    keys,
    config,
    token,
    base,
    async scim(method, path, options = {}) {
      const tenant = options.tenant ?? 'acme';
      const headers: Record<string, string> = { ...options.headers };
      const bearer = options.token === undefined ? await token(tenant) : options.token;
      if (bearer !== null) headers.authorization = `Bearer ${bearer}`;
      const request: InjectOptions = { method, url: `${base(tenant)}${path}`, headers };
      if (options.body !== undefined) {
        headers['content-type'] ??= 'application/scim+json';
        request.payload =
          typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
      }
      return app.inject(request);
    },
    async close() {
      await app.close();
      await db.drop();
    },
  };
}
