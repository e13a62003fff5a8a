import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { StoreError } from '../provisioning/index.js';
import { isScimError, scimError, type ScimError } from '../scim/errors.js';
import { sendScim } from './scim-reply.js';

/** Maps a Fastify or parser error raised before a handler runs into its SCIM error. */
function fromFastifyError(error: FastifyError, request: FastifyRequest): ScimError | undefined {
  const limit = (request.routeOptions.config as { bodyLimitDetail?: string } | undefined)
    ?.bodyLimitDetail;
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return scimError.payloadTooLarge(
        limit ?? `the request body is larger than ${request.routeOptions.bodyLimit ?? 0} bytes`,
      );
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return scimError.unsupportedMediaType(
        `unsupported media type "${request.headers['content-type'] ?? ''}": send application/scim+json or application/json`,
      );
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return scimError.invalidSyntax('the request body is empty; a JSON object is required');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return scimError.badRequest('the Content-Length header does not match the body');
    case 'FST_ERR_CTP_INVALID_TYPE':
      return scimError.badRequest('the Content-Type header is malformed');
  }
  if (error instanceof SyntaxError || error.statusCode === 400) {
    return scimError.invalidSyntax(`the request body is not valid JSON: ${error.message}`);
  }
  if (error.statusCode === 413) return scimError.payloadTooLarge(error.message);
  if (error.statusCode === 414 || error.statusCode === 431)
    return scimError.badRequest(error.message);
  return undefined;
}

/** A store that cannot reach its database, wherever in the request it was reached from. */
function isUnavailable(error: unknown): boolean {
  return error instanceof StoreError && error.failure.kind === 'unavailable';
}

/** Installs the one error exit: every error leaves as an RFC 7644 §3.12 body. */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const known = isScimError(error)
      ? error
      : isUnavailable(error)
        ? scimError.unavailable('the database is unavailable; retry later')
        : fromFastifyError(error, request);
    if (known) {
      if (known.status >= 500) request.log.error({ err: error }, 'request failed');
      for (const [name, value] of Object.entries(known.headers)) reply.header(name, value);
      return sendScim(reply, known.status, known.toBody());
    }
    request.log.error({ err: error }, 'unexpected error');
    const internal = scimError.internal(`internal error (request id ${request.id})`);
    return sendScim(reply, 500, internal.toBody());
  });
  app.setNotFoundHandler((request, reply) => {
    const error = scimError.notFound(
      `no endpoint ${request.method} ${request.url.split('?')[0] ?? ''}`,
    );
    return sendScim(reply, 404, error.toBody());
  });
}
