import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { scimError } from '../../scim/errors.js';
import type { RosterMetrics } from './metrics.js';

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** GET /metrics in the Prometheus text format, behind a bearer token when one is configured (RFC 6750). */
export function registerMetricsRoute(
  app: FastifyInstance,
  metrics: RosterMetrics,
  token: string | undefined,
): void {
  app.get('/metrics', async (request, reply) => {
    if (token !== undefined) {
      const header = request.headers.authorization ?? '';
      const given = /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
      if (given === undefined || !sameSecret(given, token)) {
        throw scimError.unauthorized('GET /metrics needs the metrics bearer token', {
          'www-authenticate': 'Bearer realm="roster-metrics"',
        });
      }
    }
    const body = await metrics.registry.metrics();
    return reply.header('content-type', metrics.registry.contentType).send(body);
  });
}
