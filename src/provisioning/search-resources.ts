import { isScimError } from '../scim/errors.js';
import type { ResourceTypeName, ScimResource } from '../scim/schema/types.js';
import type { TenantContext } from './context.js';
import type { ListPage, ListRequest } from './list-resources.js';
import type { ListPosition, ListResult, ResourceRecord } from './ports.js';
import { present, presentAll } from './present-resources.js';
import type { ReadOptions } from './resources.js';

/** One resource type's share of a root search: its parsed request and projection. */
export interface SearchPart {
  readonly resourceType: ResourceTypeName;
  readonly list: ListRequest;
  readonly read: ReadOptions;
}

interface Ranked {
  readonly part: number;
  readonly record: ResourceRecord;
  readonly position: ListPosition;
}

function codePointCompare(a: string, b: string): number {
  const left = [...a];
  const right = [...b];
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const difference = (left[i]!.codePointAt(0) ?? 0) - (right[i]!.codePointAt(0) ?? 0);
    if (difference !== 0) return difference;
  }
  return left.length - right.length;
}

/** The store's list order across types: missing values last, then the value, then type, then row key. */
function compareRanked(descending: boolean): (a: Ranked, b: Ranked) => number {
  return (a, b) => {
    const x = a.position.sortValue;
    const y = b.position.sortValue;
    if (x === null || y === null) {
      if (x !== y) return x === null ? 1 : -1;
    } else if (x !== y) {
      let order: number;
      if (typeof x === 'number' && typeof y === 'number') order = x - y;
      else if (typeof x === 'number') order = -1;
      else if (typeof y === 'number') order = 1;
      else order = codePointCompare(x, y);
      if (order !== 0) return descending ? -order : order;
    }
    if (a.part !== b.part) return a.part - b.part;
    return Number(a.position.rowKey) - Number(b.position.rowKey);
  };
}

/** Merges lists that are each already in order, keeping each list's own order. */
function mergeOrdered(lists: Ranked[][], compare: (a: Ranked, b: Ranked) => number): Ranked[] {
  const heads = lists.map(() => 0);
  const merged: Ranked[] = [];
  for (;;) {
    let best = -1;
    for (let i = 0; i < lists.length; i++) {
      const candidate = lists[i]![heads[i]!];
      if (candidate === undefined) continue;
      const current = best === -1 ? undefined : lists[best]![heads[best]!];
      if (current === undefined || compare(candidate, current) < 0) best = i;
    }
    if (best === -1) return merged;
    merged.push(lists[best]![heads[best]!]!);
    heads[best] = heads[best]! + 1;
  }
}

/** A sorted share: a sortBy that one type does not define sorts all of that type as missing. */
async function sortedShare(ctx: TenantContext, part: SearchPart, window: number) {
  const { cursor: _cursor, ...list } = part.list;
  const query = { ...list, resourceType: part.resourceType, startIndex: 1, count: window };
  try {
    return await ctx.store.list({ ...query, withPositions: true });
  } catch (error) {
    if (!isScimError(error) || error.scimType !== 'invalidValue') throw error;
    const { sortBy: _sortBy, ...unsorted } = query;
    const result: ListResult = await ctx.store.list({ ...unsorted, withPositions: true });
    return {
      ...result,
      positions: (result.positions ?? []).map((p) => ({ ...p, sortValue: null })),
      failed: error,
    };
  }
}

async function searchSorted(ctx: TenantContext, parts: readonly SearchPart[]): Promise<ListPage> {
  const { startIndex, count, sortOrder } = parts[0]!.list;
  const window = startIndex - 1 + count;
  const shares = [];
  for (const part of parts) shares.push(await sortedShare(ctx, part, window));
  const failed = shares.map((s) => ('failed' in s ? s.failed : undefined));
  if (failed.every((f) => f !== undefined)) throw failed[0];
  const ranked = shares.map((share, index) =>
    share.records.map((record, i) => ({
      part: index,
      record,
      position: share.positions?.[i] ?? { sortValue: null, rowKey: '0' },
    })),
  );
  const page = mergeOrdered(ranked, compareRanked(sortOrder === 'descending')).slice(
    startIndex - 1,
    window,
  );
  const resources: ScimResource[] = [];
  for (const entry of page)
    resources.push(await present(ctx, entry.record, parts[entry.part]!.read));
  return {
    totalResults: shares.reduce((n, s) => n + s.totalResults, 0),
    startIndex,
    itemsPerPage: resources.length,
    Resources: resources,
  };
}

/** Unsorted: every type's resources in turn, so each page costs one offset query per type. */
async function searchConcatenated(
  ctx: TenantContext,
  parts: readonly SearchPart[],
): Promise<ListPage> {
  const { startIndex, count } = parts[0]!.list;
  let skip = startIndex - 1;
  let room = count;
  let totalResults = 0;
  const resources: ScimResource[] = [];
  for (const part of parts) {
    const { cursor: _cursor, ...list } = part.list;
    const result = await ctx.store.list({
      ...list,
      resourceType: part.resourceType,
      startIndex: skip + 1,
      count: room,
    });
    totalResults += result.totalResults;
    resources.push(...(await presentAll(ctx, result.records, part.read)));
    room -= result.records.length;
    skip = Math.max(0, skip - result.totalResults);
  }
  return { totalResults, startIndex, itemsPerPage: resources.length, Resources: resources };
}

/**
 * A search across resource types from the service provider root, RFC 7644 §3.4.3: exact
 * `totalResults`, `startIndex` and `itemsPerPage` over the types together, in a stable order
 * (with `sortBy`, merged by sort value; without, every User, then every Group).
 */
export function searchResources(
  ctx: TenantContext,
  parts: readonly SearchPart[],
): Promise<ListPage> {
  if (parts.length === 0) throw new RangeError('searchResources needs at least one part');
  return parts[0]!.list.sortBy === undefined
    ? searchConcatenated(ctx, parts)
    : searchSorted(ctx, parts);
}
