import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { authenticateClient, grantScopes, issueRecordedToken } from '../../auth/index.js';
import type { AppDeps } from '../app-deps.js';
import { createLimiter } from '../rate-limits.js';

export const OAUTH_TOKEN_PATH = '/api/v1/oauth/token';

/** Token requests are a few hundred bytes; anything larger is not one. */
const FORM_BODY_LIMIT = 16_384;

type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'invalid_scope'
  | 'temporarily_unavailable'
  | 'server_error';

/** An RFC 6749 §5.2 error response: these are OAuth JSON bodies, not SCIM errors. */
class OAuthError extends Error {
  constructor(
    readonly status: number,
    readonly code: OAuthErrorCode,
    readonly description: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(description);
    this.name = 'OAuthError';
  }
}

/** RFC 6749 §5.1/§5.2: token responses must never be cached. */
const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' };

type FormParameters = Map<string, string[]>;

/** Decodes `application/x-www-form-urlencoded` (RFC 6749 Appendix B) keeping repeated names. */
function parseForm(text: string): FormParameters {
  const parameters: FormParameters = new Map();
  for (const [name, value] of new URLSearchParams(text)) {
    parameters.set(name, [...(parameters.get(name) ?? []), value]);
  }
  return parameters;
}

/** A parameter sent at most once (RFC 6749 §3.2); empty values count as absent. */
function single(parameters: FormParameters, name: string): string | undefined {
  const values = parameters.get(name);
  if (values && values.length > 1) {
    throw new OAuthError(400, 'invalid_request', `the parameter ${name} is repeated`);
  }
  const value = values?.[0];
  return value === '' ? undefined : value;
}

const formDecode = (text: string) => decodeURIComponent(text.replace(/\+/g, ' '));

/** Client credentials from HTTP Basic (RFC 6749 §2.3.1, form-encoded then base64) or the body. */
function clientCredentials(
  request: FastifyRequest,
  parameters: FormParameters,
): { clientId: string; clientSecret: string; basic: boolean } {
  const header = request.headers.authorization;
  const bodyId = single(parameters, 'client_id');
  const bodySecret = single(parameters, 'client_secret');
  const invalidClient = (why: string, basic: boolean) =>
    new OAuthError(
      401,
      'invalid_client',
      why,
      basic ? { 'www-authenticate': 'Basic realm="roster"' } : {},
    );
  if (header !== undefined) {
    const match = /^Basic[ ]+([A-Za-z0-9+/]+=*)\s*$/i.exec(header);
    if (!match?.[1]) throw invalidClient('the Authorization header must be HTTP Basic', true);
    if (bodySecret !== undefined) {
      throw new OAuthError(400, 'invalid_request', 'use one client authentication method only');
    }
    const decoded = Buffer.from(match[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) throw invalidClient('malformed Basic credentials', true);
    try {
      const clientId = formDecode(decoded.slice(0, colon));
      const clientSecret = formDecode(decoded.slice(colon + 1));
      if (bodyId !== undefined && bodyId !== clientId) {
        throw new OAuthError(400, 'invalid_request', 'client_id differs from the Basic user name');
      }
      return { clientId, clientSecret, basic: true };
    } catch (error) {
      if (error instanceof OAuthError) throw error;
      throw invalidClient('malformed Basic credentials', true);
    }
  }
  if (bodyId === undefined || bodySecret === undefined) {
    throw invalidClient(
      'client authentication required (HTTP Basic or client_id/client_secret)',
      true,
    );
  }
  return { clientId: bodyId, clientSecret: bodySecret, basic: false };
}

function sendOAuthError(reply: FastifyReply, error: OAuthError): FastifyReply {
  return reply
    .code(error.status)
    .headers({ ...NO_STORE, ...error.headers })
    .type('application/json; charset=utf-8')
    .send({ error: error.code, error_description: error.description });
}

/** Maps parser and framework errors raised before the handler into RFC 6749 §5.2 errors. */
function toOAuthError(error: FastifyError): OAuthError | undefined {
  if (error instanceof OAuthError) return error;
  if (error.statusCode === 429) {
    return new OAuthError(429, 'temporarily_unavailable', 'too many token requests', {});
  }
  if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
    return new OAuthError(
      400,
      'invalid_request',
      error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
        ? 'the request body must be application/x-www-form-urlencoded'
        : 'the request body is not a valid token request',
    );
  }
  return undefined;
}

/** POST /api/v1/oauth/token: the client credentials grant (RFC 6749 §4.4) for tenants' OAuth clients. */
export function registerOAuthTokenRoute(app: FastifyInstance, deps: AppDeps): void {
  app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: FORM_BODY_LIMIT },
      (_request, body, done) => done(null, parseForm(body as string)),
    );
    scope.setErrorHandler((error: FastifyError, request, reply) => {
      const known = toOAuthError(error);
      if (known) return sendOAuthError(reply, known);
      request.log.error({ err: error }, 'token request failed');
      return sendOAuthError(
        reply,
        new OAuthError(500, 'server_error', `internal error (request id ${request.id})`),
      );
    });
    const limit = createLimiter(
      scope,
      deps.config.rateLimit.tokenRequestsPerMinute,
      (r) => `oauth\n${r.ip}`,
    );
    scope.post(OAUTH_TOKEN_PATH, async (request, reply) => {
      const wait = limit ? await limit(request) : undefined;
      if (wait !== undefined) {
        throw new OAuthError(
          429,
          'temporarily_unavailable',
          `too many token requests; retry after ${wait} seconds`,
          {
            'retry-after': String(wait),
          },
        );
      }
      if (!(request.body instanceof Map)) {
        throw new OAuthError(
          400,
          'invalid_request',
          'the request body must be application/x-www-form-urlencoded',
        );
      }
      const parameters = request.body as FormParameters;
      const credentials = clientCredentials(request, parameters);
      const grantType = single(parameters, 'grant_type');
      if (grantType === undefined)
        throw new OAuthError(400, 'invalid_request', 'grant_type is required');
      if (grantType !== 'client_credentials') {
        throw new OAuthError(
          400,
          'unsupported_grant_type',
          `grant_type "${grantType}" is not supported; use client_credentials`,
        );
      }
      const client = await authenticateClient(
        deps.store.auth,
        credentials.clientId,
        credentials.clientSecret,
      );
      if (!client) {
        throw new OAuthError(
          401,
          'invalid_client',
          'client authentication failed',
          credentials.basic ? { 'www-authenticate': 'Basic realm="roster"' } : {},
        );
      }
      const grant = grantScopes(client.scope, single(parameters, 'scope'));
      if (!grant.ok) throw new OAuthError(400, 'invalid_scope', grant.reason);
      const ttlSeconds = deps.config.accessTokenTtlSeconds;
      const { token } = await issueRecordedToken(deps.keys, deps.store.auth, {
        tenantId: client.tenantId,
        scopes: grant.scopes,
        ttlSeconds,
        subject: `client:${client.clientId}`,
        clientId: client.clientId,
      });
      return reply
        .code(200)
        .headers(NO_STORE)
        .type('application/json; charset=utf-8')
        .send({
          access_token: token,
          token_type: 'Bearer',
          expires_in: ttlSeconds,
          scope: grant.scopes.join(' '),
        });
    });
  });
}
