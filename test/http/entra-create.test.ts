import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseNames } from '../support/databases.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { bodyOf, expectScimError } from './scim-expectations.js';

const GROUP_URN = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const ADSCIM_GROUP = 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group';

describe.each(testDatabaseNames)('Microsoft Entra ID create bodies over %s', (database) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(database);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('creates a group whose schemas list Entra ID’s ADSCIM URN, answering with the core schema only', async () => {
    const response = await t.scim('POST', '/Groups', {
      body: {
        externalId: '8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159',
        displayName: 'Group1DisplayName',
        meta: { resourceType: 'Group' },
        schemas: [GROUP_URN, ADSCIM_GROUP],
      },
    });
    expect(response.statusCode).toBe(201);
    const body = bodyOf(response);
    expect(body.schemas).toEqual([GROUP_URN]);
    expect(body.displayName).toBe('Group1DisplayName');
    expect(body.externalId).toBe('8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159');
  });

  it('replaces a group with the ADSCIM URN in schemas', async () => {
    const created = bodyOf(
      await t.scim('POST', '/Groups', { body: { displayName: 'Replace me' } }),
    ) as { id: string };
    const response = await t.scim('PUT', `/Groups/${created.id}`, {
      body: { schemas: [GROUP_URN, ADSCIM_GROUP], displayName: 'Replaced' },
    });
    expect(response.statusCode).toBe(200);
    expect(bodyOf(response).displayName).toBe('Replaced');
  });

  it('still refuses data sent under the ADSCIM URN instead of dropping it', async () => {
    const response = await t.scim('POST', '/Groups', {
      body: { schemas: [GROUP_URN, ADSCIM_GROUP], displayName: 'Data', [ADSCIM_GROUP]: { a: 1 } },
    });
    expectScimError(response, 400, 'invalidValue');
  });
});
