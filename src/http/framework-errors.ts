import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { scimError } from '../scim/errors.js';
import { sendScim } from './scim-reply.js';

/**
 * Fastify's `frameworkErrors` hook: router failures raised before any route matches (an overlong
 * path parameter, a malformed percent-encoding) leave as RFC 7644 §3.12 bodies like every other error.
 */
export function sendFrameworkError(
  error: FastifyError,
  _request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  const scim =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? scimError.badRequest('a path segment of the URL is longer than 500 characters')
      : error.code === 'FST_ERR_BAD_URL'
        ? scimError.badRequest('the URL path is not valid percent-encoding')
        : scimError.internal('the request could not be routed');
  return sendScim(reply, scim.status, scim.toBody());
}
