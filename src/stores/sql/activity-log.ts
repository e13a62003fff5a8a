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

const operationColumns = [
  'method',
  'resource_type',
  'resource_id',
  'operation_index',
  'bulk_id',
  'status',
  'normalisers',
  'version_before',
  'version_after',
] as const satisfies readonly (keyof ActivityTable)[];

function sameRequest(a: ActivityEntry, b: ActivityEntry): boolean {
  return (
    a.time === b.time &&
    a.tenantId === b.tenantId &&
    a.clientId === b.clientId &&
    a.tokenId === b.tokenId &&
    a.requestId === b.requestId
  );
}

/**
 * Appends provisioning activity entries in multi-row statements, in order; the request fields of
 * consecutive entries from one request are given once per statement.
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
    await insertRowsSharing(
      db,
      dialect,
      'activity',
      {
        columns: requestColumns,
        values: [first.time, first.tenantId, first.clientId, first.tokenId, first.requestId],
      },
      operationColumns,
      start === 0 && end === entries.length ? entries : entries.slice(start, end),
      (entry, values) => {
        values.push(
          entry.method,
          entry.resourceType,
          entry.resourceId,
          entry.operationIndex,
          entry.bulkId,
          entry.status,
          entry.normalisers.length === 0 ? '[]' : JSON.stringify(entry.normalisers),
          entry.versionBefore,
          entry.versionAfter,
        );
      },
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
