import type { Kysely } from 'kysely';
import type {
  ActivityEntry,
  ActivityPage,
  ActivityQuery,
  ActivityRecord,
} from '../../provisioning/activity.js';
import { insertRowsSharing } from './insert-rows.js';
import type { ActivityTable, Database } from './tables.js';

/** The columns every entry of one request shares. */
const requestColumns = [
  'time',
  'tenant_id',
  'client_id',
  'token_id',
  'request_id',
] as const satisfies readonly (keyof ActivityTable)[];

type OperationValue = string | number | null;

const emptyNormalisers = '[]';

function normalisersText(entry: ActivityEntry): string {
  return entry.normalisers.length === 0 ? emptyNormalisers : JSON.stringify(entry.normalisers);
}

/** The columns of each operation, and how an entry gives its value. */
const operationColumns: readonly (readonly [
  keyof ActivityTable,
  (e: ActivityEntry) => OperationValue,
])[] = [
  ['method', (entry) => entry.method],
  ['resource_type', (entry) => entry.resourceType],
  ['resource_id', (entry) => entry.resourceId],
  ['operation_index', (entry) => entry.operationIndex],
  ['bulk_id', (entry) => entry.bulkId],
  ['status', (entry) => entry.status],
  ['normalisers', normalisersText],
  ['version_before', (entry) => entry.versionBefore],
  ['version_after', (entry) => entry.versionAfter],
];

function sameRequest(a: ActivityEntry, b: ActivityEntry): boolean {
  return (
    a.time === b.time &&
    a.tenantId === b.tenantId &&
    a.clientId === b.clientId &&
    a.tokenId === b.tokenId &&
    a.requestId === b.requestId
  );
}

/** Whether every entry gives the same value for a column. */
function constantIn(
  entries: readonly ActivityEntry[],
  value: (entry: ActivityEntry) => OperationValue,
): boolean {
  const first = value(entries[0] as ActivityEntry);
  for (let i = 1; i < entries.length; i++) {
    if (value(entries[i] as ActivityEntry) !== first) return false;
  }
  return true;
}

/** Inserts the entries of one request: columns whose value they all share are given once. */
async function insertRequestEntries(
  db: Kysely<Database>,
  dialect: string,
  entries: readonly ActivityEntry[],
): Promise<void> {
  const first = entries[0] as ActivityEntry;
  const sharedColumns: (keyof ActivityTable)[] = [...requestColumns];
  const sharedValues: OperationValue[] = [
    first.time,
    first.tenantId,
    first.clientId,
    first.tokenId,
    first.requestId,
  ];
  const perRowColumns: (keyof ActivityTable)[] = [];
  const perRow: ((entry: ActivityEntry) => OperationValue)[] = [];
  for (const [index, [column, value]] of operationColumns.entries()) {
    // The operations of a bulk request of user POSTs share method, type, status, normalisers
    // and (no) version before: binding those once per statement instead of once per row takes
    // a quarter off the time SQLite spends inserting them. A statement needs at least one
    // column from its VALUES list, so the last column is shared only if another is not.
    const last = index === operationColumns.length - 1 && perRow.length === 0;
    if (entries.length > 1 && !last && constantIn(entries, value)) {
      sharedColumns.push(column);
      sharedValues.push(value(first));
    } else {
      perRowColumns.push(column);
      perRow.push(value);
    }
  }
  await insertRowsSharing(
    db,
    dialect,
    'activity',
    { columns: sharedColumns, values: sharedValues },
    perRowColumns,
    entries,
    (entry, values) => {
      for (let i = 0; i < perRow.length; i++)
        values.push((perRow[i] as (e: ActivityEntry) => OperationValue)(entry));
    },
  );
}

/**
 * Appends provisioning activity entries in multi-row statements, in order; the values that the
 * entries of one request share are given once per statement.
 */
export async function insertActivity(
  db: Kysely<Database>,
  dialect: string,
  entries: readonly ActivityEntry[],
): Promise<void> {
  let start = 0;
  while (start < entries.length) {
    const first = entries[start] as ActivityEntry;
    let end = start + 1;
    while (end < entries.length && sameRequest(first, entries[end] as ActivityEntry)) end += 1;
    await insertRequestEntries(
      db,
      dialect,
      start === 0 && end === entries.length ? entries : entries.slice(start, end),
    );
    start = end;
  }
}

/**
 * One page of a tenant's activity, newest first (time, then insertion order); `since` and `until`
 * are both inclusive, `after` continues behind a previous page's last entry.
 */
export async function selectActivity(
  db: Kysely<Database>,
  query: ActivityQuery,
): Promise<ActivityPage> {
  let select = db.selectFrom('activity').selectAll().where('tenant_id', '=', query.tenantId);
  if (query.since !== undefined) select = select.where('time', '>=', query.since);
  if (query.until !== undefined) select = select.where('time', '<=', query.until);
  if (query.resourceId !== undefined) select = select.where('resource_id', '=', query.resourceId);
  if (query.status)
    select = select.where('status', '>=', query.status.min).where('status', '<=', query.status.max);
  const { after } = query;
  if (after) {
    select = select.where((eb) =>
      eb.or([
        eb('time', '<', after.time),
        eb.and([eb('time', '=', after.time), eb('seq', '<', after.seq)]),
      ]),
    );
  }
  const limit = Math.max(0, Math.floor(query.limit));
  const rows = await select
    .orderBy('time', 'desc')
    .orderBy('seq', 'desc')
    .limit(limit + 1)
    .execute();
  const entries: ActivityRecord[] = rows.slice(0, limit).map((row) => ({
    seq: Number(row.seq),
    time: row.time,
    tenantId: row.tenant_id,
    clientId: row.client_id,
    tokenId: row.token_id,
    requestId: row.request_id,
    method: row.method,
    resourceType: row.resource_type,
    resourceId: row.resource_id,
    operationIndex: row.operation_index === null ? null : Number(row.operation_index),
    bulkId: row.bulk_id,
    status: Number(row.status),
    normalisers: JSON.parse(row.normalisers) as string[],
    versionBefore: row.version_before,
    versionAfter: row.version_after,
  }));
  return { entries, hasMore: rows.length > limit };
}

/** Deletes activity older than `before` across all tenants; returns how many rows went. */
export async function deleteActivityBefore(db: Kysely<Database>, before: string): Promise<number> {
  const result = await db.deleteFrom('activity').where('time', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}
