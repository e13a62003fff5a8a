import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { URN } from '../../src/scim/urns.js';
import { testDatabaseNames } from '../support/databases.js';
import { createTestApp, PUBLIC_URL, type TestApp } from '../support/test-app.js';
import { bodyOf, expectScimError, INSTANT, SCIM_JSON, WEAK_ETAG } from './scim-expectations.js';

const BASE_URL = `${PUBLIC_URL}/api/v1/tenants/acme/scim/v2`;

type Created = { id: string; meta: { version: string; created: string } } & Record<string, unknown>;

describe.each(testDatabaseNames)('/Groups over %s', (database) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(database);
  });
  afterAll(async () => {
    await t?.close();
  });

  const create = async (
    endpoint: '/Users' | '/Groups',
    body: Record<string, unknown>,
    tenant = 'acme',
  ) => {
    const response = await t.scim('POST', endpoint, { body, tenant });
    expect(response.statusCode, response.body).toBe(201);
    return bodyOf(response) as Created;
  };
  const createUser = (userName: string, tenant = 'acme') => create('/Users', { userName }, tenant);
  const createGroup = (displayName: string, members: Record<string, unknown>[] = []) =>
    create('/Groups', {
      schemas: [URN.group],
      displayName,
      ...(members.length > 0 ? { members } : {}),
    });
  const get = async (path: string) => {
    const response = await t.scim('GET', path);
    expect(response.statusCode, response.body).toBe(200);
    return bodyOf(response);
  };

  it('creates a group with user and nested group members, each with value, $ref, type and display', async () => {
    const user = await createUser('member.user');
    const inner = await createGroup('Inner');
    const response = await t.scim('POST', '/Groups', {
      body: {
        schemas: [URN.group],
        displayName: 'Outer',
        members: [
          { value: user.id, display: 'Member User' },
          { value: inner.id, type: 'Group' },
        ],
      },
    });
    expect(response.statusCode).toBe(201);
    expect(response.headers['content-type']).toBe(SCIM_JSON);
    const body = bodyOf(response) as Created;
    expect(body).toEqual({
      schemas: [URN.group],
      id: expect.any(String),
      displayName: 'Outer',
      members: expect.arrayContaining([
        {
          value: user.id,
          $ref: `${BASE_URL}/Users/${user.id}`,
          type: 'User',
          display: 'Member User',
        },
        { value: inner.id, $ref: `${BASE_URL}/Groups/${inner.id}`, type: 'Group' },
      ]),
      meta: {
        resourceType: 'Group',
        created: expect.stringMatching(INSTANT),
        lastModified: body.meta.created,
        location: `${BASE_URL}/Groups/${body.id}`,
        version: expect.stringMatching(WEAK_ETAG),
      },
    });
    expect(body.members).toHaveLength(2);
    expect(response.headers.location).toBe(`${BASE_URL}/Groups/${body.id}`);
    expect(response.headers.etag).toBe(body.meta.version);
    expect(await get(`/Groups/${body.id}`)).toEqual(body);
  });

  it('takes a member type from the resource it names, not from the client', async () => {
    const user = await createUser('mistyped.member');
    const group = await createGroup('Typed', [{ value: user.id, type: 'Group' }]);
    expect(group.members).toEqual([
      { value: user.id, $ref: `${BASE_URL}/Users/${user.id}`, type: 'User' },
    ]);
  });

  it('returns 400 invalidValue when a member does not exist in the tenant', async () => {
    const response = await t.scim('POST', '/Groups', {
      body: { displayName: 'Ghosts', members: [{ value: '00000000-0000-7000-8000-000000000000' }] },
    });
    expectScimError(
      response,
      400,
      'invalidValue',
      expect.stringContaining('00000000-0000-7000-8000-000000000000'),
    );
    const list = bodyOf(await t.scim('GET', '/Groups?count=1000')) as {
      Resources: { displayName: string }[];
    };
    expect(list.Resources.map((g) => g.displayName)).not.toContain('Ghosts');
  });

  it('returns 400 invalidValue when a member has no value', async () => {
    const response = await t.scim('POST', '/Groups', {
      body: { displayName: 'Valueless', members: [{ display: 'x' }] },
    });
    expectScimError(response, 400, 'invalidValue', expect.stringContaining('value'));
  });

  it('returns 400 invalidValue when displayName is missing', async () => {
    const response = await t.scim('POST', '/Groups', { body: { schemas: [URN.group] } });
    expectScimError(response, 400, 'invalidValue', expect.stringContaining('displayName'));
  });

  it('returns 400 invalidValue when a group names itself as a member', async () => {
    const group = await createGroup('Narcissus');
    const response = await t.scim('PUT', `/Groups/${group.id}`, {
      body: { displayName: 'Narcissus', members: [{ value: group.id }] },
    });
    expectScimError(response, 400, 'invalidValue', expect.any(String));
  });

  it('returns 409 uniqueness when the displayName is already taken in the tenant', async () => {
    await createGroup('Unique Name');
    const response = await t.scim('POST', '/Groups', { body: { displayName: 'Unique Name' } });
    expectScimError(response, 409, 'uniqueness', expect.stringContaining('Unique Name'));
    const other = await t.scim('POST', '/Groups', {
      body: { displayName: 'Unique Name' },
      tenant: 'globex',
    });
    expect(other.statusCode).toBe(201);
  });

  it('derives User.groups: direct memberships and indirect ones through nested groups', async () => {
    const user = await createUser('nested.member');
    const team = await createGroup('Team', [{ value: user.id }]);
    const department = await createGroup('Department', [{ value: team.id }]);
    const company = await createGroup('Company', [{ value: department.id }]);
    const read = (await get(`/Users/${user.id}`)) as { groups: unknown[] };
    expect(read.groups).toEqual(
      expect.arrayContaining([
        { value: team.id, $ref: `${BASE_URL}/Groups/${team.id}`, display: 'Team', type: 'direct' },
        {
          value: department.id,
          $ref: `${BASE_URL}/Groups/${department.id}`,
          display: 'Department',
          type: 'indirect',
        },
        {
          value: company.id,
          $ref: `${BASE_URL}/Groups/${company.id}`,
          display: 'Company',
          type: 'indirect',
        },
      ]),
    );
    expect(read.groups).toHaveLength(3);
  });

  it('ignores groups sent by the client on a user: it is readOnly and derived', async () => {
    const group = await createGroup('Not Joined');
    const user = await create('/Users', { userName: 'self.joiner', groups: [{ value: group.id }] });
    expect(user).not.toHaveProperty('groups');
    expect(await get(`/Groups/${group.id}`)).not.toHaveProperty('members');
  });

  it('removes a deleted user from every group', async () => {
    const user = await createUser('leaver');
    const stayer = await createUser('stayer');
    const first = await createGroup('Leavers One', [{ value: user.id }, { value: stayer.id }]);
    const second = await createGroup('Leavers Two', [{ value: user.id }]);
    expect((await t.scim('DELETE', `/Users/${user.id}`)).statusCode).toBe(204);
    expect((await get(`/Groups/${first.id}`)).members).toEqual([
      { value: stayer.id, $ref: `${BASE_URL}/Users/${stayer.id}`, type: 'User' },
    ]);
    expect(await get(`/Groups/${second.id}`)).not.toHaveProperty('members');
  });

  it('removes a deleted group from its parent groups and from its members’ groups', async () => {
    const user = await createUser('orphan');
    const child = await createGroup('Child', [{ value: user.id }]);
    const parent = await createGroup('Parent', [{ value: child.id }]);
    expect((await t.scim('DELETE', `/Groups/${child.id}`)).statusCode).toBe(204);
    expect(await get(`/Groups/${parent.id}`)).not.toHaveProperty('members');
    expect(await get(`/Users/${user.id}`)).not.toHaveProperty('groups');
  });

  it('replaces the member list on PUT', async () => {
    const a = await createUser('put.a');
    const b = await createUser('put.b');
    const group = await createGroup('Replaced', [{ value: a.id }]);
    const response = await t.scim('PUT', `/Groups/${group.id}`, {
      body: { displayName: 'Replaced', members: [{ value: b.id }] },
    });
    expect(response.statusCode).toBe(200);
    expect(bodyOf(response).members).toEqual([
      { value: b.id, $ref: `${BASE_URL}/Users/${b.id}`, type: 'User' },
    ]);
    expect(await get(`/Users/${a.id}`)).not.toHaveProperty('groups');
  });

  it('leaves members out of every listed group with excludedAttributes=members', async () => {
    const user = await createUser('listed.member');
    await createGroup('Listed', [{ value: user.id }]);
    const response = await t.scim('GET', '/Groups?excludedAttributes=members&count=1000');
    expect(response.statusCode).toBe(200);
    const body = bodyOf(response) as { totalResults: number; Resources: Record<string, unknown>[] };
    expect(body.Resources.length).toBe(body.totalResults);
    expect(body.Resources.map((g) => g.displayName)).toContain('Listed');
    for (const group of body.Resources) {
      expect(group).not.toHaveProperty('members');
      expect(group).toMatchObject({
        schemas: [URN.group],
        id: expect.any(String),
        meta: { resourceType: 'Group' },
      });
    }
  });

  it('returns 404 for an unknown group id', async () => {
    expectScimError(await t.scim('GET', '/Groups/00000000-0000-7000-8000-000000000000'), 404);
  });
});
