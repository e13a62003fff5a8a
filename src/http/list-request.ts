import type { ListRequest, ReadOptions, TenantContext } from '../provisioning/index.js';
import { scimError } from '../scim/errors.js';
import { parseFilter, resolveFilter } from '../scim/filter/index.js';
import type { ResourceTypeName } from '../scim/schema/types.js';
import { URN } from '../scim/urns.js';
import type { AppDeps } from './app-deps.js';
import { integerParam, param, type QueryParams } from './query-params.js';

/** Page size when the client sends no `count`. */
export const DEFAULT_PAGE_SIZE = 100;

interface RawListParameters {
  filter?: string;
  sortBy?: string;
  sortOrder?: string;
  startIndex?: number;
  count?: number;
  cursor?: string;
}

function toListRequest(
  deps: AppDeps,
  ctx: TenantContext,
  resourceType: ResourceTypeName,
  raw: RawListParameters,
): ListRequest {
  if (raw.cursor !== undefined && raw.startIndex !== undefined) {
    throw scimError.invalidValue(
      'startIndex and cursor cannot be combined: use one pagination method (RFC 9865)',
    );
  }
  const startIndex = Math.max(1, raw.startIndex ?? 1);
  const count = Math.min(Math.max(0, raw.count ?? DEFAULT_PAGE_SIZE), deps.config.filterMaxResults);
  let sortOrder: ListRequest['sortOrder'];
  if (raw.sortOrder !== undefined) {
    const order = raw.sortOrder.toLowerCase();
    if (order !== 'ascending' && order !== 'descending') {
      throw scimError.invalidValue(
        `sortOrder must be "ascending" or "descending", got "${raw.sortOrder}"`,
      );
    }
    sortOrder = order;
  }
  const filterText = raw.filter?.trim();
  const filter = filterText
    ? resolveFilter(ctx.registry, resourceType, parseFilter(filterText))
    : undefined;
  return {
    startIndex,
    count,
    ...(filter ? { filter } : {}),
    ...(raw.sortBy ? { sortBy: raw.sortBy } : {}),
    ...(sortOrder ? { sortOrder } : {}),
    ...(raw.cursor !== undefined ? { cursor: raw.cursor } : {}),
  };
}

/** Reads list parameters from the query string (RFC 7644 §3.4.2). */
export function parseListRequest(
  deps: AppDeps,
  ctx: TenantContext,
  resourceType: ResourceTypeName,
  query: QueryParams,
): ListRequest {
  const raw: RawListParameters = {};
  const filter = param(query, 'filter');
  if (filter !== undefined) raw.filter = filter;
  const sortBy = param(query, 'sortBy');
  if (sortBy !== undefined) raw.sortBy = sortBy;
  const sortOrder = param(query, 'sortOrder');
  if (sortOrder !== undefined) raw.sortOrder = sortOrder;
  const startIndex = integerParam(query, 'startIndex');
  if (startIndex !== undefined) raw.startIndex = startIndex;
  const count = integerParam(query, 'count');
  if (count !== undefined) raw.count = count;
  const cursor = param(query, 'cursor');
  if (cursor !== undefined) raw.cursor = cursor;
  return toListRequest(deps, ctx, resourceType, raw);
}

function optionalString(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string')
    throw scimError.invalidSyntax(`SearchRequest ${name} must be a string`);
  return value;
}

function optionalInteger(body: Record<string, unknown>, name: string): number | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw scimError.invalidSyntax(`SearchRequest ${name} must be an integer`);
  }
  return value;
}

function optionalList(body: Record<string, unknown>, name: string): string[] | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string')
    return value
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    throw scimError.invalidSyntax(`SearchRequest ${name} must be an array of strings`);
  }
  return value as string[];
}

/** Reads a POST /.search body (RFC 7644 §3.4.3, SearchRequest). */
export function parseSearchRequest(
  deps: AppDeps,
  ctx: TenantContext,
  resourceType: ResourceTypeName,
  body: unknown,
): { list: ListRequest; readOptions: ReadOptions } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw scimError.invalidSyntax('the SearchRequest body must be a JSON object');
  }
  const request = body as Record<string, unknown>;
  const schemas = request.schemas;
  if (
    schemas !== undefined &&
    (!Array.isArray(schemas) ||
      !schemas.some(
        (s) => typeof s === 'string' && s.toLowerCase() === URN.searchRequest.toLowerCase(),
      ))
  ) {
    throw scimError.invalidSyntax(`SearchRequest schemas must contain "${URN.searchRequest}"`);
  }
  const raw: RawListParameters = {};
  const filter = optionalString(request, 'filter');
  if (filter !== undefined) raw.filter = filter;
  const sortBy = optionalString(request, 'sortBy');
  if (sortBy !== undefined) raw.sortBy = sortBy;
  const sortOrder = optionalString(request, 'sortOrder');
  if (sortOrder !== undefined) raw.sortOrder = sortOrder;
  const startIndex = optionalInteger(request, 'startIndex');
  if (startIndex !== undefined) raw.startIndex = startIndex;
  const count = optionalInteger(request, 'count');
  if (count !== undefined) raw.count = count;
  const cursor = optionalString(request, 'cursor');
  if (cursor !== undefined) raw.cursor = cursor;
  const attributes = optionalList(request, 'attributes');
  const excludedAttributes = optionalList(request, 'excludedAttributes');
  return {
    list: toListRequest(deps, ctx, resourceType, raw),
    readOptions: {
      ...(attributes ? { attributes } : {}),
      ...(excludedAttributes && !attributes ? { excludedAttributes } : {}),
    },
  };
}
