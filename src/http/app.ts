import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { scimError } from '../scim/errors.js';
import type { AppDeps } from './app-deps.js';
import { installErrorHandling } from './error-handler.js';
import { limitJsonDepth } from './limit-json-depth.js';
import { registerBulkRoute } from './routes/bulk-route.js';
import { registerDiscoveryRoutes } from './routes/discovery-routes.js';
import { registerResourceRoutes } from './routes/resource-routes.js';
import { registerRootSearchRoute } from './routes/root-search-route.js';
import { createTenantAuth } from './tenant-scope.js';
import { installOperations } from './operations/install-operations.js';
import { instrumentStore } from './operations/instrument-store.js';
import { createMetrics } from './operations/metrics.js';
import { requestIdFor } from './operations/request-id.js';
import { createTenantLimits, installRateLimiting } from './rate-limits.js';
import { registerOAuthTokenRoute } from './routes/oauth-token-route.js';
import { SERVER_LIMITS } from './server-limits.js';
import { sendFrameworkError } from './framework-errors.js';

export const TENANT_PREFIX = '/api/v1/tenants/:tenantId/scim/v2';

/** Log paths that must never reach a log line. */
export const REDACTED_LOG_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'password',
  '*.password',
  'access_token',
  'client_secret',
  '*.access_token',
  '*.client_secret',
  '*.authorization',
];

/** Builds the Fastify application: routes, media types and the one error exit. */
export function createApp(appDeps: AppDeps): FastifyInstance {
  const metrics = createMetrics();
  const deps: AppDeps = { ...appDeps, store: instrumentStore(appDeps.store, metrics) };
  const loggerInstance = (
    deps.logger === false || deps.logger === undefined
      ? pino({
          level: deps.logger === false ? 'silent' : deps.config.logLevel,
          redact: REDACTED_LOG_PATHS,
        })
      : deps.logger
  ) as FastifyBaseLogger;
  const app = Fastify({
    loggerInstance,
    bodyLimit: deps.config.bodyLimit,
    requestIdHeader: false,
    genReqId: requestIdFor,
    logController: new LogController({ disableRequestLogging: true }),
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 500 },
    ...SERVER_LIMITS,
    frameworkErrors: sendFrameworkError,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
  });

  const jsonParser = limitJsonDepth(app.getDefaultJsonParser('error', 'error'));
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser(
    ['application/scim+json', 'application/json'],
    { parseAs: 'string' },
    jsonParser,
  );
  app.removeContentTypeParser('text/plain');

  app.decorateRequest('principal', null);
  app.decorateRequest('tenant', null);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  installErrorHandling(app);
  const observeWrites = installOperations(app, deps, metrics);
  installRateLimiting(app);

  // Inside a plugin so the API description (registered first) sees these routes.
  app.register(async (root) => {
    root.get('/healthz', async () => ({ status: 'ok' }));
    root.get('/readyz', async (_request, reply) => {
      try {
        await deps.store.ping();
        const pending = await deps.store.pendingMigrations();
        if (pending.length > 0) {
          return reply
            .code(503)
            .send({ status: 'unavailable', reason: `pending migrations: ${pending.join(', ')}` });
        }
        return { status: 'ok' };
      } catch {
        return reply.code(503).send({ status: 'unavailable', reason: 'database unreachable' });
      }
    });
    root.get('/.well-known/jwks.json', async () => deps.keys.jwks());
    registerOAuthTokenRoute(root, deps);
  });

  app.register(
    async (scope) => {
      scope.addHook(
        'preHandler',
        createTenantAuth(deps, createTenantLimits(scope, deps.config.rateLimit)),
      );
      scope.addHook('preHandler', observeWrites);
      registerResourceRoutes(scope, deps, 'User');
      registerResourceRoutes(scope, deps, 'Group');
      registerDiscoveryRoutes(scope, deps);
      registerRootSearchRoute(scope, deps);
      registerBulkRoute(scope, deps);
      scope.all('/Me', { config: { scope: 'scim:read' } }, async () => {
        throw scimError.notImplemented(
          '/Me is not available: Roster tokens identify a provisioning client, not a user',
        );
      });
    },
    { prefix: TENANT_PREFIX },
  );
  return app;
}
