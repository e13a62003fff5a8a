import { describe, expect, it } from 'vitest';
import { lockBulkTargets } from '../../src/provisioning/lock-bulk-targets.js';
import type { TenantStore } from '../../src/provisioning/ports.js';
import { parseBulkRequest, planBulk } from '../../src/scim/bulk/index.js';
import { URN } from '../../src/scim/urns.js';
import { limits } from './bulk-test-support.js';

function recordingStore(reads: string[]): TenantStore {
  return {
    getResource: async (resourceType: string, id: string) => {
      reads.push(`${resourceType}/${id}`);
      return undefined;
    },
  } as unknown as TenantStore;
}

const patch = { schemas: [URN.patchOp], Operations: [{ op: 'add', path: 'title', value: 'x' }] };

describe('lockBulkTargets', () => {
  it('reads each existing target once, sorted by type and id, whatever the request order', async () => {
    const plan = planBulk(
      parseBulkRequest(
        {
          schemas: [URN.bulkRequest],
          Operations: [
            { method: 'PATCH', path: '/Groups/g-b', data: patch },
            { method: 'POST', path: '/Users', bulkId: 'u', data: { userName: 'new' } },
            { method: 'DELETE', path: '/Users/u-a' },
            { method: 'PATCH', path: '/Groups/g-a', data: patch },
            { method: 'PUT', path: '/Groups/g-b', data: { displayName: 'b' } },
            { method: 'PATCH', path: '/Users/bulkId:u', data: patch },
          ],
        },
        limits,
      ),
    );
    const reads: string[] = [];
    await lockBulkTargets(recordingStore(reads), plan.operations);
    expect(reads).toEqual(['Group/g-a', 'Group/g-b', 'User/u-a']);
  });
});
