import type { ScimError } from '../errors.js';
import { scimError } from '../errors.js';
import { findBulkIdReferences } from './find-bulk-id-references.js';
import type { BulkDependency } from './order-bulk-steps.js';
import { operationAt } from './operation-at.js';
import { orderBulkSteps } from './order-bulk-steps.js';
import { resolveBulkPath } from './resolve-bulk-path.js';
import type {
  BulkOperationRequest,
  BulkPlan,
  BulkRequestMessage,
  PlannedOperation,
} from './types.js';

/** The references of an operation that has none (most of them), shared. */
const noReferences: readonly string[] = Object.freeze([]);
const noDependencies: readonly BulkDependency[] = Object.freeze([]);

function definitions(operations: readonly BulkOperationRequest[]): Map<string, number[]> {
  const defined = new Map<string, number[]>();
  for (const operation of operations) {
    if (operation.method !== 'POST' || !operation.bulkId) continue;
    const indexes = defined.get(operation.bulkId) ?? [];
    indexes.push(operation.index);
    defined.set(operation.bulkId, indexes);
  }
  return defined;
}

function referenceError(
  references: readonly string[],
  defined: ReadonlyMap<string, readonly number[]>,
  index: number,
): ScimError | undefined {
  if (references.length === 0) return undefined;
  const where = operationAt(index);
  for (const bulkId of references) {
    const indexes = defined.get(bulkId) ?? [];
    if (indexes.length === 0) {
      return scimError.conflict(
        `${where} references bulkId "${bulkId}", which no POST operation in this request defines`,
      );
    }
    if (indexes.length > 1) {
      const list = indexes.map(operationAt).join(', ');
      return scimError.conflict(
        `${where} references bulkId "${bulkId}", which is ambiguous: ${list} all POST it`,
      );
    }
  }
  return undefined;
}

function planOperation(
  operation: BulkOperationRequest,
  defined: ReadonlyMap<string, readonly number[]>,
): PlannedOperation {
  const { index, method, bulkId, version, data } = operation;
  const resolved = resolveBulkPath(method, operation.path, index);
  // A DELETE carries no body that runs, so references in its data bind nothing.
  const dataReferences = method === 'DELETE' ? noReferences : findBulkIdReferences(data, method);
  const references =
    resolved.target?.kind === 'bulkId'
      ? [...new Set([resolved.target.bulkId, ...dataReferences])]
      : dataReferences;

  const error =
    resolved.error ??
    (method === 'POST' && !bulkId
      ? scimError.invalidValue(`${operationAt(index)}: POST requires a bulkId (RFC 7644 §3.7)`)
      : undefined) ??
    (method !== 'DELETE' && (data === null || data === undefined)
      ? scimError.invalidSyntax(`${operationAt(index)}.data is required for ${method}`)
      : undefined) ??
    referenceError(references, defined, index);

  const planned: PlannedOperation = {
    index,
    method,
    bulkId,
    version,
    data,
    resourceType: resolved.resourceType,
    endpoint: resolved.endpoint,
    target: resolved.target,
    references,
  };
  if (error !== undefined) planned.error = error;
  return planned;
}

/** A `bulkId:` path must name the endpoint its POST creates at: `/Users/bulkId:g` of a Group is refused. */
function checkTargetEndpoint(
  operation: PlannedOperation,
  operations: readonly PlannedOperation[],
  defined: ReadonlyMap<string, readonly number[]>,
): void {
  const target = operation.target;
  if (operation.error !== undefined || target?.kind !== 'bulkId') return;
  const definer = operations[defined.get(target.bulkId)?.[0] ?? -1];
  if (definer?.endpoint === undefined || definer.endpoint === operation.endpoint) return;
  operation.error = scimError.invalidValue(
    `${operationAt(operation.index)}.path "${operation.endpoint ?? ''}/bulkId:${target.bulkId}" names bulkId "${target.bulkId}", which ${operationAt(definer.index)} creates at ${definer.endpoint}`,
  );
}

/**
 * Plans a bulk request, RFC 7644 §3.7: resolves each path, finds every `bulkId:` reference,
 * reports operations that cannot run, and orders the rest so references resolve and cycles are
 * broken by creating first and linking after. Never throws for a parsed request.
 */
export function planBulk(request: BulkRequestMessage): BulkPlan {
  const defined = definitions(request.operations);
  const operations = request.operations.map((operation) => planOperation(operation, defined));
  for (const operation of operations) checkTargetEndpoint(operation, operations, defined);
  const dependencies = operations.map((operation): readonly BulkDependency[] =>
    operation.error !== undefined || operation.references.length === 0
      ? noDependencies
      : operation.references.flatMap((bulkId) => {
          const index = defined.get(bulkId)?.[0];
          return index === undefined ? [] : [{ bulkId, index }];
        }),
  );
  return { operations, steps: orderBulkSteps(dependencies) };
}
