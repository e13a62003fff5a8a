import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppDeps } from '../app-deps.js';
import { registerActivityRoute } from './activity-route.js';
import { installApiDocs } from './api-docs.js';
import type { RosterMetrics } from './metrics.js';
import { registerMetricsRoute } from './metrics-route.js';
import { installRequestTelemetry } from './request-telemetry.js';

/** The version the API description reports. */
export const API_VERSION = '0.1.0';

/**
 * Installs operability on the app: the API description and docs, request logs and metrics,
 * `/metrics`, and the activity log with its route. Call before any other route is added;
 * returns the hook the SCIM tenant scope runs after authentication to observe writes.
 */
export function installOperations(
  app: FastifyInstance,
  deps: AppDeps,
  metrics: RosterMetrics,
): (request: FastifyRequest) => Promise<void> {
  installApiDocs(app, API_VERSION);
  const observeWrites = installRequestTelemetry(app, deps, metrics);
  app.register(async (scope) => {
    registerMetricsRoute(scope, metrics, deps.config.operations.metricsToken);
  });
  registerActivityRoute(app, deps);
  return observeWrites;
}
