import type { Store } from '../../../src/provisioning/index.js';

/** Every resource and membership of the given tenants, as plain data to compare. */
export async function snapshotStore(
  store: Store,
  tenants: readonly string[] = ['acme', 'globex'],
): Promise<unknown> {
  const snapshot: Record<string, unknown> = {};
  for (const tenantId of tenants) {
    const tenant = store.forTenant(tenantId);
    for (const resourceType of ['User', 'Group'] as const) {
      const { records } = await tenant.list({ resourceType, startIndex: 1, count: 100_000 });
      for (const record of records) {
        snapshot[`${tenantId}/${resourceType}/${record.id}`] = {
          ...record,
          members: resourceType === 'Group' ? await tenant.listMembers(record.id) : undefined,
        };
      }
    }
  }
  return snapshot;
}
