import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { ListQuery, ListResult } from '../../provisioning/ports.js';
import { compileFilter } from './compile-filter.js';
import { resolveSort } from './resolve-sort.js';
import { resourceColumns, toResourceRecord } from './resource-row.js';
import type { SqlContext } from './sql-context.js';
import type { Database } from './tables.js';

/**
 * One page of a tenant's resources of one type, RFC 7644 §3.4.2: filtered, sorted by `sortBy`
 * (then by row key so pages are stable), paginated by 1-based `startIndex` and `count`.
 */
export async function listResources(
  context: Pick<SqlContext, 'hooks' | 'registry'>,
  db: Kysely<Database>,
  tenantId: string,
  query: ListQuery,
): Promise<ListResult> {
  const { hooks, registry } = context;
  let base = db
    .selectFrom('resources')
    .where('resources.tenant_id', '=', tenantId)
    .where('resources.resource_type', '=', query.resourceType);
  if (query.filter)
    base = base.where(compileFilter(hooks, registry, query.resourceType, query.filter));
  const counted = await base.select((eb) => eb.fn.countAll().as('total')).executeTakeFirstOrThrow();
  const totalResults = Number(counted.total);
  const count = Math.max(0, Math.floor(query.count));
  const offset = Math.max(0, Math.floor(query.startIndex) - 1);
  if (count === 0 || offset >= totalResults) return { totalResults, records: [] };
  const direction = query.sortOrder === 'descending' ? 'desc' : 'asc';
  let page = base.select(resourceColumns);
  if (query.sortBy !== undefined) {
    const sortKey = resolveSort(hooks, registry, query.resourceType, query.sortBy);
    // Resources without a value sort last in either direction, so both dialects page alike.
    page = page.orderBy(sql`${sortKey} is null`).orderBy(sortKey, direction);
  }
  const rows = await page.orderBy('resources.row_key').limit(count).offset(offset).execute();
  return { totalResults, records: rows.map((row) => toResourceRecord(hooks, row)) };
}
