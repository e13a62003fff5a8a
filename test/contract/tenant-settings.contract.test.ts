import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TENANT_SETTINGS } from '../../src/provisioning/tenant-settings.js';
import { createTestDatabase, testDatabaseNames, type TestDatabase } from '../support/databases.js';

describe.each(testDatabaseNames)('tenant settings in the %s store', (name) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(name);
    await database.store.createTenant('acme', new Date().toISOString());
    await database.store.createTenant('globex', new Date().toISOString());
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('reports no overrides for a tenant that never set any', async () => {
    expect(await database.store.getTenantSettings('globex')).toEqual(DEFAULT_TENANT_SETTINGS);
  });

  it('stores, replaces and clears overrides for one tenant only', async () => {
    const { store } = database;
    expect(
      await store.setTenantSettings('acme', { bulkMaxOperations: 5, bulkMaxPayloadSize: 4096 }),
    ).toBe(true);
    expect(await store.getTenantSettings('acme')).toEqual({
      bulkMaxOperations: 5,
      bulkMaxPayloadSize: 4096,
    });
    await store.setTenantSettings('acme', { bulkMaxOperations: null, bulkMaxPayloadSize: 4096 });
    expect(await store.getTenantSettings('acme')).toEqual({
      bulkMaxOperations: null,
      bulkMaxPayloadSize: 4096,
    });
    expect(await store.getTenantSettings('globex')).toEqual(DEFAULT_TENANT_SETTINGS);
  });

  it('refuses overrides for a tenant that does not exist', async () => {
    const settings = { bulkMaxOperations: 1, bulkMaxPayloadSize: null };
    expect(await database.store.setTenantSettings('nobody', settings)).toBe(false);
    expect(await database.store.getTenantSettings('nobody')).toEqual(DEFAULT_TENANT_SETTINGS);
  });

  it('forgets the overrides of a deleted tenant', async () => {
    const { store } = database;
    await store.createTenant('initech', new Date().toISOString());
    await store.setTenantSettings('initech', { bulkMaxOperations: 7, bulkMaxPayloadSize: null });
    await store.deleteTenant('initech');
    await store.createTenant('initech', new Date().toISOString());
    expect(await store.getTenantSettings('initech')).toEqual(DEFAULT_TENANT_SETTINGS);
  });
});
