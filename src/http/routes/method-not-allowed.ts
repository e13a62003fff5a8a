import type { FastifyInstance } from 'fastify';
import { scimError } from '../../scim/errors.js';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** Answers the methods a path does not serve with 405 and an Allow header (RFC 9110 §15.5.6). */
export function registerMethodNotAllowed(
  app: FastifyInstance,
  url: string,
  allowed: readonly string[],
): void {
  const others = METHODS.filter((m) => !allowed.includes(m));
  if (others.length === 0) return;
  app.route({
    method: others,
    url,
    // Not part of the API description: these only answer 405 with an Allow header.
    schema: { hide: true },
    handler: async (request) => {
      throw scimError.methodNotAllowed(
        `${request.method} is not allowed on ${url}; allowed: ${allowed.join(', ')}`,
        {
          allow: allowed.join(', '),
        },
      );
    },
  });
}
