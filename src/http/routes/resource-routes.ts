import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  createResource,
  deleteResource,
  getResource,
  listResources,
  matchesIfNoneMatch,
  patchResource,
  replaceResource,
  type ReadOptions,
  type WriteResult,
} from '../../provisioning/index.js';
import type { ResourceTypeName } from '../../scim/schema/types.js';
import type { AppDeps } from '../app-deps.js';
import { dropEntraAdscimSchema, normalisePatchRequest } from '../compat/index.js';
import { readOptionsFrom, type QueryParams } from '../query-params.js';
import { sendScim } from '../scim-reply.js';
import { tenantOf, type ScopeConfig } from '../tenant-scope.js';
import { cursorCodecFor } from '../list-cursors.js';
import { parseListRequest, parseSearchRequest } from '../list-request.js';
import { registerMethodNotAllowed } from './method-not-allowed.js';

type IdParams = { tenantId: string; id: string };

function ifMatchOf(request: FastifyRequest): string | undefined {
  const header = request.headers['if-match'];
  return Array.isArray(header) ? header.join(',') : header;
}

function sendWrite(reply: FastifyReply, status: number, result: WriteResult, minimal: boolean) {
  reply.header('location', result.location).header('etag', result.version);
  if (minimal) return reply.code(204).send();
  return sendScim(reply, status, result.resource);
}

/** Whether the client asked for no body (RFC 7240 `Prefer: return=minimal`). */
function wantsMinimal(request: FastifyRequest): boolean {
  const prefer = request.headers.prefer;
  return typeof prefer === 'string' && /(^|[;,\s])return=minimal(\s*($|[;,]))/i.test(prefer);
}

/**
 * A Group PATCH answers 204 unless the client asks for a body (`attributes`, `excludedAttributes`
 * or `Prefer: return=representation`): RFC 7644 §3.5.2 allows either, Entra ID and Okta expect 204
 * for group updates, and a group of 100,000 members is then never serialised for nothing.
 */
function groupPatchWithoutBody(
  resourceType: ResourceTypeName,
  request: FastifyRequest,
  read: ReadOptions,
): boolean {
  if (resourceType !== 'Group' || read.attributes || read.excludedAttributes) return false;
  const prefer = request.headers.prefer;
  return !(
    typeof prefer === 'string' && /(^|[;,\s])return=representation(\s*($|[;,]))/i.test(prefer)
  );
}

const read: ScopeConfig = { scope: 'scim:read' };
const write: ScopeConfig = { scope: 'scim:write' };

/** Registers /Users or /Groups: create, list, search, get, replace, patch, delete (RFC 7644 §3.3–3.6). */
export function registerResourceRoutes(
  app: FastifyInstance,
  deps: AppDeps,
  resourceType: ResourceTypeName,
): void {
  const base = resourceType === 'User' ? '/Users' : '/Groups';

  app.post(base, { config: write }, async (request, reply) => {
    const ctx = tenantOf(request);
    const result = await createResource(
      ctx,
      resourceType,
      dropEntraAdscimSchema(request.body).body,
      readOptionsFrom(request.query as QueryParams),
    );
    return sendWrite(reply, 201, result, false);
  });

  app.get(base, { config: read }, async (request, reply) => {
    const query = request.query as QueryParams;
    const list = parseListRequest(deps, tenantOf(request), resourceType, query);
    const body = await listResources(
      tenantOf(request),
      resourceType,
      list,
      readOptionsFrom(query),
      list.cursor === undefined ? undefined : await cursorCodecFor(deps),
    );
    return sendScim(reply, 200, {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
      ...body,
    });
  });

  app.post(`${base}/.search`, { config: read }, async (request, reply) => {
    const { list, readOptions } = parseSearchRequest(
      deps,
      tenantOf(request),
      resourceType,
      request.body,
    );
    const body = await listResources(
      tenantOf(request),
      resourceType,
      list,
      readOptions,
      list.cursor === undefined ? undefined : await cursorCodecFor(deps),
    );
    return sendScim(reply, 200, {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
      ...body,
    });
  });

  app.get<{ Params: IdParams }>(`${base}/:id`, { config: read }, async (request, reply) => {
    const result = await getResource(
      tenantOf(request),
      resourceType,
      request.params.id,
      readOptionsFrom(request.query as QueryParams),
    );
    reply.header('location', result.location).header('etag', result.version);
    const ifNoneMatch = request.headers['if-none-match'];
    if (
      matchesIfNoneMatch(
        Array.isArray(ifNoneMatch) ? ifNoneMatch.join(',') : ifNoneMatch,
        result.version,
      )
    ) {
      return reply.code(304).send();
    }
    return sendScim(reply, 200, result.resource);
  });

  app.put<{ Params: IdParams }>(`${base}/:id`, { config: write }, async (request, reply) => {
    const minimal = wantsMinimal(request);
    const result = await replaceResource(
      tenantOf(request),
      resourceType,
      request.params.id,
      dropEntraAdscimSchema(request.body).body,
      ifMatchOf(request),
      { ...readOptionsFrom(request.query as QueryParams), omitBody: minimal },
    );
    return sendWrite(reply, 200, result, minimal);
  });

  app.patch<{ Params: IdParams }>(`${base}/:id`, { config: write }, async (request, reply) => {
    const ctx = tenantOf(request);
    const patch = normalisePatchRequest(
      ctx.registry,
      resourceType,
      request.body,
      request.params.id,
    );
    const read = readOptionsFrom(request.query as QueryParams);
    const minimal = wantsMinimal(request) || groupPatchWithoutBody(resourceType, request, read);
    const result = await patchResource(
      ctx,
      resourceType,
      request.params.id,
      patch.operations,
      ifMatchOf(request),
      { ...read, omitBody: minimal },
      patch.indexes,
    );
    return sendWrite(reply, 200, result, minimal);
  });

  app.delete<{ Params: IdParams }>(`${base}/:id`, { config: write }, async (request, reply) => {
    await deleteResource(tenantOf(request), resourceType, request.params.id, ifMatchOf(request));
    return reply.code(204).send();
  });

  registerMethodNotAllowed(app, base, ['GET', 'POST']);
  registerMethodNotAllowed(app, `${base}/.search`, ['POST']);
  registerMethodNotAllowed(app, `${base}/:id`, ['GET', 'PUT', 'PATCH', 'DELETE']);
}
