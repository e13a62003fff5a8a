import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { pino, type Logger } from 'pino';
import { createKeyRing, ensureSigningKey, issueRecordedToken, type KeyRing } from './auth/index.js';
import type { RosterConfig } from './config/index.js';
import { collectWhenIdle, createApp, REDACTED_LOG_PATHS, v8YoungGeneration } from './http/index.js';
import { hashPassword, scheduleActivityPruning, type Store } from './provisioning/index.js';
import { createSchemaRegistry } from './scim/schema/index.js';
import { checkDatabaseReachable } from './startup-checks.js';
import { createPostgresStore } from './stores/postgres/index.js';
import { createSqliteStore } from './stores/sqlite/index.js';

/** Opens the store named by a database URL (sqlite:<path>, sqlite::memory:, postgres://…). */
export function openStore(databaseUrl: string): Store {
  if (databaseUrl.startsWith('sqlite:')) {
    const filename = databaseUrl.slice('sqlite:'.length);
    if (filename !== ':memory:') mkdirSync(dirname(filename), { recursive: true });
    return createSqliteStore({ filename });
  }
  return createPostgresStore({ connectionString: databaseUrl });
}

/** Migrates the store and makes sure a signing key exists. */
export async function prepareStore(store: Store): Promise<void> {
  await store.migrate();
  await ensureSigningKey(store);
}

export interface RunningServer {
  app: FastifyInstance;
  store: Store;
  keys: KeyRing;
  url: string;
  close(): Promise<void>;
}

/** Creates the logger every part of the server shares. */
export function createLogger(config: Pick<RosterConfig, 'logLevel'>): Logger {
  return pino({ level: config.logLevel, redact: REDACTED_LOG_PATHS });
}

/** Builds the app over an open store (used by `serve` and by tests). */
export function buildApp(
  store: Store,
  config: RosterConfig,
  logger: Logger | false,
): { app: FastifyInstance; keys: KeyRing } {
  const keys = createKeyRing(store);
  const app = createApp({
    store,
    keys,
    registry: createSchemaRegistry(),
    config,
    hashPassword,
    logger,
  });
  return { app, keys };
}

/** Starts Roster: opens and migrates the database, listens, and says how to reach it. */
export async function startServer(
  config: RosterConfig,
  options: { migrate: boolean; print: (line: string) => void },
): Promise<RunningServer> {
  const logger = createLogger(config);
  const store = openStore(config.databaseUrl);
  try {
    await checkDatabaseReachable(store, config.databaseUrl);
    if (options.migrate) {
      await prepareStore(store);
    } else {
      const pending = await store.pendingMigrations();
      if (pending.length > 0) {
        throw new Error(
          `the database has pending migrations (${pending.join(', ')}): run \`roster migrate\``,
        );
      }
    }
  } catch (error) {
    await store.close().catch(() => undefined);
    throw error;
  }
  const { app, keys } = buildApp(store, config, logger);
  try {
    await app.listen({ host: config.host, port: config.port });
  } catch (error) {
    await store.close().catch(() => undefined);
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new Error(
        `port ${config.port} on ${config.host} is already in use (set ROSTER_PORT or --port)`,
      );
    }
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url =
    config.publicUrl ??
    `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  const tenants = await store.listTenants();
  if (tenants.length === 0) {
    await store.createTenant('default', new Date().toISOString());
    const { token } = await issueRecordedToken(keys, store.auth, {
      tenantId: 'default',
      scopes: ['scim:read', 'scim:write'],
      ttlSeconds: 86_400,
    });
    options.print(`Roster is listening on ${url}`);
    options.print(`Created tenant "default". SCIM base URL: ${url}/api/v1/tenants/default/scim/v2`);
    options.print(`Bearer token (valid 24 h):\n${token}`);
  } else {
    options.print(`Roster is listening on ${url}`);
    options.print(
      `SCIM base URL: ${url}/api/v1/tenants/<tenant>/scim/v2 (tenants: ${tenants.map((t) => t.id).join(', ')})`,
    );
    options.print('Issue a token with: npm run -s roster -- token issue --tenant <tenant>');
  }
  const stopPruning = scheduleActivityPruning(store, {
    retentionDays: config.operations.activityRetentionDays,
    intervalMs: 3_600_000,
    onPruned: (count) => {
      if (count > 0) logger.info({ pruned: count }, 'pruned expired activity log entries');
    },
    onError: (error) => logger.warn({ err: error }, 'could not prune the activity log'),
  });
  const young = config.operations.idleCollection ? v8YoungGeneration() : undefined;
  const stopIdleCollection = young ? collectWhenIdle(app.server, young) : () => undefined;
  let closing: Promise<void> | undefined;
  return {
    app,
    store,
    keys,
    url,
    close() {
      closing ??= (async () => {
        stopPruning();
        stopIdleCollection();
        // A keep-alive connection whose request finishes during the drain would hold close()
        // until its idle timeout: close connections as they fall idle.
        const sweep = setInterval(() => app.server.closeIdleConnections(), 50);
        try {
          await app.close();
        } finally {
          clearInterval(sweep);
        }
        await store.close();
      })();
      return closing;
    },
  };
}
