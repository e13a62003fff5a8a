import type { BulkResponseOperation, BulkStep, PlannedOperation } from '../scim/bulk/index.js';
import { isScimError } from '../scim/errors.js';
import { StoreError } from './ports.js';
import type { TenantContext } from './context.js';
import { successEntry, type BulkRunState } from './perform-bulk-step.js';
import { createPrepared, prepareCreateNow, type PreparedCreate } from './resources.js';

/**
 * Most operations one batch writes together: one multi-row statement's worth. Larger batches
 * gain nothing in speed but keep more prepared resources alive at once, which V8 then promotes
 * to the old generation (a 10,000-operation request peaked ~15 MB higher with 500).
 */
const maxBatch = 200;

/** What a batch did: how many step groups it completed, or how many it tried and gave back. */
export interface BatchOutcome {
  /** Step groups at the head that now have their entries. */
  readonly completed: number;
  /** Step groups the batch tried but could not write together (run them one by one). */
  readonly declined: number;
}

/** The operation of a step group that a batch can take: a POST that references no bulkId. */
function plainPost(state: BulkRunState, group: readonly BulkStep[]): PlannedOperation | undefined {
  const [step] = group;
  if (group.length !== 1 || step?.kind !== 'run' || step.deferred.length > 0) return undefined;
  const planned = state.operations[step.index];
  if (
    planned === undefined ||
    planned.method !== 'POST' ||
    planned.error !== undefined ||
    planned.references.length > 0 ||
    planned.resourceType === undefined
  ) {
    return undefined;
  }
  return planned;
}

/**
 * Creates the plain POSTs at `groups[start]` onwards (those that reference no bulkId, name no
 * Group members and pass validation) with one store call instead of one savepoint and one insert
 * each. Processing in request order would give the same outcome: the batch is all or none, and
 * when it fails (a userName already taken, or taken twice in the batch) nothing is written and the
 * caller runs the operations one by one, which finds the failure and reports it as usual. When
 * the database is unavailable the error goes to the caller, which ends the request.
 */
export async function runPostBatch(
  ctx: TenantContext,
  state: BulkRunState,
  groups: readonly (readonly BulkStep[])[],
  start: number,
  entries: Map<number, BulkResponseOperation>,
): Promise<BatchOutcome> {
  const batch: { planned: PlannedOperation; prepared: PreparedCreate }[] = [];
  // The batch is written by one statement in one transaction: its resources are created at one
  // instant, which lets the store give the meta times once for all of them.
  const createdAt = ctx.now();
  for (let i = start; i < groups.length && batch.length < maxBatch; i++) {
    const group = groups[i];
    const planned = group && plainPost(state, group);
    if (planned?.resourceType === undefined) break;
    let prepared: PreparedCreate;
    try {
      const ready = prepareCreateNow(ctx, planned.resourceType, planned.data, createdAt);
      prepared = ready instanceof Promise ? await ready : ready;
    } catch (error) {
      // The operation fails on its own, in order, when run alone.
      if (isScimError(error)) break;
      throw error;
    }
    if (prepared.members.length > 0) break;
    batch.push({ planned, prepared });
  }
  if (batch.length < 2) return { completed: 0, declined: 0 };
  let results;
  try {
    results = await createPrepared(
      ctx,
      batch.map((b) => b.prepared),
      { omitBody: !state.returnResources },
    );
  } catch (error) {
    // A database that cannot take the batch (unreachable, read-only, full) cannot take its
    // operations one by one either: the request ends with 503 and nothing of it is kept.
    if (error instanceof StoreError && error.failure.kind === 'unavailable') throw error;
    return { completed: 0, declined: batch.length };
  }
  batch.forEach(({ planned, prepared }, i) => {
    const result = results[i];
    if (result === undefined) return;
    if (planned.bulkId !== null) state.ids.set(planned.bulkId, prepared.record.id);
    entries.set(
      planned.index,
      successEntry(planned, '201', result.location, result, state.returnResources),
    );
  });
  return { completed: batch.length, declined: 0 };
}
