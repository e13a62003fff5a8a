import type { PatchOperation } from '../../scim/patch/index.js';
import type { ResourceTypeName, SchemaRegistry } from '../../scim/schema/index.js';

/** What a normaliser may consult: the schemas, and the id of the resource being patched if known. */
export interface NormaliserContext {
  readonly registry: SchemaRegistry;
  readonly resourceType: ResourceTypeName;
  readonly resourceId?: string;
}

/**
 * Rewrites one client quirk into RFC 7644 §3.5.2 operations. `normalise` returns the rewritten
 * operations, or undefined when the quirk is absent, so the caller can record what it applied.
 * It treats each operation on its own, so the caller may pass them one at a time.
 */
export interface PatchNormaliser {
  /** `client.quirk`, as the activity log records it. */
  readonly quirk: string;
  normalise(
    operations: readonly PatchOperation[],
    context: NormaliserContext,
  ): PatchOperation[] | undefined;
}

/** Maps every operation through `rewrite`; undefined when none changed. */
export function rewriteOperations(
  operations: readonly PatchOperation[],
  rewrite: (operation: PatchOperation) => PatchOperation | PatchOperation[] | undefined,
): PatchOperation[] | undefined {
  let changed = false;
  const result = operations.flatMap((operation) => {
    const next = rewrite(operation);
    if (next === undefined) return [operation];
    changed = true;
    return Array.isArray(next) ? next : [next];
  });
  return changed ? result : undefined;
}
