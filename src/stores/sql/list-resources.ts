import { sql } from 'kysely';
import type { Expression, Kysely, SqlBool } from 'kysely';
import type { ListPosition, ListQuery, ListResult } from '../../provisioning/ports.js';
import { compileFilter } from './compile-filter.js';
import { resolveSort, type SortKey } from './resolve-sort.js';
import { resourceColumns, toResourceRecord } from './resource-row.js';
import type { SqlContext } from './sql-context.js';
import type { Database } from './tables.js';

/**
 * Without `sortBy` or `filter`, resources list in creation order: `meta.created` then row key,
 * which the (tenant, type, created) index delivers without sorting the tenant. A filter keeps
 * plain row-key order instead, so the planner stays on the filter's index (SQLite without table
 * statistics would otherwise walk the created index to avoid a sort).
 */
const creationOrder: SortKey = {
  expression: sql.ref('resources.created'),
  kind: 'text',
  nullable: false,
};

/** A row key as a driver parameter: a number where it is safe, so SQLite compares integers. */
function rowKeyParameter(rowKey: string): number | string {
  const value = Number(rowKey);
  return Number.isSafeInteger(value) ? value : rowKey;
}

/** A position's sort value as a parameter of the key's SQL type (a tampered type cannot slip through). */
function sortParameter(key: SortKey, value: string | number): string | number {
  return key.kind === 'number' ? Number(value) : String(value);
}

/**
 * Rows that come strictly after (`forward`) or before a position in the list order: missing
 * values last, then the sort value in the sort direction, then the row key ascending (insertion
 * order), as index pagination orders them.
 */
function beyond(
  key: SortKey | undefined,
  descending: boolean,
  position: ListPosition,
  forward: boolean,
): Expression<SqlBool> {
  const beyondSymbol = sql.raw(descending === forward ? '<' : '>');
  const rowKeyBeyond = sql<SqlBool>`resources.row_key ${sql.raw(forward ? '>' : '<')} ${rowKeyParameter(position.rowKey)}`;
  if (!key) return rowKeyBeyond;
  const value = key.expression;
  if (position.sortValue === null) {
    const tied = sql<SqlBool>`(${value} is null and ${rowKeyBeyond})`;
    return forward ? tied : sql<SqlBool>`(${value} is not null or ${tied})`;
  }
  const at = sortParameter(key, position.sortValue);
  if (!key.nullable) {
    // The inclusive bound alone is what lets the index seek straight to the position.
    const bound = sql.raw(descending === forward ? '<=' : '>=');
    return sql<SqlBool>`(${value} ${bound} ${at} and (${value} ${beyondSymbol} ${at} or ${rowKeyBeyond}))`;
  }
  const strictly = sql<SqlBool>`(${value} ${beyondSymbol} ${at} or (${value} = ${at} and ${rowKeyBeyond}))`;
  return forward
    ? sql<SqlBool>`(${value} is null or ${strictly})`
    : sql<SqlBool>`(${value} is not null and ${strictly})`;
}

/** A row's position; PostgreSQL returns numeric values as text, so number keys are read back as numbers. */
function positionOf(
  kind: SortKey['kind'],
  row: { sort_value: unknown; row_key: unknown },
): ListPosition {
  const { sort_value: value } = row;
  let sortValue: string | number | null = null;
  if (typeof value === 'number' || typeof value === 'string')
    sortValue = kind === 'number' ? Number(value) : value;
  return { sortValue, rowKey: String(row.row_key) };
}

/**
 * One page of a tenant's resources of one type, RFC 7644 §3.4.2: filtered, sorted by `sortBy`
 * (missing values last) or by creation, then by row key so pages are stable, paginated either by 1-based
 * `startIndex` and `count`, or by keyset (`after` / `before` a position, RFC 9865) so a deep page
 * costs what the first one does.
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
  const key =
    query.sortBy !== undefined
      ? resolveSort(hooks, registry, query.resourceType, query.sortBy)
      : query.filter
        ? undefined
        : creationOrder;
  const counted = await base.select((eb) => eb.fn.countAll().as('total')).executeTakeFirstOrThrow();
  const totalResults = Number(counted.total);
  const count = Math.max(0, Math.floor(query.count));
  const keyset = query.after ?? query.before;
  const withPositions = query.withPositions === true || keyset !== undefined;
  const offset = keyset ? 0 : Math.max(0, Math.floor(query.startIndex) - 1);
  if (count === 0 || offset >= totalResults)
    return withPositions
      ? { totalResults, records: [], positions: [] }
      : { totalResults, records: [] };
  // sortOrder only applies to an explicit sortBy (RFC 7644 §3.4.2.3).
  const descending = query.sortBy !== undefined && query.sortOrder === 'descending';
  const forward = query.before === undefined;
  let page = base
    .select(resourceColumns)
    .select([sql<unknown>`${key?.expression ?? sql`null`}`.as('sort_value'), 'resources.row_key']);
  if (keyset) page = page.where(beyond(key, descending, keyset, forward));
  if (key?.nullable) page = page.orderBy(sql`${key.expression} is null`, forward ? 'asc' : 'desc');
  if (key) page = page.orderBy(key.expression, descending === forward ? 'desc' : 'asc');
  const rows = await page
    .orderBy('resources.row_key', forward ? 'asc' : 'desc')
    .limit(count)
    .offset(offset)
    .execute();
  if (!forward) rows.reverse();
  const records = rows.map((row) => toResourceRecord(hooks, row));
  return withPositions
    ? { totalResults, records, positions: rows.map((row) => positionOf(key?.kind ?? 'text', row)) }
    : { totalResults, records };
}
