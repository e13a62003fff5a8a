import { readFileSync } from 'node:fs';
import type { TenantContext } from '../../src/provisioning/context.js';
import type { Store } from '../../src/provisioning/ports.js';
import type { RunBulkOptions } from '../../src/provisioning/run-bulk.js';
import type { BulkResponse } from '../../src/scim/bulk/index.js';
import { parsePatchRequest } from '../../src/scim/patch/index.js';
import { createSchemaRegistry } from '../../src/scim/schema/index.js';

const registry = createSchemaRegistry();

export const limits = { maxOperations: 1000, maxPayloadSize: 1_048_576 };

export const defaults: RunBulkOptions = {
  returnResources: false,
  allOrNothing: false,
  preparePatch: (data) => parsePatchRequest(data),
};

/** A bulk fixture body, parsed. */
export const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../fixtures/bulk/${name}`, import.meta.url), 'utf8'));

let tenants = 0;

/** A fresh tenant in `store` and the use-case context bound to it. */
export async function createBulkTenant(store: Store): Promise<TenantContext> {
  tenants += 1;
  const id = `bulk-${tenants}`;
  await store.createTenant(id, new Date().toISOString());
  return {
    store: store.forTenant(id),
    registry,
    baseUrl: `https://scim.example.test/api/v1/tenants/${id}/scim/v2`,
    hashPassword: async (password) => `scrypt$test$${Buffer.from(password).toString('base64url')}`,
    now: () => new Date(),
  };
}

export const statuses = (response: BulkResponse): string[] =>
  response.Operations.map((entry) => entry.status);

export const memberIds = async (ctx: TenantContext, groupId: string): Promise<string[]> =>
  (await ctx.store.listMembers(groupId)).map((member) => member.value).sort();
