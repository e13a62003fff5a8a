import {
  planBulk,
  type BulkRequestMessage,
  type BulkResponse,
  type BulkResponseOperation,
  type BulkStep,
  type PlannedOperation,
} from '../scim/bulk/index.js';
import { scimError, type ScimErrorBody } from '../scim/errors.js';
import { URN } from '../scim/urns.js';
import { withStore, type TenantContext } from './context.js';
import {
  BulkOperationFailed,
  performBulkStep,
  type BulkRunState,
  type PreparePatch,
} from './perform-bulk-step.js';
import { lockBulkTargets } from './lock-bulk-targets.js';
import { runPostBatch } from './run-bulk-batch.js';
import { locationOf } from './resource-mapping.js';
import type { TenantStore } from './ports.js';

/** How a bulk request is run. */
export interface RunBulkOptions {
  /** Put each created or modified resource in its entry's `response`. */
  returnResources: boolean;
  /** Roll the whole request back when any operation fails. */
  allOrNothing: boolean;
  preparePatch: PreparePatch;
  /**
   * Runs inside the request's transaction once every operation has its answer and the request
   * is about to commit (never for a request rolled back as all-or-nothing): whatever it writes
   * through `store` commits or rolls back with the operations. If it throws, nothing commits.
   */
  beforeCommit?: (response: BulkResponse, store: TenantStore) => Promise<void>;
}

/** The answered operations in request order (`count` operations were requested). */
function responseOf(
  entries: ReadonlyMap<number, BulkResponseOperation>,
  count: number,
): BulkResponse {
  const Operations: BulkResponseOperation[] = [];
  for (let index = 0; index < count; index++) {
    const entry = entries.get(index);
    if (entry !== undefined) Operations.push(entry);
  }
  return { schemas: [URN.bulkResponse], Operations };
}

/** Thrown out of the request's transaction so an all-or-nothing request leaves no trace. */
class RollBackRequest extends Error {}

/**
 * Splits the plan into groups that succeed or fail together: a single operation, or the runs and
 * links of one reference cycle (every member of a cycle depends on every other, so when one fails
 * the others could not have succeeded in request order either).
 */
