import type { ControlledTransaction, Kysely } from 'kysely';
import type { ActivityEntry } from '../../provisioning/activity.js';
import { StoreError } from '../../provisioning/ports.js';
import type {
  GroupRef,
  ListQuery,
  ListResult,
  MemberRecord,
  ResourceRecord,
  TenantStore,
} from '../../provisioning/ports.js';
import type { ResourceTypeName } from '../../scim/schema/types.js';
import { insertActivity } from './activity-log.js';
import type { SqlDialectHooks } from './dialect-hooks.js';
import { insertRowsOf, rowsPerInsert, type RowColumn } from './insert-rows.js';
import { listResources } from './list-resources.js';
import { documentOf, initialMembers } from './resource-document.js';
import { resourceColumns, toResourceRecord } from './resource-row.js';
import { savepointCommands } from './savepoint-commands.js';
import type { SqlContext } from './sql-context.js';
import type { Database, ResourcesTable } from './tables.js';
import { translateError } from './translate-error.js';

type Transaction = ControlledTransaction<Database>;

/** An open top-level transaction and how deep the handle sits in its savepoints. */
interface TransactionScope {
  readonly trx: Transaction;
  readonly depth: number;
}

/** The columns of a new resource row other than the tenant, and how a record gives each. */
const resourceRowColumns: readonly RowColumn<ResourceRecord>[] = [
  { name: 'resource_type', value: (record) => record.resourceType },
  { name: 'id', value: (record) => record.id },
  { name: 'external_id', value: (record) => record.externalId },
  { name: 'name', value: (record) => record.name },
  {
    name: 'name_key',
    value: (record) => (record.name === null ? null : record.name.toLowerCase()),
  },
  { name: 'created', value: (record) => record.created },
  { name: 'last_modified', value: (record) => record.lastModified },
  { name: 'version', value: (record) => record.version },
  { name: 'document', value: (record) => documentOf(record.attributes) },
] satisfies readonly (RowColumn<ResourceRecord> & { name: keyof ResourcesTable })[];

/** Rows per multi-row statement: well under SQLite's and PostgreSQL's parameter limits. */
const chunkSize = 500;
const retryAttempts = 10;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += chunkSize) out.push(items.slice(i, i + chunkSize));
  return out;
}

function isRetryable(hooks: SqlDialectHooks, error: unknown): boolean {
  const cause =
    error instanceof StoreError && error.failure.kind === 'unavailable'
      ? error.failure.cause
      : error;
  return hooks.classifyError(cause)?.kind === 'retry';
}

/** A tenant-bound handle over the shared SQL schema; inside a transaction it is bound to it. */
export class SqlTenantStore implements TenantStore {
  readonly #context: SqlContext;
  readonly #db: Kysely<Database>;
  readonly #scope: TransactionScope | undefined;

  constructor(
    context: SqlContext,
    readonly tenantId: string,
    scope?: TransactionScope,
  ) {
    this.#context = context;
    this.#scope = scope;
    this.#db = scope ? scope.trx : context.db;
  }

  async #run<T>(action: () => Promise<T>, resourceType?: ResourceTypeName): Promise<T> {
    try {
      return await action();
    } catch (error) {
      throw translateError(this.#context.hooks, error, resourceType);
    }
  }

