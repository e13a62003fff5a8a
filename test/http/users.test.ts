import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { URN } from '../../src/scim/urns.js';
import { testDatabaseNames } from '../support/databases.js';
import { createTestApp, PUBLIC_URL, type TestApp } from '../support/test-app.js';
import { enterpriseUserExample } from './rfc7643-examples.js';
import { bodyOf, expectScimError, INSTANT, SCIM_JSON, WEAK_ETAG } from './scim-expectations.js';

const USERS_URL = `${PUBLIC_URL}/api/v1/tenants/acme/scim/v2/Users`;

describe.each(testDatabaseNames)('/Users over %s', (database) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(database);
  });
  afterAll(async () => {
    await t?.close();
  });

  const createUser = async (body: Record<string, unknown>, tenant = 'acme') => {
    const response = await t.scim('POST', '/Users', { body, tenant });
    expect(response.statusCode, response.body).toBe(201);
    return bodyOf(response) as {
      id: string;
      meta: { version: string; created: string; lastModified: string };
    } & Record<string, unknown>;
  };

  describe('POST /Users', () => {
    it('returns 201 with complete meta, an absolute Location and the version as ETag', async () => {
      const response = await t.scim('POST', '/Users', {
        body: {
          schemas: [URN.user],
          userName: 'bjensen',
          name: { givenName: 'Barbara', familyName: 'Jensen' },
        },
      });
      expect(response.statusCode).toBe(201);
      const body = bodyOf(response) as { id: string; meta: { version: string; created: string } };
      expect(body).toEqual({
        schemas: [URN.user],
        id: expect.any(String),
        userName: 'bjensen',
        name: { givenName: 'Barbara', familyName: 'Jensen' },
        meta: {
          resourceType: 'User',
          created: expect.stringMatching(INSTANT),
          lastModified: body.meta.created,
          location: `${USERS_URL}/${body.id}`,
          version: expect.stringMatching(WEAK_ETAG),
        },
      });
      expect(response.headers['content-type']).toBe(SCIM_JSON);
      expect(response.headers.location).toBe(`${USERS_URL}/${body.id}`);
      expect(response.headers.etag).toBe(body.meta.version);
    });

    it('accepts a body without schemas and answers with the User schema', async () => {
      const response = await t.scim('POST', '/Users', { body: { userName: 'no-schemas' } });
      expect(response.statusCode).toBe(201);
      expect(bodyOf(response)).toMatchObject({ schemas: [URN.user], userName: 'no-schemas' });
    });

    it('round-trips the RFC 7643 §8.3 enterprise User, dropping readOnly and never-returned values', async () => {
      const response = await t.scim('POST', '/Users', { body: enterpriseUserExample });
      expect(response.statusCode, response.body).toBe(201);
      const created = bodyOf(response) as { id: string; meta: Record<string, string> };
      const {
        id: _id,
        meta: _meta,
        password: _password,
        groups: _groups,
        ...writable
      } = enterpriseUserExample;
      const { displayName: _managerDisplayName, ...manager } = writable[URN.enterpriseUser].manager;
      const expected = {
        ...writable,
        id: created.id,
        [URN.enterpriseUser]: { ...writable[URN.enterpriseUser], manager },
        meta: {
          resourceType: 'User',
          created: expect.stringMatching(INSTANT),
          lastModified: created.meta.created,
          location: `${USERS_URL}/${created.id}`,
          version: created.meta.version,
        },
      };
      expect(created).toEqual(expected);
      expect(created.id).not.toBe(enterpriseUserExample.id);
      const read = await t.scim('GET', `/Users/${created.id}`);
      expect(read.statusCode).toBe(200);
      expect(bodyOf(read)).toEqual(expected);
    });

    it('never returns the password, not even when it is asked for', async () => {
      const created = await createUser({ userName: 'secretive', password: 'Passw0rd!' });
      expect(created).not.toHaveProperty('password');
      for (const query of ['', '?attributes=password', '?attributes=userName,password']) {
        const read = await t.scim('GET', `/Users/${created.id}${query}`);
        expect(read.statusCode).toBe(200);
        expect(bodyOf(read)).not.toHaveProperty('password');
      }
    });

    it('stores the password only as a hash, never as the plain text', async () => {
      const created = await createUser({ userName: 'hashed', password: 'Plain-Text-1' });
      const record = await t.store.forTenant('acme').getResource('User', created.id);
      expect(record?.attributes.password).toEqual(expect.any(String));
      expect(record?.attributes.password).not.toContain('Plain-Text-1');
    });

    it('stores a reference such as manager.value as given, without resolving it', async () => {
      const created = await createUser({
        userName: 'managed',
        [URN.enterpriseUser]: { employeeNumber: '1234A', manager: { value: 'Taylor' } },
      });
      expect(created[URN.enterpriseUser]).toEqual({
        employeeNumber: '1234A',
        manager: { value: 'Taylor' },
      });
    });

    it('ignores readOnly id and meta sent by the client', async () => {
      const before = new Date().toISOString();
      const created = await createUser({
        userName: 'readonly-input',
        id: 'client-chosen-id',
        meta: { resourceType: 'Group', created: '2001-01-01T00:00:00Z', version: 'W/"client"' },
      });
      expect(created.id).not.toBe('client-chosen-id');
      expect(created.meta).toMatchObject({
        resourceType: 'User',
        location: `${USERS_URL}/${created.id}`,
      });
      expect(created.meta.created >= before).toBe(true);
      expect(created.meta.version).not.toBe('W/"client"');
    });

    it('returns 409 uniqueness when the userName differs from a taken one only in case', async () => {
      await createUser({ userName: 'Alice.Example' });
      const response = await t.scim('POST', '/Users', { body: { userName: 'alice.example' } });
      expectScimError(response, 409, 'uniqueness', expect.stringContaining('alice.example'));
    });

    it('accepts a userName that another tenant already uses', async () => {
      await createUser({ userName: 'shared.name' });
      const other = await createUser({ userName: 'shared.name' }, 'globex');
      expect(other).toMatchObject({ userName: 'shared.name' });
    });

    it.each([
      ['active is a string', { userName: 'typed-1', active: 'yes' }, 'active'],
      ['userName is a number', { userName: 5 }, 'userName'],
      ['name is a string', { userName: 'typed-2', name: 'Barbara' }, 'name'],
      ['emails holds a number', { userName: 'typed-3', emails: [{ value: 7 }] }, 'emails'],
    ])('returns 400 invalidValue when %s', async (_case, body, attribute) => {
      const response = await t.scim('POST', '/Users', { body });
      expectScimError(response, 400, 'invalidValue', expect.stringContaining(attribute));
    });

    it('returns 400 invalidValue when userName is missing', async () => {
      const response = await t.scim('POST', '/Users', {
        body: { schemas: [URN.user], displayName: 'Nameless' },
      });
      expectScimError(response, 400, 'invalidValue', expect.stringContaining('userName'));
    });

    it('returns 400 when schemas names a schema the endpoint does not serve', async () => {
      const response = await t.scim('POST', '/Users', {
        body: {
          schemas: [URN.user, 'urn:example:params:scim:schemas:extension:unknown:2.0:User'],
          userName: 'u1',
        },
      });
      expectScimError(response, 400, 'invalidValue', expect.stringContaining('urn:example'));
      const asGroup = await t.scim('POST', '/Users', {
        body: { schemas: [URN.group], userName: 'u2' },
      });
      expectScimError(asGroup, 400, 'invalidValue', expect.stringContaining(URN.group));
    });

    it('honours attributes on the response to a create', async () => {
      const response = await t.scim('POST', '/Users?attributes=userName', {
        body: { userName: 'projected-create', displayName: 'Hidden' },
      });
      expect(response.statusCode).toBe(201);
      expect(bodyOf(response)).toEqual({
        schemas: [URN.user],
        id: expect.any(String),
        userName: 'projected-create',
      });
    });
  });

  describe('GET /Users/{id}', () => {
    it('returns the resource with Location and ETag headers', async () => {
      const created = await createUser({ userName: 'reader', displayName: 'Reader' });
      const response = await t.scim('GET', `/Users/${created.id}`);
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe(SCIM_JSON);
      expect(response.headers.location).toBe(`${USERS_URL}/${created.id}`);
      expect(response.headers.etag).toBe(created.meta.version);
      expect(bodyOf(response)).toEqual(created);
    });

    it('returns 404 with a SCIM body for an unknown id', async () => {
      const response = await t.scim('GET', '/Users/00000000-0000-7000-8000-000000000000');
      expectScimError(
        response,
        404,
        undefined,
        expect.stringContaining('00000000-0000-7000-8000-000000000000'),
      );
    });

    it('returns 304 without a body when If-None-Match names the current version', async () => {
      const created = await createUser({ userName: 'cached' });
      const response = await t.scim('GET', `/Users/${created.id}`, {
        headers: { 'if-none-match': created.meta.version },
      });
      expect(response.statusCode).toBe(304);
      expect(response.body).toBe('');
      expect(response.headers.etag).toBe(created.meta.version);
      const stale = await t.scim('GET', `/Users/${created.id}`, {
        headers: { 'if-none-match': 'W/"stale"' },
      });
      expect(stale.statusCode).toBe(200);
    });

    it('returns only id, schemas and the named attributes when attributes is given', async () => {
      const created = await createUser({
        userName: 'projected',
        displayName: 'Projected',
        name: { givenName: 'Pro', familyName: 'Jected' },
        [URN.enterpriseUser]: { employeeNumber: '42', department: 'Ops' },
      });
      const byName = await t.scim('GET', `/Users/${created.id}?attributes=userName,name.givenName`);
      expect(bodyOf(byName)).toEqual({
        schemas: expect.arrayContaining([URN.user]),
        id: created.id,
        userName: 'projected',
        name: { givenName: 'Pro' },
      });
      const extension = await t.scim(
        'GET',
        `/Users/${created.id}?attributes=${URN.enterpriseUser}:employeeNumber`,
      );
      expect(bodyOf(extension)).toEqual({
        schemas: expect.arrayContaining([URN.user]),
        id: created.id,
        [URN.enterpriseUser]: { employeeNumber: '42' },
      });
    });

    it('leaves out excludedAttributes but keeps always-returned id', async () => {
      const created = await createUser({
        userName: 'excluded',
        displayName: 'Excluded',
        emails: [{ value: 'e@x.test' }],
      });
      const response = await t.scim(
        'GET',
        `/Users/${created.id}?excludedAttributes=emails,displayName,id`,
      );
      expect(response.statusCode).toBe(200);
      const { displayName: _d, emails: _e, ...rest } = created as Record<string, unknown>;
      expect(bodyOf(response)).toEqual(rest);
    });
  });

  describe('GET /Users (list)', () => {
    it('pages with startIndex and count and reports totalResults, itemsPerPage and startIndex', async () => {
      for (let i = 0; i < 5; i++) await createUser({ userName: `pager-${i}` });
      const all = bodyOf(await t.scim('GET', '/Users?count=1000')) as {
        totalResults: number;
        Resources: { id: string }[];
      };
      expect(all.Resources).toHaveLength(all.totalResults);
      const page = await t.scim('GET', '/Users?startIndex=2&count=2');
      expect(page.statusCode).toBe(200);
      expect(page.headers['content-type']).toBe(SCIM_JSON);
      const body = bodyOf(page) as { Resources: { id: string }[] };
      expect(body).toEqual({
        schemas: [URN.listResponse],
        totalResults: all.totalResults,
        startIndex: 2,
        itemsPerPage: 2,
        Resources: [expect.anything(), expect.anything()],
      });
      expect(body.Resources.map((r) => r.id)).toEqual(all.Resources.slice(1, 3).map((r) => r.id));
    });

    it('answers count=0 with the total and no resources', async () => {
      const response = await t.scim('GET', '/Users?count=0');
      expect(bodyOf(response)).toEqual({
        schemas: [URN.listResponse],
        totalResults: expect.any(Number),
        startIndex: 1,
        itemsPerPage: 0,
        Resources: [],
      });
    });

    it('returns 400 invalidValue for a count that is not an integer', async () => {
      const response = await t.scim('GET', '/Users?count=ten');
      expectScimError(response, 400, 'invalidValue', expect.stringContaining('count'));
    });

    it('applies attributes to every listed resource', async () => {
      await createUser({ userName: 'listed-projection', displayName: 'Hidden' });
      const body = bodyOf(await t.scim('GET', '/Users?attributes=userName&count=1000')) as {
        Resources: Record<string, unknown>[];
      };
      for (const resource of body.Resources)
        expect(Object.keys(resource).sort()).toEqual(['id', 'schemas', 'userName']);
    });

    it('never lists another tenant’s users', async () => {
      await createUser({ userName: 'globex-only' }, 'globex');
      const body = bodyOf(await t.scim('GET', '/Users?count=1000')) as {
        Resources: { userName: string }[];
      };
      expect(body.Resources.map((r) => r.userName)).not.toContain('globex-only');
    });
  });

  describe('PUT /Users/{id}', () => {
    it('replaces the resource: omitted attributes are cleared, created kept, version changed', async () => {
      const created = await createUser({
        userName: 'replace-me',
        displayName: 'Before',
        nickName: 'B',
        emails: [{ value: 'before@x.test', type: 'work' }],
      });
      const response = await t.scim('PUT', `/Users/${created.id}`, {
        body: { schemas: [URN.user], userName: 'replace-me', name: { givenName: 'After' } },
      });
      expect(response.statusCode).toBe(200);
      const body = bodyOf(response) as { meta: { version: string; lastModified: string } };
      expect(body).toEqual({
        schemas: [URN.user],
        id: created.id,
        userName: 'replace-me',
        name: { givenName: 'After' },
        meta: {
          resourceType: 'User',
          created: created.meta.created,
          lastModified: expect.stringMatching(INSTANT),
          location: `${USERS_URL}/${created.id}`,
          version: expect.stringMatching(WEAK_ETAG),
        },
      });
      expect(body.meta.version).not.toBe(created.meta.version);
      expect(body.meta.lastModified >= created.meta.lastModified).toBe(true);
      expect(response.headers.etag).toBe(body.meta.version);
      expect(response.headers.location).toBe(`${USERS_URL}/${created.id}`);
      expect(bodyOf(await t.scim('GET', `/Users/${created.id}`))).toEqual(body);
    });

    it('returns 412 when If-Match does not name the current version, and applies when it does', async () => {
      const created = await createUser({ userName: 'guarded' });
      const stale = await t.scim('PUT', `/Users/${created.id}`, {
        body: { userName: 'guarded', displayName: 'Changed' },
        headers: { 'if-match': 'W/"stale"' },
      });
      expectScimError(stale, 412);
      const fresh = await t.scim('PUT', `/Users/${created.id}`, {
        body: { userName: 'guarded', displayName: 'Changed' },
        headers: { 'if-match': created.meta.version },
      });
      expect(fresh.statusCode).toBe(200);
      expect(bodyOf(fresh)).toMatchObject({ displayName: 'Changed' });
    });

    it('returns 409 uniqueness when renaming onto a taken userName', async () => {
      await createUser({ userName: 'taken-by-put' });
      const other = await createUser({ userName: 'renamer' });
      const response = await t.scim('PUT', `/Users/${other.id}`, {
        body: { userName: 'TAKEN-BY-PUT' },
      });
      expectScimError(response, 409, 'uniqueness', expect.any(String));
    });

    it('returns 404 for an unknown id', async () => {
      const response = await t.scim('PUT', '/Users/00000000-0000-7000-8000-000000000000', {
        body: { userName: 'ghost' },
      });
      expectScimError(response, 404);
    });

    it('returns 400 invalidValue for a value of the wrong type', async () => {
      const created = await createUser({ userName: 'typed-put' });
      const response = await t.scim('PUT', `/Users/${created.id}`, {
        body: { userName: 'typed-put', active: 'yes' },
      });
      expectScimError(response, 400, 'invalidValue', expect.stringContaining('active'));
    });
  });

  describe('DELETE /Users/{id}', () => {
    it('returns 204 and the user is gone afterwards', async () => {
      const created = await createUser({ userName: 'doomed' });
      const response = await t.scim('DELETE', `/Users/${created.id}`);
      expect(response.statusCode).toBe(204);
      expect(response.body).toBe('');
      expectScimError(await t.scim('GET', `/Users/${created.id}`), 404);
      expectScimError(await t.scim('DELETE', `/Users/${created.id}`), 404);
    });

    it('returns 412 when If-Match does not name the current version and keeps the user', async () => {
      const created = await createUser({ userName: 'guarded-delete' });
      const response = await t.scim('DELETE', `/Users/${created.id}`, {
        headers: { 'if-match': 'W/"stale"' },
      });
      expectScimError(response, 412);
      expect((await t.scim('GET', `/Users/${created.id}`)).statusCode).toBe(200);
    });

    it('frees the userName for a new user', async () => {
      const created = await createUser({ userName: 'recycled' });
      await t.scim('DELETE', `/Users/${created.id}`);
      await createUser({ userName: 'recycled' });
    });
  });
});
