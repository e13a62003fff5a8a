import { scimError } from '../scim/errors.js';
import { printFilter } from '../scim/filter/index.js';
import type { Filter } from '../scim/path/types.js';
import type { ResourceTypeName, ScimResource } from '../scim/schema/types.js';
import type { TenantContext } from './context.js';
import type { CursorCodec, CursorState } from './list-cursor.js';
import type { ListQuery, SortOrder } from './ports.js';
import { presentAll } from './present-resources.js';
import type { ReadOptions } from './resources.js';

/** A list request after parameter parsing (RFC 7644 §3.4.2; `cursor` from RFC 9865). */
export interface ListRequest {
  readonly filter?: Filter;
  readonly sortBy?: string;
  readonly sortOrder?: SortOrder;
  /** 1-based; ignored in cursor pagination. */
  readonly startIndex: number;
  readonly count: number;
  /** RFC 9865 cursor pagination: the empty string asks for the first page. */
  readonly cursor?: string;
}

/** A ListResponse body (RFC 7644 §3.4.2, RFC 9865 §3): index pages carry `startIndex`, cursor pages the cursors. */
export interface ListPage {
  totalResults: number;
  startIndex?: number;
  itemsPerPage: number;
  Resources: ScimResource[];
  nextCursor?: string;
  previousCursor?: string;
}

/** The query a cursor is bound to: the same cursor under another filter or order is invalid. */
function cursorScope(ctx: TenantContext, resourceType: ResourceTypeName, request: ListRequest) {
  return [
    ctx.store.tenantId,
    resourceType,
    request.filter ? printFilter(request.filter) : '',
    request.sortBy?.toLowerCase() ?? '',
    request.sortBy === undefined ? '' : (request.sortOrder ?? 'ascending'),
  ].join('\n');
}

/** RFC 9865: one keyset page, with `nextCursor` / `previousCursor` where there are more rows. */
async function listByCursor(
  ctx: TenantContext,
  resourceType: ResourceTypeName,
  request: ListRequest,
  read: ReadOptions,
  cursors: CursorCodec,
): Promise<ListPage> {
  const scope = cursorScope(ctx, resourceType, request);
  const state: CursorState | undefined =
    request.cursor === undefined || request.cursor === ''
      ? undefined
      : cursors.decode(scope, request.cursor);
  const count = Math.max(0, request.count);
  const query: ListQuery = {
    resourceType,
    startIndex: 1,
    // One row more than the page tells whether another page follows in the reading direction.
    count: count === 0 ? 0 : count + 1,
    withPositions: true,
    ...(request.filter ? { filter: request.filter } : {}),
    ...(request.sortBy !== undefined ? { sortBy: request.sortBy } : {}),
    ...(request.sortOrder ? { sortOrder: request.sortOrder } : {}),
    ...(state?.direction === 'after' ? { after: state.position } : {}),
    ...(state?.direction === 'before' ? { before: state.position } : {}),
  };
  const result = await ctx.store.list(query);
  let records = [...result.records];
  let positions = [...(result.positions ?? [])];
  const backwards = state?.direction === 'before';
  const overflow = records.length > count;
  if (overflow) {
    records = backwards ? records.slice(1) : records.slice(0, count);
    positions = backwards ? positions.slice(1) : positions.slice(0, count);
  }
  const first = positions[0];
  const last = positions[positions.length - 1];
  const hasNext = backwards ? state !== undefined : overflow;
  const hasPrevious = backwards ? overflow : state !== undefined;
  const page: ListPage = {
    totalResults: result.totalResults,
    itemsPerPage: records.length,
    Resources: await presentAll(ctx, records, read),
  };
  if (hasNext && last)
    page.nextCursor = cursors.encode(scope, { direction: 'after', position: last });
  if (hasPrevious && first)
    page.previousCursor = cursors.encode(scope, { direction: 'before', position: first });
  return page;
}

/**
 * Lists resources of one type as a ListResponse body, RFC 7644 §3.4.2: by 1-based `startIndex`,
 * or, when the request carries a `cursor`, by RFC 9865 cursor (which needs `cursors`).
 */
export async function listResources(
  ctx: TenantContext,
  resourceType: ResourceTypeName,
  request: ListRequest,
  read: ReadOptions = {},
  cursors?: CursorCodec,
): Promise<ListPage> {
  if (request.cursor !== undefined) {
    if (!cursors) throw scimError.invalidCursor('cursor pagination is not offered here');
    return listByCursor(ctx, resourceType, request, read, cursors);
  }
  const { cursor: _cursor, ...index } = request;
  const result = await ctx.store.list({ resourceType, ...index });
  const resources = await presentAll(ctx, [...result.records], read);
  return {
    totalResults: result.totalResults,
    startIndex: request.startIndex,
    itemsPerPage: resources.length,
    Resources: resources,
  };
}