  /**
   * Inserts the rows of new resources (not their members) in multi-row statements; the tenant,
   * and whatever else all rows share (a Bulk batch's type and meta times), is given once per
   * statement where the dialect allows (insertRowsOf).
   */
  #insertRows(db: Kysely<Database>, records: readonly ResourceRecord[]): Promise<void> {
    const tenantId = this.tenantId;
    return insertRowsOf(
      db,
      this.#context.hooks.name,
      'resources',
      [{ name: 'tenant_id', value: () => tenantId }, ...resourceRowColumns],
      records,
    );
  }

  async insertResource(record: ResourceRecord): Promise<void> {
    const members = initialMembers(record);
    if (members.length === 0) {
      await this.#run(() => this.#insertRows(this.#db, [record]), record.resourceType);
      return;
    }
    await this.#within(async (tx) => {
      await tx.#run(() => tx.#insertRows(tx.#db, [record]), record.resourceType);
      await tx.addMembers(record.id, members);
    });
  }

  insertResources(records: readonly ResourceRecord[]): Promise<void> {
    if (records.length === 0) return Promise.resolve();
    if (records.length === 1 && records[0]) return this.insertResource(records[0]);
    // One statement that fails undoes itself on SQLite: inside a transaction it needs no savepoint.
    const oneStatement =
      this.#scope !== undefined &&
      this.#context.hooks.failedStatementKeepsTransaction &&
      records.length <= rowsPerInsert &&
      records.every((record) => initialMembers(record).length === 0);
    const write = oneStatement
      ? (work: (tx: SqlTenantStore) => Promise<void>) => work(this)
      : this.#within.bind(this);
    return write(async (tx) => {
      const types = new Set(records.map((record) => record.resourceType));
      // A name collision names the attribute of the one resource type the batch holds.
      const resourceType = types.size === 1 ? records[0]?.resourceType : undefined;
      await tx.#run(() => tx.#insertRows(tx.#db, records), resourceType);
      for (const record of records) {
        const members = initialMembers(record);
        if (members.length > 0) await tx.addMembers(record.id, members);
      }
    });
  }

  getResource(resourceType: ResourceTypeName, id: string): Promise<ResourceRecord | undefined> {
    return this.#run(async () => {
      let query = this.#db
        .selectFrom('resources')
        .select(resourceColumns)
        .where('tenant_id', '=', this.tenantId)
        .where('id', '=', id)
        .where('resource_type', '=', resourceType);
      // A read inside a transaction precedes a write of the same row: locking it on PostgreSQL
      // queues concurrent read-modify-writes instead of failing their version check (SQLite's
      // BEGIN IMMEDIATE already serialises writers).
      if (this.#scope && this.#context.hooks.name === 'postgres') query = query.forUpdate();
      const row = await query.executeTakeFirst();
      return row && toResourceRecord(this.#context.hooks, row);
    });
  }

  updateResource(record: ResourceRecord, expectedVersion?: string): Promise<boolean> {
    return this.#run(async () => {
      let update = this.#db
        .updateTable('resources')
        .set({
          external_id: record.externalId,
          name: record.name,
          name_key: record.name === null ? null : record.name.toLowerCase(),
          last_modified: record.lastModified,
          version: record.version,
          document: documentOf(record.attributes),
        })
        .where('tenant_id', '=', this.tenantId)
        .where('id', '=', record.id)
        .where('resource_type', '=', record.resourceType);
      // The version check sits in the WHERE clause so two concurrent writers cannot both win.
      if (expectedVersion !== undefined) update = update.where('version', '=', expectedVersion);
      const result = await update.executeTakeFirst();
      if (result.numUpdatedRows > 0n) return true;
      if (expectedVersion === undefined) return false;
      const existing = await this.#db
        .selectFrom('resources')
        .select('version')
        .where('tenant_id', '=', this.tenantId)
        .where('id', '=', record.id)
        .where('resource_type', '=', record.resourceType)
        .executeTakeFirst();
      if (existing) throw new StoreError({ kind: 'versionMismatch' });
      return false;
    }, record.resourceType);
  }

  deleteResource(resourceType: ResourceTypeName, id: string): Promise<boolean> {
    return this.#within(async (tx) => {
      const db = tx.#db;
      const result = await db
        .deleteFrom('resources')
        .where('tenant_id', '=', this.tenantId)
        .where('id', '=', id)
        .where('resource_type', '=', resourceType)
        .executeTakeFirst();
      if (result.numDeletedRows === 0n) return false;
      await db
        .deleteFrom('memberships')
        .where('tenant_id', '=', this.tenantId)
        .where('group_id', '=', id)
        .execute();
      await db
        .deleteFrom('memberships')
        .where('tenant_id', '=', this.tenantId)
        .where('member_id', '=', id)
        .execute();
      return true;
    });
  }

  listMembers(groupId: string): Promise<MemberRecord[]> {
    return this.#run(async () => {
      const rows = await this.#db
        .selectFrom('memberships')
        .select(['member_id', 'member_type', 'display'])
        .where('tenant_id', '=', this.tenantId)
        .where('group_id', '=', groupId)
        .orderBy('member_id')
        .execute();
      return rows.map((row) => ({
        value: row.member_id,
        type: row.member_type as ResourceTypeName,
        display: row.display,
      }));
    });
  }

  addMembers(groupId: string, members: readonly MemberRecord[]): Promise<number> {
    const unique = [...new Map(members.map((member) => [member.value, member])).values()];
    return this.#run(async () => {
      let inserted = 0;
      for (const chunk of chunks(unique)) {
        const result = await this.#db
          .insertInto('memberships')
          .values(
            chunk.map((member) => ({
              tenant_id: this.tenantId,
              group_id: groupId,
              member_id: member.value,
              member_type: member.type,
              display: member.display,
            })),
          )
          .onConflict((conflict) =>
            conflict.columns(['tenant_id', 'group_id', 'member_id']).doNothing(),
          )
          .executeTakeFirst();
        inserted += Number(result.numInsertedOrUpdatedRows ?? 0n);
      }
      return inserted;
    });
  }

  removeMembers(groupId: string, memberIds: readonly string[]): Promise<number> {
    return this.#run(async () => {
      let deleted = 0;
      for (const chunk of chunks([...new Set(memberIds)])) {
        const result = await this.#db
          .deleteFrom('memberships')
          .where('tenant_id', '=', this.tenantId)
          .where('group_id', '=', groupId)
          .where('member_id', 'in', chunk)
          .executeTakeFirst();
        deleted += Number(result.numDeletedRows);
      }
      return deleted;
    });
  }

  replaceMembers(groupId: string, members: readonly MemberRecord[]): Promise<void> {
    return this.#within(async (tx) => {
      await tx.#db
        .deleteFrom('memberships')
        .where('tenant_id', '=', this.tenantId)
        .where('group_id', '=', groupId)
        .execute();
      await tx.addMembers(groupId, members);
    });
  }

  listGroupsOf(memberIds: readonly string[]): Promise<Map<string, GroupRef[]>> {
    return this.#run(async () => {
      const groups = new Map<string, GroupRef[]>(memberIds.map((id) => [id, []]));
      // Two indexed lookups instead of a join: without table statistics SQLite would drive a join
      // from the tenant's resources (a scan) rather than from the member index.
      const links: { member_id: string; group_id: string }[] = [];
      for (const chunk of chunks([...new Set(memberIds)])) {
        links.push(
          ...(await this.#db
            .selectFrom('memberships')
            .select(['member_id', 'group_id'])
            .where('tenant_id', '=', this.tenantId)
            .where('member_id', 'in', chunk)
            .execute()),
        );
      }
      if (links.length === 0) return groups;
      const names = new Map<string, string | null>();
      for (const chunk of chunks([...new Set(links.map((l) => l.group_id))])) {
        const rows = await this.#db
          .selectFrom('resources')
          .select(['id', 'name'])
          .where('tenant_id', '=', this.tenantId)
          .where('id', 'in', chunk)
          .where('resource_type', '=', 'Group')
          .execute();
        for (const row of rows) names.set(row.id, row.name);
      }
      links.sort((a, b) => (a.group_id < b.group_id ? -1 : a.group_id > b.group_id ? 1 : 0));
      for (const link of links) {
        if (!names.has(link.group_id)) continue;
        groups
          .get(link.member_id)
          ?.push({ id: link.group_id, displayName: names.get(link.group_id) ?? null });
      }
      return groups;
    });
  }

  findResourceTypes(ids: readonly string[]): Promise<Map<string, ResourceTypeName>> {
    return this.#run(async () => {
      const found = new Map<string, ResourceTypeName>();
      for (const chunk of chunks([...new Set(ids)])) {
        const rows = await this.#db
          .selectFrom('resources')
          .select(['id', 'resource_type'])
          .where('tenant_id', '=', this.tenantId)
          .where('id', 'in', chunk)
          .execute();
        for (const row of rows) found.set(row.id, row.resource_type as ResourceTypeName);
      }
      return found;
    });
  }

  list(query: ListQuery): Promise<ListResult> {
    return this.#run(() => listResources(this.#context, this.#db, this.tenantId, query));
  }

  recordActivity(entries: readonly ActivityEntry[]): Promise<void> {
    if (entries.length === 0) return Promise.resolve();
    const foreign = entries.find((entry) => entry.tenantId !== this.tenantId);
    if (foreign) {
      return Promise.reject(
        new Error(
          `activity of tenant ${foreign.tenantId} recorded through tenant ${this.tenantId}`,
        ),
      );
    }
    return this.#within((tx) =>
      tx.#run(() => insertActivity(tx.#db, this.#context.hooks.name, entries)),
    );
  }

  transaction<T>(work: (store: TenantStore) => Promise<T>): Promise<T> {
    return this.#within(work);
  }

  #within<T>(work: (store: SqlTenantStore) => Promise<T>): Promise<T> {
    return this.#scope ? this.#savepoint(this.#scope, work) : this.#topLevel(work);
  }

  async #topLevel<T>(work: (store: SqlTenantStore) => Promise<T>): Promise<T> {
    const { db, hooks, committer } = this.#context;
    if (committer) {
      return this.#run(() => committer.run((trx) => this.#savepoint({ trx, depth: 0 }, work)));
    }
    for (let attempt = 1; ; attempt++) {
      const trx = await this.#run(() => db.startTransaction().execute());
      try {
        const result = await work(
          new SqlTenantStore(this.#context, this.tenantId, { trx, depth: 0 }),
        );
        await trx.commit().execute();
        return result;
      } catch (error) {
        if (!trx.isCommitted && !trx.isRolledBack)
          await trx
            .rollback()
            .execute()
            .catch(() => undefined);
        // PostgreSQL serialization failures and deadlocks are resolved by running the whole unit again.
        if (attempt < retryAttempts && isRetryable(hooks, error)) {
          const backoffMs = 5 * 2 ** Math.min(attempt, 6) * Math.random();
          await new Promise((resolve) => setTimeout(resolve, backoffMs));
          continue;
        }
        throw translateError(hooks, error);
      }
    }
  }

  async #savepoint<T>(
    scope: TransactionScope,
    work: (store: SqlTenantStore) => Promise<T>,
  ): Promise<T> {
    const { trx, depth } = scope;
    const commands = savepointCommands(depth);
    await this.#run(() => trx.executeQuery(commands.savepoint));
    let result: T;
    try {
      result = await work(
        new SqlTenantStore(this.#context, this.tenantId, { trx, depth: depth + 1 }),
      );
    } catch (error) {
      try {
        await trx.executeQuery(commands.rollback);
        await trx.executeQuery(commands.release);
      } catch (rollbackFailure) {
        // The database ended the whole transaction (SQLite does on SQLITE_FULL and some I/O
        // errors; PostgreSQL when the connection drops): nothing more may run in it.
        throw new StoreError({ kind: 'unavailable', cause: rollbackFailure });
      }
      throw error;
    }
    await this.#run(() => trx.executeQuery(commands.release));
    return result;
  }
}
