import type { PlannedOperation } from '../scim/bulk/index.js';
import type { TenantStore } from './ports.js';

/**
 * Reads every existing resource a bulk request (RFC 7644 §3.7) will modify, in one global order,
 * inside the request's transaction. Stores that lock rows read in a transaction (PostgreSQL) then
 * hold them in that order, so two bulk requests naming the same groups in opposite orders queue
 * instead of deadlocking.
 */
export async function lockBulkTargets(
  store: TenantStore,
  operations: readonly PlannedOperation[],
): Promise<void> {
  const targets = new Map<string, { resourceType: 'User' | 'Group'; id: string }>();
  for (const operation of operations) {
    if (operation.error || operation.target?.kind !== 'id' || !operation.resourceType) continue;
    const { id } = operation.target;
    targets.set(`${operation.resourceType}/${id}`, { resourceType: operation.resourceType, id });
  }
  const ordered = [...targets].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [, target] of ordered) await store.getResource(target.resourceType, target.id);
}