function groupSteps(steps: readonly BulkStep[]): BulkStep[][] {
  const groups: BulkStep[][] = [];
  let current: BulkStep[] = [];
  const pendingLinks = new Set<number>();
  for (const step of steps) {
    // Most groups are one operation: an array of exactly one, without a growing one's spare room.
    if (current.length === 0 && step.kind === 'run' && step.deferred.length === 0) {
      groups.push([step]);
      continue;
    }
    current.push(step);
    if (step.kind === 'run' && step.deferred.length > 0) pendingLinks.add(step.index);
    if (step.kind === 'link') pendingLinks.delete(step.index);
    if (pendingLinks.size === 0) {
      groups.push(current);
      current = [];
    }
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

/**
 * The entry of an operation that did not take effect. It names the resource it addressed when that
 * exists: a known id, or a `bulkId:` whose POST succeeded; a failed POST created nothing.
 */
function unappliedEntry(
  ctx: TenantContext,
  planned: PlannedOperation,
  response: ScimErrorBody,
  ids: ReadonlyMap<string, string> = new Map(),
): BulkResponseOperation {
  const target = planned.target;
  // A planning error may be the path itself (a bulkId of another endpoint), so it names nothing.
  const id =
    target?.kind === 'id'
      ? target.id
      : target && planned.error === undefined
        ? ids.get(target.bulkId)
        : undefined;
  return {
    method: planned.method,
    ...(planned.bulkId !== null ? { bulkId: planned.bulkId } : {}),
    ...(id !== undefined && planned.resourceType !== undefined
      ? { location: locationOf(ctx, planned.resourceType, id) }
      : {}),
    status: response.status,
    response,
  };
}

/** RFC 4918 §11.4 Failed Dependency: the operation worked but the request was rolled back. */
function rolledBackEntry(
  ctx: TenantContext,
  planned: PlannedOperation,
  failed: number,
): BulkResponseOperation {
  return unappliedEntry(ctx, planned, {
    schemas: [URN.error],
    status: '424',
    detail: `Operations[${planned.index}] was rolled back because Operations[${failed}] failed and the request is all or nothing`,
  });
}

async function runGroup(
  ctx: TenantContext,
  store: TenantStore,
  state: BulkRunState,
  group: readonly BulkStep[],
  entries: Map<number, BulkResponseOperation>,
): Promise<number> {
  const staged = new Map<number, BulkResponseOperation>();
  try {
    const [only] = group;
    if (group.length === 1 && only !== undefined) {
      // Every use-case writes inside its own savepoint, so one step needs no second one around it.
      await performBulkStep(withStore(ctx, store), state, only, staged);
    } else {
      await store.transaction(async (savepoint) => {
        const groupCtx = withStore(ctx, savepoint);
        for (const step of group) await performBulkStep(groupCtx, state, step, staged);
      });
    }
  } catch (error) {
    if (!(error instanceof BulkOperationFailed)) throw error;
    const members = [...new Set(group.map((step) => step.index))].flatMap((index) => {
      const planned = state.operations[index];
      return planned === undefined ? [] : [planned];
    });
    // Forget every id the rolled-back group created before any entry names a location.
    for (const planned of members) {
      if (planned.bulkId !== null && planned.method === 'POST') state.ids.delete(planned.bulkId);
    }
    for (const planned of members) {
      const cause =
        planned.index === error.index
          ? error.error
          : scimError.conflict(
              `Operations[${planned.index}] was rolled back: it is in a bulkId reference cycle with Operations[${error.index}], which failed`,
            );
      entries.set(planned.index, unappliedEntry(ctx, planned, cause.toBody(), state.ids));
    }
    return members.length;
  }
  for (const [index, entry] of staged) entries.set(index, entry);
  return 0;
}

/**
 * Runs a bulk request, RFC 7644 §3.7: every operation through the single-resource use-cases, in
 * one transaction with a savepoint per operation (per reference cycle), bulkIds replaced by the
 * created ids, stopping after `failOnErrors` failures, and answering in request order. Runs of
 * plain POSTs are written together (runPostBatch) with the outcome of writing them one by one.
 */
export async function runBulk(
  ctx: TenantContext,
  request: BulkRequestMessage,
  options: RunBulkOptions,
): Promise<BulkResponse> {
  const plan = planBulk(request);
  const state: BulkRunState = {
    operations: plan.operations,
    returnResources: options.returnResources,
    preparePatch: options.preparePatch,
    ids: new Map(),
  };
  const entries = new Map<number, BulkResponseOperation>();
  let failures = 0;
  let committed: BulkResponse | undefined;
  try {
    await ctx.store.transaction(async (store) => {
      const requestCtx = withStore(ctx, store);
      await lockBulkTargets(store, plan.operations);
      const groups = groupSteps(plan.steps);
      // Groups before this index run one by one: a batch of them was declined.
      let unbatchedUntil = 0;
      for (let next = 0; next < groups.length;) {
        // SQLite work never leaves the microtask queue: yield so signals and timers (the
        // shutdown grace period) still run during a long bulk request.
        await new Promise<void>((resolve) => setImmediate(resolve));
        if (next >= unbatchedUntil) {
          const batch = await runPostBatch(requestCtx, state, groups, next, entries);
          next += batch.completed;
          unbatchedUntil = next + batch.declined;
          if (batch.completed > 0) continue;
        }
        const group = groups[next++];
        if (group !== undefined)
          failures += await runGroup(requestCtx, store, state, group, entries);
        if (request.failOnErrors !== null && failures >= request.failOnErrors) break;
      }
      if (options.allOrNothing && failures > 0) throw new RollBackRequest();
      committed = responseOf(entries, plan.operations.length);
      await options.beforeCommit?.(committed, store);
    });
    if (committed) return committed;
  } catch (error) {
    if (!(error instanceof RollBackRequest)) throw error;
    const firstFailure = [...entries].find(([, entry]) => Number(entry.status) >= 400)?.[0] ?? 0;
    for (const [index, entry] of entries) {
      const planned = plan.operations[index];
      if (planned === undefined) continue;
      if (Number(entry.status) < 400) {
        entries.set(index, rolledBackEntry(ctx, planned, firstFailure));
      } else if (planned.target?.kind === 'bulkId') {
        // The resource a `bulkId:` path named was created by this request, so it is gone too.
        delete entry.location;
      }
    }
  }
  return responseOf(entries, plan.operations.length);
}
