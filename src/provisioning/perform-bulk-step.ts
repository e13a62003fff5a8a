import {
  buildLinkOperations,
  stripBulkIdReferences,
  substituteBulkIds,
  type BulkResponseOperation,
  type BulkStep,
  type PlannedOperation,
} from '../scim/bulk/index.js';
import { isScimError, scimError, type ScimError } from '../scim/errors.js';
import type { PatchOperation } from '../scim/patch/index.js';
import type { ResourceTypeName } from '../scim/schema/types.js';
import type { TenantContext } from './context.js';
import { locationOf } from './resource-mapping.js';
import {
  createResource,
  deleteResource,
  patchResource,
  replaceResource,
  type WriteResult,
} from './resources.js';

/** How the runner turns bulk PATCH data into operations (the HTTP layer's PatchOp parsing). */
export type PreparePatch = (data: unknown, resourceType: ResourceTypeName) => PatchOperation[];

/** What one bulk request has produced so far, shared by every step. */
export interface BulkRunState {
  readonly operations: readonly PlannedOperation[];
  readonly returnResources: boolean;
  readonly preparePatch: PreparePatch;
  /** bulkId -> id of the resource its POST created. */
  readonly ids: Map<string, string>;
}

/** An operation failed; thrown so the savepoint around its step group rolls back. */
export class BulkOperationFailed extends Error {
  constructor(
    readonly index: number,
    readonly error: ScimError,
  ) {
    super(error.detail);
    this.name = 'BulkOperationFailed';
  }
}

/** The response entry of an operation that took effect (RFC 7644 §3.7.3). */
export function successEntry(
  planned: PlannedOperation,
  status: string,
  location: string,
  result: WriteResult | undefined,
  returnResources: boolean,
): BulkResponseOperation {
  // Members in the order of RFC 7644 §3.7.3's examples. Each shape is written out: spreading
  // the optional members costs a throwaway object each, a thousand times per request.
  const { method, bulkId } = planned;
  if (result === undefined) {
    return bulkId !== null ? { method, bulkId, location, status } : { method, location, status };
  }
  const { version } = result;
  if (returnResources) {
    const response = result.resource;
    return bulkId !== null
      ? { method, bulkId, version, location, status, response }
      : { method, version, location, status, response };
  }
  return bulkId !== null
    ? { method, bulkId, version, location, status }
    : { method, version, location, status };
}

function requireResolved(
  state: BulkRunState,
  planned: PlannedOperation,
  bulkIds: readonly string[],
): void {
  for (const bulkId of bulkIds) {
    if (state.ids.has(bulkId)) continue;
    const definer = state.operations.find(
      (operation) => operation.method === 'POST' && operation.bulkId === bulkId,
    );
    const source = definer === undefined ? 'its POST' : `its POST (Operations[${definer.index}])`;
    throw scimError.conflict(
      `Operations[${planned.index}] references bulkId "${bulkId}", but ${source} failed`,
    );
  }
}

function targetId(state: BulkRunState, planned: PlannedOperation): string {
  const target = planned.target;
  if (target === undefined) throw scimError.internal(`Operations[${planned.index}] has no target`);
  if (target.kind === 'id') return target.id;
  const id = state.ids.get(target.bulkId);
  if (id === undefined) throw scimError.internal(`bulkId "${target.bulkId}" is unresolved`);
  return id;
}

async function run(
  ctx: TenantContext,
  state: BulkRunState,
  planned: PlannedOperation,
  deferred: readonly string[],
): Promise<BulkResponseOperation> {
  if (planned.error !== undefined) throw planned.error;
  requireResolved(
    state,
    planned,
    planned.references.filter((bulkId) => !deferred.includes(bulkId)),
  );
  const resourceType = planned.resourceType;
  if (resourceType === undefined)
    throw scimError.internal(`Operations[${planned.index}] has no resource type`);
  const data = substituteBulkIds(
    stripBulkIdReferences(planned.data, planned.method, deferred),
    state.ids,
    planned.method,
  );
  const ifMatch = planned.version ?? undefined;
  const entry = (status: string, result: WriteResult) =>
    successEntry(planned, status, result.location, result, state.returnResources);

  switch (planned.method) {
    case 'POST': {
      const result = await createResource(ctx, resourceType, data, {
        omitBody: !state.returnResources,
      });
      const id = result.resource['id'];
      if (typeof id !== 'string') throw scimError.internal('a created resource has no id');
      if (planned.bulkId !== null) state.ids.set(planned.bulkId, id);
      return entry('201', result);
    }
    case 'PUT':
      return entry(
        '200',
        await replaceResource(ctx, resourceType, targetId(state, planned), data, ifMatch, {
          omitBody: !state.returnResources,
        }),
      );
    case 'PATCH': {
      const operations = state.preparePatch(data, resourceType);
      return entry(
        '200',
        await patchResource(ctx, resourceType, targetId(state, planned), operations, ifMatch, {
          omitBody: !state.returnResources,
        }),
      );
    }
    case 'DELETE': {
      const id = targetId(state, planned);
      await deleteResource(ctx, resourceType, id, ifMatch);
      return successEntry(planned, '204', locationOf(ctx, resourceType, id), undefined, false);
    }
  }
}

async function link(
  ctx: TenantContext,
  state: BulkRunState,
  planned: PlannedOperation,
  references: readonly string[],
  created: BulkResponseOperation,
): Promise<BulkResponseOperation> {
  requireResolved(state, planned, references);
  const resourceType = planned.resourceType;
  const id = planned.bulkId === null ? undefined : state.ids.get(planned.bulkId);
  if (resourceType === undefined || id === undefined) {
    throw scimError.internal(`Operations[${planned.index}] has nothing to link`);
  }
  const operations: PatchOperation[] = buildLinkOperations(planned.data, references).map(
    (operation) => ({
      ...operation,
      value: substituteBulkIds(operation.value, state.ids),
    }),
  );
  const result = await patchResource(ctx, resourceType, id, operations, undefined, {
    omitBody: !state.returnResources,
  });
  return successEntry(planned, created.status, result.location, result, state.returnResources);
}

/**
 * Performs one step of a bulk plan (RFC 7644 §3.7): runs an operation through the single-resource
 * use-cases with its bulkIds substituted, or links a cycle member to its partners. A failure
 * becomes BulkOperationFailed carrying the operation's ScimError.
 */
export async function performBulkStep(
  ctx: TenantContext,
  state: BulkRunState,
  step: BulkStep,
  entries: Map<number, BulkResponseOperation>,
): Promise<void> {
  const planned = state.operations[step.index];
  if (planned === undefined) throw scimError.internal(`no operation ${step.index}`);
  try {
    if (step.kind === 'run') {
      entries.set(step.index, await run(ctx, state, planned, step.deferred));
    } else {
      const created = entries.get(step.index);
      if (created === undefined)
        throw scimError.internal(`Operations[${step.index}] was not created`);
      entries.set(step.index, await link(ctx, state, planned, step.references, created));
    }
  } catch (error) {
    if (isScimError(error)) throw new BulkOperationFailed(step.index, error);
    throw error;
  }
}
