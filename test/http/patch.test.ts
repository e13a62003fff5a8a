import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { URN } from '../../src/scim/urns.js';
import { testDatabaseNames } from '../support/databases.js';
import { createTestApp, PUBLIC_URL, type TestApp } from '../support/test-app.js';
import { bodyOf, expectScimError, INSTANT, SCIM_JSON, WEAK_ETAG } from './scim-expectations.js';

const BASE_URL = `${PUBLIC_URL}/api/v1/tenants/acme/scim/v2`;
const ENTERPRISE = URN.enterpriseUser;

type Resource = {
  id: string;
  meta: { version: string; created: string; lastModified: string };
} & Record<string, unknown>;

type Operation = { op: string; path?: string; value?: unknown };

/** A Group PATCH answers 204 unless the client asks for the resource (RFC 7240 §4.2). */
const REPRESENTATION = { prefer: 'return=representation' };

describe.each(testDatabaseNames)('PATCH over %s', (database) => {
  let t: TestApp;
  let counter = 0;
  beforeAll(async () => {
    t = await createTestApp(database);
  });
  afterAll(async () => {
    await t?.close();
  });

  const unique = (prefix: string) => `${prefix}-${++counter}`;

  const create = async (endpoint: '/Users' | '/Groups', body: Record<string, unknown>) => {
    const response = await t.scim('POST', endpoint, { body });
    expect(response.statusCode, response.body).toBe(201);
    return bodyOf(response) as Resource;
  };

  const createUser = (extra: Record<string, unknown> = {}) =>
    create('/Users', { schemas: [URN.user], userName: unique('user'), ...extra });

  const createGroup = (members: string[] = []) =>
    create('/Groups', {
      schemas: [URN.group],
      displayName: unique('group'),
      ...(members.length > 0 ? { members: members.map((value) => ({ value })) } : {}),
    });

  const patch = (path: string, operations: Operation[], headers: Record<string, string> = {}) =>
    t.scim('PATCH', path, {
      body: { schemas: [URN.patchOp], Operations: operations },
      headers,
    });

  const patchOk = async (
    path: string,
    operations: Operation[],
    headers: Record<string, string> = {},
  ) => {
    const response = await patch(path, operations, headers);
    expect(response.statusCode, response.body).toBe(200);
    return bodyOf(response) as Resource;
  };

  const get = async (path: string) => {
    const response = await t.scim('GET', path);
    expect(response.statusCode, response.body).toBe(200);
    return bodyOf(response) as Resource;
  };

  const memberIds = (resource: Record<string, unknown>) =>
    ((resource.members ?? []) as { value: string }[]).map((member) => member.value).sort();

  const barbara = () =>
    createUser({
      name: { givenName: 'Barbara', familyName: 'Jensen' },
      nickName: 'Babs',
      emails: [
        { value: 'bjensen@example.com', type: 'work', primary: true },
        { value: 'babs@jensen.org', type: 'home' },
      ],
    });

  it('advertises patch.supported true in ServiceProviderConfig', async () => {
    const response = await t.scim('GET', '/ServiceProviderConfig');
    expect(response.statusCode).toBe(200);
    expect(bodyOf(response).patch).toEqual({ supported: true });
  });

  describe('add', () => {
    it('returns 200 with the whole resource, a new meta.version as ETag and the Location', async () => {
      const user = await barbara();
      const response = await patch(`/Users/${user.id}`, [
        { op: 'add', path: 'title', value: 'Tour Guide' },
      ]);
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe(SCIM_JSON);
      const body = bodyOf(response) as Resource;
      expect(body).toEqual({
        schemas: [URN.user],
        id: user.id,
        userName: user.userName,
        name: { givenName: 'Barbara', familyName: 'Jensen' },
        nickName: 'Babs',
        title: 'Tour Guide',
        emails: [
          { value: 'bjensen@example.com', type: 'work', primary: true },
          { value: 'babs@jensen.org', type: 'home' },
        ],
        meta: {
          resourceType: 'User',
          created: user.meta.created,
          lastModified: expect.stringMatching(INSTANT),
          location: `${BASE_URL}/Users/${user.id}`,
          version: expect.stringMatching(WEAK_ETAG),
        },
      });
      expect(body.meta.version).not.toBe(user.meta.version);
      expect(response.headers.etag).toBe(body.meta.version);
      expect(response.headers.location).toBe(`${BASE_URL}/Users/${user.id}`);
      expect(await get(`/Users/${user.id}`)).toEqual(body);
    });

    it('merges a path-less value into the resource, appending to multi-valued attributes', async () => {
      const user = await barbara();
      const body = await patchOk(`/Users/${user.id}`, [
        {
          op: 'add',
          value: {
            displayName: 'Babs Jensen',
            emails: [{ value: 'b@tours.example', type: 'other' }],
          },
        },
      ]);
      expect(body.displayName).toBe('Babs Jensen');
      expect(body.emails).toEqual([
        { value: 'bjensen@example.com', type: 'work', primary: true },
        { value: 'babs@jensen.org', type: 'home' },
        { value: 'b@tours.example', type: 'other' },
      ]);
    });

    it('does not duplicate a value already present in a multi-valued attribute', async () => {
      const user = await barbara();
      const body = await patchOk(`/Users/${user.id}`, [
        {
          op: 'add',
          path: 'emails',
          value: [
            { value: 'babs@jensen.org', type: 'home' },
            { value: 'new@jensen.org', type: 'home' },
          ],
        },
      ]);
      expect(body.emails).toEqual([
        { value: 'bjensen@example.com', type: 'work', primary: true },
        { value: 'babs@jensen.org', type: 'home' },
        { value: 'new@jensen.org', type: 'home' },
      ]);
    });

    it('merges sub-attributes into a complex attribute', async () => {
      const user = await barbara();
      const body = await patchOk(`/Users/${user.id}`, [
        { op: 'add', path: 'name', value: { middleName: 'Jane' } },
      ]);
      expect(body.name).toEqual({ givenName: 'Barbara', middleName: 'Jane', familyName: 'Jensen' });
    });

    it('adds an enterprise attribute by its URN-qualified path and lists the extension in schemas', async () => {
      const user = await barbara();
      const body = await patchOk(`/Users/${user.id}`, [
        { op: 'add', path: `${ENTERPRISE}:department`, value: 'Tours' },
      ]);
      expect(body.schemas).toEqual([URN.user, ENTERPRISE]);
      expect(body[ENTERPRISE]).toEqual({ department: 'Tours' });
    });

    it('adds to the whole extension object addressed by its URN', async () => {
      const user = await barbara();
      const manager = await createUser();
      const body = await patchOk(`/Users/${user.id}`, [
        {
          op: 'add',
          path: ENTERPRISE,
          value: { employeeNumber: '701984', manager: { value: manager.id } },
        },
      ]);
      expect(body[ENTERPRISE]).toEqual({
        employeeNumber: '701984',
        manager: { value: manager.id },
      });
    });

    it('creates the value a value path with equality filters names when none matches', async () => {
      const user = await createUser();
      const body = await patchOk(`/Users/${user.id}`, [
        {
          op: 'add',
          path: 'addresses[type eq "work"].streetAddress',
          value: '100 Universal City Plaza',
        },
      ]);
      expect(body.addresses).toEqual([{ type: 'work', streetAddress: '100 Universal City Plaza' }]);
    });

    it('clears primary on the other values when the added value is primary', async () => {
      const user = await barbara();
      const body = await patchOk(`/Users/${user.id}`, [
        {
          op: 'add',
          path: 'emails',
          value: [{ value: 'main@jensen.org', type: 'home', primary: true }],
        },
      ]);
      expect(body.emails).toEqual([
        { value: 'bjensen@example.com', type: 'work' },
        { value: 'babs@jensen.org', type: 'home' },
        { value: 'main@jensen.org', type: 'home', primary: true },
      ]);
    });
  });

  describe('replace', () => {
    it('replaces a sub-attribute by path', async () => {
      const user = await barbara();
      const body = await patchOk(`/Users/${user.id}`, [
        { op: 'replace', path: 'name.givenName', value: 'Babs' },
      ]);
      expect(body.name).toEqual({ givenName: 'Babs', familyName: 'Jensen' });
    });

    it('replaces the attributes listed in a path-less value and leaves the others', async () => {
      const user = await barbara();
      const body = await patchOk(`/Users/${user.id}`, [
        { op: 'replace', value: { nickName: 'B', active: false } },
      ]);
      expect(body).toMatchObject({
        nickName: 'B',
        active: false,
        name: user.name,
        emails: user.emails,
      });
    });

    it('replaces a whole multi-valued attribute given by path', async () => {
      const user = await barbara();
      const body = await patchOk(`/Users/${user.id}`, [
        { op: 'replace', path: 'emails', value: [{ value: 'only@jensen.org', type: 'work' }] },
      ]);
      expect(body.emails).toEqual([{ value: 'only@jensen.org', type: 'work' }]);
    });

    it('replaces a sub-attribute of the values a value path selects, and only those', async () => {
      const user = await barbara();
      const body = await patchOk(`/Users/${user.id}`, [
        { op: 'replace', path: 'emails[type eq "work"].value', value: 'barbara@tours.example' },
      ]);
      expect(body.emails).toEqual([
        { value: 'barbara@tours.example', type: 'work', primary: true },
        { value: 'babs@jensen.org', type: 'home' },
      ]);
    });

    it('moves primary to the value a value path marks primary', async () => {
      const user = await barbara();
      const body = await patchOk(`/Users/${user.id}`, [
        { op: 'replace', path: 'emails[type eq "home"].primary', value: true },
      ]);
      expect(body.emails).toEqual([
        { value: 'bjensen@example.com', type: 'work' },
        { value: 'babs@jensen.org', type: 'home', primary: true },
      ]);
    });

    it('replaces an enterprise manager by its URN-qualified path', async () => {
      const user = await barbara();
      const manager = await createUser();
      const body = await patchOk(`/Users/${user.id}`, [
        { op: 'replace', path: `${ENTERPRISE}:manager`, value: { value: manager.id } },
      ]);
      expect(body[ENTERPRISE]).toEqual({
        manager: { value: manager.id },
      });
    });

    it('returns 400 noTarget when a replace value path matches no value', async () => {
      const user = await barbara();
      const response = await patch(`/Users/${user.id}`, [
        { op: 'replace', path: 'emails[type eq "other"]', value: { value: 'x@example.com' } },
      ]);
      expectScimError(
        response,
        400,
        'noTarget',
        `Operations[0]: No value of 'emails' matches the filter`,
      );
    });
  });

  describe('remove', () => {
    it('removes a single-valued attribute', async () => {
      const user = await barbara();
      const body = await patchOk(`/Users/${user.id}`, [{ op: 'remove', path: 'nickName' }]);
      expect(body).not.toHaveProperty('nickName');
    });

    it('removes the values a value path selects', async () => {
      const user = await barbara();
      const body = await patchOk(`/Users/${user.id}`, [
        { op: 'remove', path: 'emails[type eq "home"]' },
      ]);
      expect(body.emails).toEqual([{ value: 'bjensen@example.com', type: 'work', primary: true }]);
    });

    it('removes every value of a multi-valued attribute named without filter', async () => {
      const user = await barbara();
      const body = await patchOk(`/Users/${user.id}`, [{ op: 'remove', path: 'emails' }]);
      expect(body).not.toHaveProperty('emails');
    });

    it('drops the extension URN from schemas when its last attribute is removed', async () => {
      const user = await createUser({ [ENTERPRISE]: { department: 'Tours' } });
      expect(user.schemas).toEqual([URN.user, ENTERPRISE]);
      const body = await patchOk(`/Users/${user.id}`, [
        { op: 'remove', path: `${ENTERPRISE}:department` },
      ]);
      expect(body.schemas).toEqual([URN.user]);
      expect(body).not.toHaveProperty(ENTERPRISE);
    });

    it('returns 400 noTarget when a remove has no path', async () => {
      const user = await barbara();
      const response = await patch(`/Users/${user.id}`, [{ op: 'remove' }]);
      expectScimError(response, 400, 'noTarget', 'Operations[0]: "remove" requires a "path"');
    });

    it('returns 400 noTarget when a remove value path matches no value', async () => {
      const user = await barbara();
      const response = await patch(`/Users/${user.id}`, [
        { op: 'remove', path: 'emails[type eq "other"]' },
      ]);
      expectScimError(
        response,
        400,
        'noTarget',
        `Operations[0]: No value of 'emails' matches the filter`,
      );
    });
  });

  describe('refusals', () => {
    it('returns 400 mutability when an operation writes the readOnly id', async () => {
      const user = await barbara();
      const response = await patch(`/Users/${user.id}`, [
        { op: 'replace', path: 'id', value: 'other' },
      ]);
      expectScimError(response, 400, 'mutability', `Operations[0]: Attribute 'id' is readOnly`);
    });

    it('returns 400 mutability when an operation writes the readOnly groups of a User', async () => {
      const user = await barbara();
      const group = await createGroup();
      const response = await patch(`/Users/${user.id}`, [
        { op: 'add', path: 'groups', value: [{ value: group.id }] },
      ]);
      expectScimError(response, 400, 'mutability', `Operations[0]: Attribute 'groups' is readOnly`);
    });

    it('returns 400 invalidValue when a value does not have the attribute type', async () => {
      const user = await barbara();
      const response = await patch(`/Users/${user.id}`, [
        { op: 'replace', path: 'active', value: 'maybe' },
      ]);
      expectScimError(response, 400, 'invalidValue', expect.stringMatching(/^Operations\[0\]: /));
    });

    it('returns 400 invalidValue when add or replace has no value', async () => {
      const user = await barbara();
      const response = await patch(`/Users/${user.id}`, [{ op: 'add', path: 'title' }]);
      expectScimError(response, 400, 'invalidValue', 'Operations[0]: "add" requires a "value"');
    });

    it('returns 400 invalidPath when the path names no attribute', async () => {
      const user = await barbara();
      const response = await patch(`/Users/${user.id}`, [
        { op: 'replace', path: 'favouriteColour', value: 'blue' },
      ]);
      expectScimError(
        response,
        400,
        'invalidPath',
        `Operations[0]: "favouriteColour" names no attribute of User`,
      );
    });

    it('returns 400 invalidPath when the path does not parse', async () => {
      const user = await barbara();
      const response = await patch(`/Users/${user.id}`, [{ op: 'remove', path: 'emails[type eq' }]);
      expectScimError(response, 400, 'invalidPath', expect.stringMatching(/^Operations\[0\]: /));
    });

    it('returns 400 invalidPath when a value filter is put on a single-valued attribute', async () => {
      const user = await barbara();
      const response = await patch(`/Users/${user.id}`, [
        { op: 'replace', path: 'name[givenName eq "Barbara"]', value: {} },
      ]);
      expectScimError(response, 400, 'invalidPath', expect.stringMatching(/^Operations\[0\]: /));
    });

    it('returns 400 invalidSyntax when the op is not add, remove or replace', async () => {
      const user = await barbara();
      const response = await patch(`/Users/${user.id}`, [{ op: 'move', path: 'title' }]);
      expectScimError(
        response,
        400,
        'invalidSyntax',
        'Operations[0]: "op" must be one of "add", "remove", "replace"',
      );
    });

    it('returns 400 invalidSyntax when schemas does not name the PatchOp message', async () => {
      const user = await barbara();
      const response = await t.scim('PATCH', `/Users/${user.id}`, {
        body: { schemas: [URN.user], Operations: [{ op: 'add', path: 'title', value: 'x' }] },
      });
      expectScimError(response, 400, 'invalidSyntax', `"schemas" must contain "${URN.patchOp}"`);
    });

    it('returns 404 when the resource does not exist', async () => {
      const response = await patch('/Users/00000000-0000-7000-8000-000000000000', [
        { op: 'add', path: 'title', value: 'x' },
      ]);
      expectScimError(response, 404, undefined, expect.any(String));
    });
  });

  describe('atomicity and versions', () => {
    it('keeps the stored resource and meta.version unchanged when a later operation fails', async () => {
      const user = await barbara();
      const response = await patch(`/Users/${user.id}`, [
        { op: 'replace', path: 'nickName', value: 'Changed' },
        { op: 'add', path: 'title', value: 'Changed' },
        { op: 'remove', path: 'emails[type eq "fax"]' },
      ]);
      expectScimError(
        response,
        400,
        'noTarget',
        `Operations[2]: No value of 'emails' matches the filter`,
      );
      expect(await get(`/Users/${user.id}`)).toEqual(user);
    });

    it('keeps meta.version and lastModified when the operations change nothing', async () => {
      const user = await barbara();
      const response = await patch(`/Users/${user.id}`, [
        { op: 'replace', path: 'nickName', value: 'Babs' },
        { op: 'add', path: 'emails', value: [{ value: 'babs@jensen.org', type: 'home' }] },
      ]);
      expect(response.statusCode).toBe(200);
      const body = bodyOf(response) as Resource;
      expect(body.meta).toEqual(user.meta);
      expect(response.headers.etag).toBe(user.meta.version);
      expect(await get(`/Users/${user.id}`)).toEqual(user);
    });

    it('returns 412 when If-Match names another version, and changes nothing', async () => {
      const user = await barbara();
      const response = await patch(
        `/Users/${user.id}`,
        [{ op: 'replace', path: 'nickName', value: 'Stale' }],
        { 'if-match': 'W/"not-the-version"' },
      );
      expectScimError(response, 412, undefined, expect.any(String));
      expect(await get(`/Users/${user.id}`)).toEqual(user);
    });

    it('applies the operations when If-Match names the current version', async () => {
      const user = await barbara();
      const response = await patch(
        `/Users/${user.id}`,
        [{ op: 'replace', path: 'nickName', value: 'Fresh' }],
        { 'if-match': user.meta.version },
      );
      expect(response.statusCode, response.body).toBe(200);
      expect(bodyOf(response).nickName).toBe('Fresh');
    });
  });

  describe('response', () => {
    it('returns only the attributes named by the attributes parameter, plus id and schemas', async () => {
      const user = await barbara();
      const response = await t.scim('PATCH', `/Users/${user.id}?attributes=nickName`, {
        body: {
          schemas: [URN.patchOp],
          Operations: [{ op: 'replace', path: 'nickName', value: 'N' }],
        },
      });
      expect(response.statusCode).toBe(200);
      expect(bodyOf(response)).toEqual({ schemas: [URN.user], id: user.id, nickName: 'N' });
    });

    it('leaves out the attributes named by excludedAttributes', async () => {
      const user = await barbara();
      const response = await t.scim('PATCH', `/Users/${user.id}?excludedAttributes=emails,name`, {
        body: {
          schemas: [URN.patchOp],
          Operations: [{ op: 'replace', path: 'nickName', value: 'N' }],
        },
      });
      expect(response.statusCode).toBe(200);
      const body = bodyOf(response);
      expect(body).not.toHaveProperty('emails');
      expect(body).not.toHaveProperty('name');
      expect(body).toMatchObject({ id: user.id, userName: user.userName, nickName: 'N' });
    });

    it('returns 204 without a body, with ETag and Location, for Prefer: return=minimal', async () => {
      const user = await barbara();
      const response = await patch(
        `/Users/${user.id}`,
        [{ op: 'replace', path: 'nickName', value: 'Quiet' }],
        { prefer: 'return=minimal' },
      );
      expect(response.statusCode).toBe(204);
      expect(response.body).toBe('');
      const stored = await get(`/Users/${user.id}`);
      expect(stored.nickName).toBe('Quiet');
      expect(response.headers.etag).toBe(stored.meta.version);
      expect(response.headers.location).toBe(`${BASE_URL}/Users/${user.id}`);
    });

    it('answers a Group PATCH with 204, no body, the new version as ETag and the Location', async () => {
      const a = await createUser();
      const group = await createGroup();
      const response = await patch(`/Groups/${group.id}`, [
        { op: 'add', path: 'members', value: [{ value: a.id }] },
      ]);
      expect(response.statusCode, response.body).toBe(204);
      expect(response.body).toBe('');
      expect(response.headers['content-type']).toBeUndefined();
      const stored = await get(`/Groups/${group.id}`);
      expect(memberIds(stored)).toEqual([a.id]);
      expect(stored.meta.version).not.toBe(group.meta.version);
      expect(response.headers.etag).toBe(stored.meta.version);
      expect(response.headers.location).toBe(`${BASE_URL}/Groups/${group.id}`);
    });

    it('answers a Group PATCH with 200 and the projection the attributes parameter names', async () => {
      const a = await createUser();
      const group = await createGroup([a.id]);
      const name = unique('renamed');
      const response = await patch(`/Groups/${group.id}?attributes=displayName`, [
        { op: 'replace', path: 'displayName', value: name },
      ]);
      expect(response.statusCode, response.body).toBe(200);
      expect(response.headers['content-type']).toBe(SCIM_JSON);
      expect(bodyOf(response)).toEqual({ schemas: [URN.group], id: group.id, displayName: name });
      expect(response.headers.etag).toBe((await get(`/Groups/${group.id}`)).meta.version);
    });

    it('answers a Group PATCH with 200 and the group with its members for Prefer: return=representation', async () => {
      const [a, b] = [await createUser(), await createUser()];
      const group = await createGroup([a.id]);
      const response = await patch(
        `/Groups/${group.id}`,
        [{ op: 'add', path: 'members', value: [{ value: b.id }] }],
        REPRESENTATION,
      );
      expect(response.statusCode, response.body).toBe(200);
      expect(response.headers['content-type']).toBe(SCIM_JSON);
      const body = bodyOf(response) as Resource;
      expect(body).toMatchObject({ id: group.id, displayName: group.displayName });
      expect(memberIds(body)).toEqual([a.id, b.id].sort());
      expect(body).toEqual(await get(`/Groups/${group.id}`));
      expect(response.headers.etag).toBe(body.meta.version);
      expect(response.headers.location).toBe(`${BASE_URL}/Groups/${group.id}`);
    });
  });

  describe('group members', () => {
    it('adds members without touching the existing ones, and the user lists the group', async () => {
      const [a, b, c] = [await createUser(), await createUser(), await createUser()];
      const group = await createGroup([a.id, b.id]);
      const body = await patchOk(
        `/Groups/${group.id}`,
        [{ op: 'add', path: 'members', value: [{ value: c.id, display: 'C' }] }],
        REPRESENTATION,
      );
      expect(memberIds(body)).toEqual([a.id, b.id, c.id].sort());
      expect(body.members).toContainEqual({
        value: c.id,
        $ref: `${BASE_URL}/Users/${c.id}`,
        type: 'User',
        display: 'C',
      });
      expect(body.meta.version).not.toBe(group.meta.version);
      const user = await get(`/Users/${c.id}`);
      expect(user.groups).toEqual([
        {
          value: group.id,
          $ref: `${BASE_URL}/Groups/${group.id}`,
          display: group.displayName,
          type: 'direct',
        },
      ]);
    });

    it('removes exactly the member a value path names', async () => {
      const [a, b, c] = [await createUser(), await createUser(), await createUser()];
      const group = await createGroup([a.id, b.id, c.id]);
      const body = await patchOk(
        `/Groups/${group.id}`,
        [{ op: 'remove', path: `members[value eq "${b.id}"]` }],
        REPRESENTATION,
      );
      expect(memberIds(body)).toEqual([a.id, c.id].sort());
      expect(memberIds(await get(`/Groups/${group.id}`))).toEqual([a.id, c.id].sort());
    });

    it('removes every member when members is removed without filter', async () => {
      const [a, b] = [await createUser(), await createUser()];
      const group = await createGroup([a.id, b.id]);
      const body = await patchOk(
        `/Groups/${group.id}`,
        [{ op: 'remove', path: 'members' }],
        REPRESENTATION,
      );
      expect(body).not.toHaveProperty('members');
      expect(await get(`/Groups/${group.id}`)).not.toHaveProperty('members');
    });

    it('keeps meta.version when an added member is already a member', async () => {
      const a = await createUser();
      const group = await createGroup([a.id]);
      const response = await patch(
        `/Groups/${group.id}`,
        [{ op: 'add', path: 'members', value: [{ value: a.id }] }],
        REPRESENTATION,
      );
      expect(response.statusCode).toBe(200);
      expect((bodyOf(response) as Resource).meta).toEqual(group.meta);
      expect(response.headers.etag).toBe(group.meta.version);
    });

    it('returns 400 noTarget when a remove value path matches no member', async () => {
      const [a, stranger] = [await createUser(), await createUser()];
      const group = await createGroup([a.id]);
      const response = await patch(`/Groups/${group.id}`, [
        { op: 'remove', path: `members[value eq "${stranger.id}"]` },
      ]);
      expectScimError(
        response,
        400,
        'noTarget',
        `Operations[0]: No value of 'members' matches the filter`,
      );
      expect(await get(`/Groups/${group.id}`)).toEqual(group);
    });

    it('returns 400 invalidValue naming the operation when an added member does not exist, and adds none', async () => {
      const a = await createUser();
      const group = await createGroup();
      const missing = '00000000-0000-7000-8000-000000000000';
      const response = await patch(`/Groups/${group.id}`, [
        { op: 'replace', path: 'displayName', value: unique('renamed') },
        { op: 'add', path: 'members', value: [{ value: a.id }, { value: missing }] },
      ]);
      expectScimError(
        response,
        400,
        'invalidValue',
        `Operations[1]: members: no User or Group with id "${missing}" in this tenant`,
      );
      expect(await get(`/Groups/${group.id}`)).toEqual(group);
    });

    it('names the original operation index when an operation after a member change fails', async () => {
      const a = await createUser();
      const group = await createGroup();
      const response = await patch(`/Groups/${group.id}`, [
        { op: 'add', path: 'members', value: [{ value: a.id }] },
        { op: 'replace', path: 'id', value: 'other' },
      ]);
      expectScimError(response, 400, 'mutability', `Operations[1]: Attribute 'id' is readOnly`);
      expect(await get(`/Groups/${group.id}`)).toEqual(group);
    });

    it('removes members through a filter on display by loading the member list', async () => {
      const [a, b] = [await createUser(), await createUser()];
      const group = await create('/Groups', {
        displayName: unique('group'),
        members: [
          { value: a.id, display: 'Alice' },
          { value: b.id, display: 'Bob' },
        ],
      });
      const body = await patchOk(
        `/Groups/${group.id}`,
        [{ op: 'remove', path: 'members[display eq "Bob"]' }],
        REPRESENTATION,
      );
      expect(memberIds(body)).toEqual([a.id]);
    });

    it('renames a group and changes its members in one request', async () => {
      const [a, b] = [await createUser(), await createUser()];
      const group = await createGroup([a.id]);
      const name = unique('renamed');
      const body = await patchOk(
        `/Groups/${group.id}`,
        [
          { op: 'replace', path: 'displayName', value: name },
          { op: 'add', path: 'members', value: [{ value: b.id }] },
          { op: 'remove', path: `members[value eq "${a.id}"]` },
        ],
        REPRESENTATION,
      );
      expect(body.displayName).toBe(name);
      expect(memberIds(body)).toEqual([b.id]);
    });
  });
});
