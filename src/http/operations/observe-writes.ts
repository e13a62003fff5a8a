import type { ResourceRecord, TenantStore } from '../../provisioning/index.js';

/** A resource read or written through a tenant store during one request, in call order. */
export interface WriteEvent {
  readonly kind: 'read' | 'insert' | 'update' | 'delete';
  readonly resourceType: string;
  readonly id: string;
  /** The version read or written; null for a delete. */
  readonly version: string | null;
}

/**
 * The tenant store with resource reads and writes appended to `events`, so the activity log can
 * report the version before and after a write without a second query.
 */
export function observeWrites(store: TenantStore, events: WriteEvent[]): TenantStore {
  return new Proxy(store, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      switch (property) {
        case 'getResource':
          return async (resourceType: ResourceRecord['resourceType'], id: string) => {
            const found = await target.getResource(resourceType, id);
            if (found) events.push({ kind: 'read', resourceType, id, version: found.version });
            return found;
          };
        case 'insertResource':
          return async (record: ResourceRecord) => {
            await target.insertResource(record);
            events.push({
              kind: 'insert',
              resourceType: record.resourceType,
              id: record.id,
              version: record.version,
            });
          };
        case 'insertResources':
          return async (records: readonly ResourceRecord[]) => {
            await target.insertResources(records);
            for (const record of records) {
              events.push({
                kind: 'insert',
                resourceType: record.resourceType,
                id: record.id,
                version: record.version,
              });
            }
          };
        case 'updateResource':
          return async (record: ResourceRecord, expectedVersion?: string) => {
            const updated = await target.updateResource(record, expectedVersion);
            if (updated) {
              events.push({
                kind: 'update',
                resourceType: record.resourceType,
                id: record.id,
                version: record.version,
              });
            }
            return updated;
          };
        case 'deleteResource':
          return async (resourceType: ResourceRecord['resourceType'], id: string) => {
            const deleted = await target.deleteResource(resourceType, id);
            if (deleted) events.push({ kind: 'delete', resourceType, id, version: null });
            return deleted;
          };
        case 'transaction':
          return <T>(work: (inner: TenantStore) => Promise<T>) =>
            target.transaction((inner) => work(observeWrites(inner, events)));
        default:
          return (value as (...args: unknown[]) => unknown).bind(target);
      }
    },
  });
}
