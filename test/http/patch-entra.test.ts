import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { URN } from '../../src/scim/urns.js';
import { testDatabaseNames } from '../support/databases.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { createVendorSequence, type Resource } from './vendor-sequence.js';

/**
 * The request sequences Microsoft Entra ID's provisioning service sends, as its public SCIM
 * endpoint documentation describes them ("Develop and plan provisioning for a SCIM endpoint",
 * request and response examples; and the SCIM 2.0 compatibility notes), including its deviations
 * from RFC 7644: capitalised op names, booleans as strings, path-less values keyed by attribute
 * paths, a bare manager id, and member removal by a value array.
 */

const ENTERPRISE = URN.enterpriseUser;

describe.each(testDatabaseNames)('Microsoft Entra ID PATCH sequences over %s', (database) => {
  let t: TestApp;
  let counter = 0;
  beforeAll(async () => {
    t = await createTestApp(database);
  });
  afterAll(async () => {
    await t?.close();
  });

  const { patchOp, send, expectGroupPatched, memberIds } = createVendorSequence(() => t);

  /** Entra's "Create User" request: enterprise schema listed, an empty roles array, meta.resourceType. */
  const createEntraUser = async () => {
    const n = ++counter;
    const userName = `Test_User_${n}@testuser.com`;
    const created = await send('POST', '/Users', {
      schemas: [URN.user, ENTERPRISE],
      externalId: `entra-${n}`,
      userName,
      active: true,
      emails: [{ primary: true, type: 'work', value: `Test_User_${n}@testuser.com` }],
      meta: { resourceType: 'User' },
      name: { formatted: 'givenName familyName', familyName: 'familyName', givenName: 'givenName' },
      roles: [],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body as Resource;
  };

  /** Entra's "Create Group" request: members as an empty array, meta.resourceType. */
  const createEntraGroup = async (displayName: string) => {
    const created = await send('POST', '/Groups', {
      schemas: [URN.group],
      externalId: `entra-group-${++counter}`,
      displayName,
      members: [],
      meta: { resourceType: 'Group' },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body as Resource;
  };

  it('finds a user by userName filter, then updates it with Replace on the work email and familyName', async () => {
    const user = await createEntraUser();
    const found = await send(
      'GET',
      `/Users?filter=${encodeURIComponent(`userName eq "${String(user.userName)}"`)}`,
    );
    expect(found.status).toBe(200);
    expect(found.body).toMatchObject({ totalResults: 1, Resources: [{ id: user.id }] });

    const none = await send(
      'GET',
      `/Users?filter=${encodeURIComponent('userName eq "non-existent user"')}`,
    );
    expect(none.body).toMatchObject({ totalResults: 0, Resources: [] });

    const updated = await send(
      'PATCH',
      `/Users/${user.id}`,
      patchOp([
        {
          op: 'Replace',
          path: 'emails[type eq "work"].value',
          value: 'updatedEmail@microsoft.com',
        },
        { op: 'Replace', path: 'name.familyName', value: 'updatedFamilyName' },
      ]),
    );
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({
      emails: [{ primary: true, type: 'work', value: 'updatedEmail@microsoft.com' }],
      name: {
        formatted: 'givenName familyName',
        familyName: 'updatedFamilyName',
        givenName: 'givenName',
      },
    });
  });

  it('replaces userName, then disables the user with Replace active as a string "False"', async () => {
    const user = await createEntraUser();
    const renamed = await send(
      'PATCH',
      `/Users/${user.id}`,
      patchOp([{ op: 'Replace', path: 'userName', value: `renamed-${user.id}@testuser.com` }]),
    );
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ userName: `renamed-${user.id}@testuser.com` });

    const disabled = await send(
      'PATCH',
      `/Users/${user.id}`,
      patchOp([{ op: 'Replace', path: 'active', value: 'False' }]),
    );
    expect(disabled.status).toBe(200);
    expect(disabled.body).toMatchObject({ active: false });

    const enabled = await send(
      'PATCH',
      `/Users/${user.id}`,
      patchOp([{ op: 'Replace', value: { active: 'True' } }]),
    );
    expect(enabled.body).toMatchObject({ active: true });
  });

  it('reads string booleans inside multi-valued values, as Entra sends app role assignments', async () => {
    const user = await createEntraUser();
    const response = await send(
      'PATCH',
      `/Users/${user.id}`,
      patchOp([
        {
          op: 'Add',
          path: 'roles',
          value: [{ primary: 'True', type: 'WindowsAzureActiveDirectoryRole', value: 'Admin' }],
        },
      ]),
    );
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toMatchObject({
      roles: [{ primary: true, type: 'WindowsAzureActiveDirectoryRole', value: 'Admin' }],
    });
  });

  it('answers 400 noTarget when a remove names only members the group does not have', async () => {
    const [a, b] = [await createEntraUser(), await createEntraUser()];
    const group = await createEntraGroup(`Entra Group ${++counter}`);
    const added = await send(
      'PATCH',
      `/Groups/${group.id}`,
      patchOp([{ op: 'Add', path: 'members', value: [{ value: a.id }] }]),
    );
    expect(memberIds(await expectGroupPatched(added, group.id))).toEqual([a.id]);
    const response = await send(
      'PATCH',
      `/Groups/${group.id}`,
      patchOp([{ op: 'Remove', path: 'members', value: [{ $ref: null, value: b.id }] }]),
    );
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ scimType: 'noTarget' });
  });

  it('creates the work email when Add or Replace targets emails[type eq "work"].value on a user without one', async () => {
    const created = await send('POST', '/Users', { userName: `no-email-${++counter}` });
    const user = created.body as Resource;
    const added = await send(
      'PATCH',
      `/Users/${user.id}`,
      patchOp([{ op: 'Add', path: 'emails[type eq "work"].value', value: 'first@contoso.com' }]),
    );
    expect(added.status).toBe(200);
    expect(added.body).toMatchObject({ emails: [{ type: 'work', value: 'first@contoso.com' }] });

    const other = await send('POST', '/Users', { userName: `no-email-${++counter}` });
    const replaced = await send(
      'PATCH',
      `/Users/${(other.body as Resource).id}`,
      patchOp([
        { op: 'Replace', path: 'emails[type eq "work"].value', value: 'second@contoso.com' },
      ]),
    );
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({
      emails: [{ type: 'work', value: 'second@contoso.com' }],
    });
  });

  it('applies a path-less Add whose keys are dotted and URN-qualified attribute paths', async () => {
    const user = await createEntraUser();
    const response = await send(
      'PATCH',
      `/Users/${user.id}`,
      patchOp([
        {
          op: 'Add',
          value: {
            displayName: 'John Smith',
            'name.givenName': 'John',
            'name.familyName': 'Smith',
            [`${ENTERPRISE}:employeeNumber`]: '701984',
            [`${ENTERPRISE}:department`]: 'Tours',
          },
        },
      ]),
    );
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toMatchObject({
      displayName: 'John Smith',
      name: { givenName: 'John', familyName: 'Smith' },
      [ENTERPRISE]: { employeeNumber: '701984', department: 'Tours' },
    });
  });

  it('names the operation as sent when a key of a path-less value expanded by path fails', async () => {
    const user = await createEntraUser();
    const response = await send(
      'PATCH',
      `/Users/${user.id}`,
      patchOp([
        { op: 'Replace', path: 'title', value: 'Guide' },
        { op: 'Add', value: { 'name.givenName': 'John', [`${ENTERPRISE}:employeeNumber`]: 42 } },
      ]),
    );
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({
      scimType: 'invalidValue',
      detail: expect.stringMatching(/^Operations\[1\]: /),
    });
  });

  it('reads a manager sent as a bare id string as {value: id}, and removes it by path', async () => {
    const user = await createEntraUser();
    const manager = await createEntraUser();
    const added = await send(
      'PATCH',
      `/Users/${user.id}`,
      patchOp([{ op: 'Add', path: `${ENTERPRISE}:manager`, value: manager.id }]),
    );
    expect(added.status, JSON.stringify(added.body)).toBe(200);
    expect((added.body as Resource)[ENTERPRISE]).toEqual({ manager: { value: manager.id } });

    const removed = await send(
      'PATCH',
      `/Users/${user.id}`,
      patchOp([{ op: 'Remove', path: `${ENTERPRISE}:manager` }]),
    );
    expect(removed.status).toBe(200);
    expect(removed.body).not.toHaveProperty(ENTERPRISE);
  });

  it('adds and removes group members with value arrays, reading the group without members', async () => {
    const [a, b, c] = [await createEntraUser(), await createEntraUser(), await createEntraUser()];
    const displayName = `Entra Group ${++counter}`;
    const group = await createEntraGroup(displayName);

    const byName = await send(
      'GET',
      `/Groups?excludedAttributes=members&filter=${encodeURIComponent(`displayName eq "${displayName}"`)}`,
    );
    expect(byName.status).toBe(200);
    expect(byName.body).toMatchObject({
      totalResults: 1,
      Resources: [{ id: group.id, displayName }],
    });
    expect((byName.body as { Resources: object[] }).Resources[0]).not.toHaveProperty('members');

    const added = await send(
      'PATCH',
      `/Groups/${group.id}`,
      patchOp([
        {
          op: 'Add',
          path: 'members',
          value: [
            { $ref: null, value: a.id },
            { $ref: null, value: b.id },
            { $ref: null, value: c.id },
          ],
        },
      ]),
    );
    expect(memberIds(await expectGroupPatched(added, group.id))).toEqual([a.id, b.id, c.id].sort());

    const removed = await send(
      'PATCH',
      `/Groups/${group.id}`,
      patchOp([
        {
          op: 'Remove',
          path: 'members',
          value: [
            { $ref: null, value: a.id },
            { $ref: null, value: c.id },
          ],
        },
      ]),
    );
    expect(memberIds(await expectGroupPatched(removed, group.id))).toEqual([b.id]);

    const fetched = await send('GET', `/Groups/${group.id}?excludedAttributes=members`);
    expect(fetched.body).toMatchObject({ id: group.id, displayName });
    expect(fetched.body).not.toHaveProperty('members');
  });

  it('renames a group with Replace displayName, then deletes it', async () => {
    const group = await createEntraGroup(`Entra Group ${++counter}`);
    const renamed = await send(
      'PATCH',
      `/Groups/${group.id}`,
      patchOp([{ op: 'Replace', path: 'displayName', value: `${group.id}updatedDisplayName` }]),
    );
    expect(await expectGroupPatched(renamed, group.id)).toMatchObject({
      id: group.id,
      displayName: `${group.id}updatedDisplayName`,
    });
    expect((await send('DELETE', `/Groups/${group.id}`)).status).toBe(204);
    expect((await send('GET', `/Groups/${group.id}`)).status).toBe(404);
  });
});
