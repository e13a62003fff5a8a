import type { FastifyInstance } from 'fastify';
import { scimError } from '../../scim/errors.js';
import type { AppDeps } from '../app-deps.js';
import { registerMethodNotAllowed } from './method-not-allowed.js';

/** POST /Bulk (RFC 7644 §3.7). */
export function registerBulkRoute(app: FastifyInstance, deps: AppDeps): void {
  app.post(
    '/Bulk',
    {
      bodyLimit: deps.config.bulk.maxPayloadSize,
      config: {
        scope: 'scim:write',
        bodyLimitDetail: `the request exceeds maxPayloadSize (${deps.config.bulk.maxPayloadSize} bytes)`,
      },
    },
    async () => {
      throw scimError.notImplemented('Bulk is not available yet');
    },
  );
  registerMethodNotAllowed(app, '/Bulk', ['POST']);
}
