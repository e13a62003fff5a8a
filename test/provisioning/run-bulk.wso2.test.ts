import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TenantContext } from '../../src/provisioning/context.js';
import { toRecord } from '../../src/provisioning/resource-mapping.js';
import { runBulk } from '../../src/provisioning/run-bulk.js';
import { parseBulkRequest } from '../../src/scim/bulk/index.js';
import { URN } from '../../src/scim/urns.js';
import { createTestDatabase, testDatabaseNames, type TestDatabase } from '../support/databases.js';
import {
  createBulkTenant,
  defaults,
  fixture,
  limits,
  memberIds,
  statuses,
} from './bulk-test-support.js';

describe.each(testDatabaseNames)('runBulk with the WSO2 examples on %s', (databaseName) => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase(databaseName);
  });
  afterAll(async () => {
    await database.drop();
  });

  const tenant = () => createBulkTenant(database.store);

  const wso2Users = {
    'e67906fb-308f-4b15-89bd-0ab6e3d996e5': 'john',
    'b1781d25-bde5-460a-a58a-8fe8dbfd8487': 'smith-old',
    'ba1db5ff-8062-415b-bc78-5f79738d00ea': 'smith-member',
    '3633c988-69bf-48fc-978a-83dfde12695f': 'alice',
    '40390b19-54c9-4e77-b223-fe31d55e59e0': 'bob',
  };
  const wso2Groups = [
    '46887262-2ba1-4cee-b3ef-64549423e0b0',
    '18d04a36-0894-4f71-bdc4-2610fcc6ae42',
  ];

  /** Seeds the resources the WSO2 examples name by id (ids a POST could never choose). */
  async function seedWso2(ctx: TenantContext): Promise<void> {
    const stamps = {
      created: new Date().toISOString(),
      lastModified: new Date().toISOString(),
      version: 'W/"seed"',
    };
    for (const [id, userName] of Object.entries(wso2Users)) {
      const emails = [{ type: 'home', value: `${userName}@example.com` }];
      await ctx.store.insertResource(
        toRecord('User', id, { schemas: [URN.user], userName, emails }, stamps),
      );
    }
    for (const [index, id] of wso2Groups.entries()) {
      await ctx.store.insertResource(
        toRecord('Group', id, { schemas: [URN.group], displayName: `seed-${index}` }, stamps),
      );
      await ctx.store.addMembers(id, [
        { value: '3633c988-69bf-48fc-978a-83dfde12695f', type: 'User', display: null },
      ]);
    }
  }

  it.each([
    ['wso2-add-users.json', ['201', '201']],
    ['wso2-update-users.json', ['200', '200']],
    ['wso2-replace-users.json', ['200', '200']],
    ['wso2-delete-users.json', ['204', '204']],
    ['wso2-add-groups.json', ['201', '201']],
    ['wso2-update-groups.json', ['200', '200']],
    ['wso2-replace-groups.json', ['200', '200']],
    ['wso2-delete-groups.json', ['204', '204']],
  ])('runs the WSO2 example %s as written', async (name, expected) => {
    const ctx = await tenant();
    await seedWso2(ctx);
    const response = await runBulk(ctx, parseBulkRequest(fixture(name), limits), defaults);
    expect(statuses(response), JSON.stringify(response)).toEqual(expected);
  });

  it('applies the WSO2 update-groups example to the membership', async () => {
    const ctx = await tenant();
    await seedWso2(ctx);
    await runBulk(ctx, parseBulkRequest(fixture('wso2-update-groups.json'), limits), defaults);
    const member = 'ba1db5ff-8062-415b-bc78-5f79738d00ea';
    expect(await memberIds(ctx, wso2Groups[0] ?? '')).toEqual([member]);
    expect(await memberIds(ctx, wso2Groups[1] ?? '')).toEqual([member]);
  });

  it('reports 404 with the location for the WSO2 delete example when the users do not exist', async () => {
    const ctx = await tenant();
    const response = await runBulk(
      ctx,
      parseBulkRequest(fixture('wso2-delete-users.json'), limits),
      defaults,
    );
    expect(response.Operations).toEqual([
      {
        method: 'DELETE',
        status: '404',
        location: `${ctx.baseUrl}/Users/e67906fb-308f-4b15-89bd-0ab6e3d996e5`,
        response: { schemas: [URN.error], status: '404', detail: expect.any(String) },
      },
    ]);
  });
});
