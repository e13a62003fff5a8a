import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { URN } from '../../src/scim/urns.js';
import { testDatabaseNames } from '../support/databases.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { createVendorSequence, type Resource } from './vendor-sequence.js';

/**
 * The request sequences Okta's provisioning sends, as its public "Okta and SCIM Version 2.0"
 * reference describes them: lookup by userName filter before create, deactivation by a path-less
 * replace of `active`, and Group Push (rename with the group's id repeated in the value, member
 * add and remove in one request, and a replace of `members` with the full list or `[]`).
 */

describe.each(testDatabaseNames)('Okta PATCH sequences over %s', (database) => {
  let t: TestApp;
  let counter = 0;
  beforeAll(async () => {
    t = await createTestApp(database);
  });
  afterAll(async () => {
    await t?.close();
  });

  const { patchOp, send, expectGroupPatched, memberIds } = createVendorSequence(() => t);

  /** Okta checks that the user does not exist by userName, then creates it. */
  const provisionOktaUser = async () => {
    const userName = `test.user${++counter}@okta.local`;
    const lookup = await send(
      'GET',
      `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}&startIndex=1&count=100`,
    );
    expect(lookup.status).toBe(200);
    expect(lookup.body).toMatchObject({ totalResults: 0, Resources: [] });
    const created = await send('POST', '/Users', {
      schemas: [URN.user],
      userName,
      name: { givenName: 'Test', familyName: 'User' },
      emails: [{ primary: true, value: userName, type: 'work' }],
      displayName: 'Test User',
      locale: 'en-US',
      externalId: `00ujl29u0le5T6Aj10h${counter}`,
      password: '1mz050nq',
      active: true,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body as Resource;
  };

  const pushGroup = async (members: Resource[] = []) => {
    const created = await send('POST', '/Groups', {
      schemas: [URN.group],
      displayName: `Test SCIMv2 ${++counter}`,
      members: members.map((user) => ({ value: user.id, display: user.userName })),
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body as Resource;
  };

  it('deactivates a user with a path-less replace of active false, and reactivates it', async () => {
    const user = await provisionOktaUser();
    const deactivated = await send(
      'PATCH',
      `/Users/${user.id}`,
      patchOp([{ op: 'replace', value: { active: false } }]),
    );
    expect(deactivated.status).toBe(200);
    expect(deactivated.body).toMatchObject({ id: user.id, active: false, userName: user.userName });
    expect((await send('GET', `/Users/${user.id}`)).body).toMatchObject({ active: false });

    const reactivated = await send(
      'PATCH',
      `/Users/${user.id}`,
      patchOp([{ op: 'replace', value: { active: true } }]),
    );
    expect(reactivated.body).toMatchObject({ active: true });
  });

  it('renames a pushed group whose replace value repeats the group id', async () => {
    const group = await pushGroup();
    const renamed = await send(
      'PATCH',
      `/Groups/${group.id}`,
      patchOp([{ op: 'replace', value: { id: group.id, displayName: `Renamed ${group.id}` } }]),
    );
    expect(await expectGroupPatched(renamed, group.id)).toMatchObject({
      id: group.id,
      displayName: `Renamed ${group.id}`,
    });
  });

  it('refuses a rename whose value names another id as a change to the readOnly id', async () => {
    const group = await pushGroup();
    const response = await send(
      'PATCH',
      `/Groups/${group.id}`,
      patchOp([{ op: 'replace', value: { id: 'another-id', displayName: 'x' } }]),
    );
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ scimType: 'mutability' });
  });

  it('adds a member with display, then removes one and adds another in one request', async () => {
    const [a, b, c] = [
      await provisionOktaUser(),
      await provisionOktaUser(),
      await provisionOktaUser(),
    ];
    const group = await pushGroup([a]);
    const added = await send(
      'PATCH',
      `/Groups/${group.id}`,
      patchOp([{ op: 'add', path: 'members', value: [{ value: b.id, display: b.userName }] }]),
    );
    expect(memberIds(await expectGroupPatched(added, group.id))).toEqual([a.id, b.id].sort());

    const swapped = await send(
      'PATCH',
      `/Groups/${group.id}`,
      patchOp([
        { op: 'remove', path: `members[value eq "${a.id}"]` },
        { op: 'add', path: 'members', value: [{ value: c.id, display: c.userName }] },
      ]),
    );
    expect(memberIds(await expectGroupPatched(swapped, group.id))).toEqual([b.id, c.id].sort());
    expect((await send('GET', `/Users/${a.id}`)).body).not.toHaveProperty('groups');
  });

  it('replaces the members with the full list Okta pushes, then with an empty list', async () => {
    const [a, b, c] = [
      await provisionOktaUser(),
      await provisionOktaUser(),
      await provisionOktaUser(),
    ];
    const group = await pushGroup([a, b]);
    const replaced = await send(
      'PATCH',
      `/Groups/${group.id}`,
      patchOp([
        {
          op: 'replace',
          path: 'members',
          value: [
            { value: b.id, display: b.userName },
            { value: c.id, display: c.userName },
          ],
        },
      ]),
    );
    expect(memberIds(await expectGroupPatched(replaced, group.id))).toEqual([b.id, c.id].sort());

    const emptied = await send(
      'PATCH',
      `/Groups/${group.id}`,
      patchOp([{ op: 'replace', path: 'members', value: [] }]),
    );
    expect(await expectGroupPatched(emptied, group.id)).not.toHaveProperty('members');
  });

  it('lists groups the way Okta imports them, then deletes a pushed group', async () => {
    const group = await pushGroup();
    const listed = await send('GET', '/Groups?startIndex=1&count=100');
    expect(listed.status).toBe(200);
    expect((listed.body as { Resources: { id: string }[] }).Resources.map((g) => g.id)).toContain(
      group.id,
    );
    expect((await send('DELETE', `/Groups/${group.id}`)).status).toBe(204);
  });
});
