import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { URN } from '../../src/scim/urns.js';
import { testDatabaseNames } from '../support/databases.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { bodyOf, expectScimError } from './scim-expectations.js';

type Resource = { id: string; meta: { version: string } } & Record<string, unknown>;
type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
interface Attack {
  name: string;
  method: Method;
  path: string;
  body?: unknown;
  /** Status codes that mean "refused or nothing found". */
  expect: number[];
  /** For list and search answers: how many Resources may come back (all of them globex's). */
  results?: number;
}

const ENTERPRISE = URN.enterpriseUser;
const patch = (...operations: unknown[]) => ({ schemas: [URN.patchOp], Operations: operations });

/**
 * Tenant isolation: acme is the victim, globex the caller. Every endpoint and method, every
 * filter on `id`, `members.value` and `manager.value`, and every Bulk operation and `bulkId` that
 * names acme's resources must find nothing, change nothing, and echo nothing of acme.
 */
describe.each(testDatabaseNames)('tenant isolation over %s', (database) => {
  let t: TestApp;
  const acme: Record<string, Resource> = {};
  const globex: Record<string, Resource> = {};
  /** Facts only acme's data holds: no globex answer may contain one the request did not carry. */
  let acmeFacts: string[] = [];
  let snapshot: Map<string, unknown>;

  const create = async (tenant: string, type: 'Users' | 'Groups', body: object) => {
    const response = await t.scim('POST', `/${type}`, { tenant, body });
    expect(response.statusCode).toBe(201);
    return bodyOf(response) as Resource;
  };

  const snapshotAcme = async () => {
    const state = new Map<string, unknown>();
    for (const type of ['Users', 'Groups']) {
      const list = bodyOf(await t.scim('GET', `/${type}?count=1000`, { tenant: 'acme' }));
      state.set(`${type} total`, list.totalResults);
      for (const resource of list.Resources as Resource[]) state.set(resource.id, resource);
    }
    return state;
  };

  beforeAll(async () => {
    t = await createTestApp(database);
    acme.manager = await create('acme', 'Users', {
      userName: 'acme.secret.manager',
      externalId: 'acme-ext-manager',
    });
    acme.user = await create('acme', 'Users', {
      schemas: [URN.user, ENTERPRISE],
      userName: 'acme.secret.user',
      externalId: 'acme-ext-user',
      name: { familyName: 'Acmeson-Secret', givenName: 'Ada' },
      emails: [{ value: 'ada@acme-secret.example', type: 'work' }],
      [ENTERPRISE]: { employeeNumber: 'ACME-0042', manager: { value: acme.manager.id } },
    });
    acme.shared = await create('acme', 'Users', { userName: 'shared.name' });
    acme.group = await create('acme', 'Groups', {
      displayName: 'Acme Secret Group',
      members: [{ value: acme.user.id }],
    });
    acme.outer = await create('acme', 'Groups', {
      displayName: 'Acme Secret Outer',
      members: [{ value: acme.group.id }, { value: acme.manager.id }],
    });
    globex.user = await create('globex', 'Users', { userName: 'globex.user' });
    globex.group = await create('globex', 'Groups', {
      displayName: 'Globex Group',
      members: [{ value: globex.user.id }],
    });
    acmeFacts = [
      ...Object.values(acme).map((r) => r.id),
      'acme.secret.manager',
      'acme.secret.user',
      'acme-ext-user',
      'acme-ext-manager',
      'Acmeson-Secret',
      'ada@acme-secret.example',
      'ACME-0042',
      'Acme Secret Group',
      'Acme Secret Outer',
    ];
    snapshot = await snapshotAcme();
  });
  afterAll(async () => {
    await t?.close();
  });

  const expectNoAcmeFacts = (response: LightMyRequestResponse, request: unknown) => {
    const sent = JSON.stringify(request ?? '');
    for (const fact of acmeFacts) {
      if (!sent.includes(fact)) expect(response.body).not.toContain(fact);
    }
  };

  const filterAttacks = (): Attack[] => {
    const list = (name: string, type: string, filter: string, results = 0): Attack => ({
      name,
      method: 'GET',
      path: `/${type}?filter=${encodeURIComponent(filter)}`,
      expect: [200],
      results,
    });
    // The core schema has no `manager`: Roster may resolve the short name or refuse it as invalidFilter.
    const unqualified = (attack: Attack): Attack => ({ ...attack, expect: [200, 400] });
    const search = (name: string, path: string, filter: string, results = 0): Attack => ({
      name,
      method: 'POST',
      path,
      body: { schemas: [URN.searchRequest], filter },
      expect: [200],
      results,
    });
    const { user, manager, group, outer } = acme as Record<string, Resource>;
    return [
      list('filter id eq an acme user', 'Users', `id eq "${user!.id}"`),
      list('filter id eq an acme group', 'Groups', `id eq "${group!.id}"`),
      list(
        'filter id eq acme or globex',
        'Users',
        `id eq "${user!.id}" or id eq "${globex.user!.id}"`,
        1,
      ),
      list('filter id pr', 'Users', 'id pr', 1),
      list('filter members.value eq an acme user', 'Groups', `members.value eq "${user!.id}"`),
      list('filter members[value eq acme group]', 'Groups', `members[value eq "${group!.id}"]`),
      list('filter members.value pr', 'Groups', 'members.value pr', 1),
      unqualified(
        list(
          'filter manager.value eq an acme manager',
          'Users',
          `manager.value eq "${manager!.id}"`,
        ),
      ),
      list(
        'filter enterprise manager.value eq an acme manager',
        'Users',
        `${ENTERPRISE}:manager.value eq "${manager!.id}"`,
      ),
      unqualified(list('filter manager.value pr', 'Users', 'manager.value pr')),
      list('filter enterprise manager.value pr', 'Users', `${ENTERPRISE}:manager.value pr`),
      list('filter userName eq an acme userName', 'Users', 'userName eq "acme.secret.user"'),
      list('filter externalId eq an acme externalId', 'Users', 'externalId eq "acme-ext-user"'),
      list('filter displayName sw Acme', 'Groups', 'displayName sw "Acme"'),
      list('filter groups.value eq an acme group', 'Users', `groups.value eq "${outer!.id}"`),
      search('search Users by acme id', '/Users/.search', `id eq "${user!.id}"`),
      search('search Groups by acme member', '/Groups/.search', `members.value eq "${user!.id}"`),
      search('root search by acme id', '/.search', `id eq "${group!.id}" or id eq "${user!.id}"`),
      search(
        'root search by acme manager',
        '/.search',
        `${ENTERPRISE}:manager.value eq "${manager!.id}"`,
      ),
    ];
  };

  const resourceAttacks = (): Attack[] => {
    const { user, group, manager } = acme as Record<string, Resource>;
    const gGroup = globex.group!.id;
    return [
      { name: 'GET an acme user', method: 'GET', path: `/Users/${user!.id}`, expect: [404] },
      {
        name: 'GET an acme group as a user',
        method: 'GET',
        path: `/Users/${group!.id}`,
        expect: [404],
      },
      { name: 'GET an acme group', method: 'GET', path: `/Groups/${group!.id}`, expect: [404] },
      {
        name: 'PUT an acme user',
        method: 'PUT',
        path: `/Users/${user!.id}`,
        body: { userName: 'hijacked' },
        expect: [404],
      },
      {
        name: 'PATCH an acme user',
        method: 'PATCH',
        path: `/Users/${user!.id}`,
        body: patch({ op: 'replace', path: 'active', value: false }),
        expect: [404],
      },
      { name: 'DELETE an acme user', method: 'DELETE', path: `/Users/${user!.id}`, expect: [404] },
      {
        name: 'PUT an acme group',
        method: 'PUT',
        path: `/Groups/${group!.id}`,
        body: { displayName: 'hijacked', members: [{ value: globex.user!.id }] },
        expect: [404],
      },
      {
        name: 'PATCH members into an acme group',
        method: 'PATCH',
        path: `/Groups/${group!.id}`,
        body: patch({ op: 'add', path: 'members', value: [{ value: globex.user!.id }] }),
        expect: [404],
      },
      {
        name: 'PATCH remove a member of an acme group',
        method: 'PATCH',
        path: `/Groups/${group!.id}`,
        body: patch({ op: 'remove', path: `members[value eq "${user!.id}"]` }),
        expect: [404],
      },
      {
        name: 'DELETE an acme group',
        method: 'DELETE',
        path: `/Groups/${group!.id}`,
        expect: [404],
      },
      {
        name: 'POST a group with an acme member',
        method: 'POST',
        path: '/Groups',
        body: { displayName: 'Poached', members: [{ value: user!.id }] },
        expect: [400],
      },
      {
        name: 'PATCH an acme user into a globex group',
        method: 'PATCH',
        path: `/Groups/${gGroup}`,
        body: patch({ op: 'add', path: 'members', value: [{ value: user!.id }] }),
        expect: [400],
      },
      {
        name: 'PATCH replace globex members with an acme group',
        method: 'PATCH',
        path: `/Groups/${gGroup}`,
        body: patch({ op: 'replace', path: 'members', value: [{ value: group!.id }] }),
        expect: [400],
      },
      {
        name: 'PATCH remove an acme member from a globex group',
        method: 'PATCH',
        path: `/Groups/${gGroup}`,
        body: patch({ op: 'remove', path: `members[value eq "${manager!.id}"]` }),
        expect: [400, 200, 204],
      },
      {
        name: 'PUT a globex group with an acme member',
        method: 'PUT',
        path: `/Groups/${gGroup}`,
        body: { displayName: 'Globex Group', members: [{ value: manager!.id }] },
        expect: [400],
      },
    ];
  };

  const bulkOperations = () => {
    const { user, group, manager } = acme as Record<string, Resource>;
    return [
      { method: 'PUT', path: `/Users/${user!.id}`, data: { userName: 'hijacked' } },
      {
        method: 'PATCH',
        path: `/Users/${user!.id}`,
        data: patch({ op: 'replace', path: 'userName', value: 'hijacked' }),
      },
      { method: 'DELETE', path: `/Users/${manager!.id}` },
      {
        method: 'PATCH',
        path: `/Groups/${group!.id}`,
        data: patch({ op: 'add', path: 'members', value: [{ value: globex.user!.id }] }),
      },
      { method: 'DELETE', path: `/Groups/${group!.id}` },
      {
        method: 'POST',
        path: '/Groups',
        bulkId: 'poach',
        data: { displayName: 'Bulk Poached', members: [{ value: user!.id }] },
      },
      {
        method: 'PATCH',
        path: `/Groups/${globex.group!.id}`,
        data: patch({ op: 'add', path: 'members', value: [{ value: manager!.id }] }),
      },
      {
        method: 'POST',
        path: '/Groups',
        bulkId: 'dangling',
        data: { displayName: 'Bulk Dangling', members: [{ value: 'bulkId:acmeOnly' }] },
      },
    ];
  };

  it('refuses every resource request naming acme ids', async () => {
    for (const attack of resourceAttacks()) {
      const response = await t.scim(attack.method, attack.path, {
        tenant: 'globex',
        ...(attack.body !== undefined ? { body: attack.body } : {}),
      });
      expect({ attack: attack.name, status: response.statusCode }).toEqual({
        attack: attack.name,
        status: expect.toSatisfy((s: number) => attack.expect.includes(s)),
      });
      expectNoAcmeFacts(response, [attack.path, attack.body]);
    }
  });

  it('finds nothing of acme through any filter on id, members.value or manager.value', async () => {
    for (const attack of filterAttacks()) {
      const response = await t.scim(attack.method, attack.path, {
        tenant: 'globex',
        ...(attack.body !== undefined ? { body: attack.body } : {}),
      });
      const body = bodyOf(response);
      if (response.statusCode === 400 && attack.expect.includes(400)) {
        expectScimError(response, 400, 'invalidFilter');
        continue;
      }
      expect({
        attack: attack.name,
        status: response.statusCode,
        total: body.totalResults,
      }).toEqual({ attack: attack.name, status: 200, total: attack.results });
      for (const resource of (body.Resources ?? []) as Resource[]) {
        expect([globex.user!.id, globex.group!.id]).toContain(resource.id);
      }
      expectNoAcmeFacts(response, [attack.path, attack.body]);
    }
  });

  it('fails every Bulk operation that names acme ids or an unresolved bulkId', async () => {
    const operations = bulkOperations();
    const response = await t.scim('POST', '/Bulk', {
      tenant: 'globex',
      body: { schemas: [URN.bulkRequest], Operations: operations },
    });
    expect(response.statusCode).toBe(200);
    const results = bodyOf(response).Operations as { status: string; location?: string }[];
    expect(results).toHaveLength(operations.length);
    for (const [index, result] of results.entries()) {
      expect({ index, status: result.status }).toEqual({
        index,
        status: expect.stringMatching(/^4\d\d$/),
      });
      expect(result.location ?? '').not.toContain('/tenants/acme/');
    }
    expectNoAcmeFacts(response, operations);
  });

  it('resolves concurrent bulkIds of the same name only within their own tenant', async () => {
    const request = (tenant: string) => ({
      schemas: [URN.bulkRequest],
      Operations: [
        {
          method: 'POST',
          path: '/Users',
          bulkId: 'person',
          data: { userName: `${tenant}.bulk.person` },
        },
        {
          method: 'POST',
          path: '/Groups',
          bulkId: 'team',
          data: { displayName: `${tenant} bulk team`, members: [{ value: 'bulkId:person' }] },
        },
      ],
    });
    const [acmeBulk, globexBulk] = await Promise.all([
      t.scim('POST', '/Bulk', { tenant: 'acme', body: request('acme') }),
      t.scim('POST', '/Bulk', { tenant: 'globex', body: request('globex') }),
    ]);
    for (const [tenant, response] of [
      ['acme', acmeBulk],
      ['globex', globexBulk],
    ] as const) {
      const [person, team] = bodyOf(response).Operations as { status: string; location: string }[];
      expect([person?.status, team?.status]).toEqual(['201', '201']);
      const personId = person!.location.split('/').at(-1);
      const group = bodyOf(
        await t.scim('GET', `/Groups/${team!.location.split('/').at(-1)}`, { tenant }),
      );
      expect((group.members as { value: string }[]).map((m) => m.value)).toEqual([personId]);
      expect(person!.location).toContain(`/tenants/${tenant}/`);
    }
    const acmeTeam = (bodyOf(acmeBulk).Operations as { location: string }[])[1]!.location;
    expectScimError(
      await t.scim('GET', `/Groups/${acmeTeam.split('/').at(-1)}`, { tenant: 'globex' }),
      404,
    );
    for (const op of bodyOf(acmeBulk).Operations as { location: string }[]) {
      await t.scim('DELETE', op.location.replace(/^.*\/scim\/v2/, ''), { tenant: 'acme' });
    }
  });

  it('lets globex use a userName acme already has, without revealing it exists', async () => {
    const response = await t.scim('POST', '/Users', {
      tenant: 'globex',
      body: { userName: 'shared.name' },
    });
    expect(response.statusCode).toBe(201);
    expect(bodyOf(response).id).not.toBe(acme.shared!.id);
  });

  it('ignores an acme id sent as the id of a new globex user', async () => {
    const response = await t.scim('POST', '/Users', {
      tenant: 'globex',
      body: { id: acme.user!.id, userName: 'id.smuggler' },
    });
    if (response.statusCode === 201) expect(bodyOf(response).id).not.toBe(acme.user!.id);
    else expect(response.statusCode).toBe(400);
  });

  it.each([
    ['GET', '/Users'],
    ['POST', '/Users'],
    ['GET', '/Users/x'],
    ['PUT', '/Users/x'],
    ['PATCH', '/Users/x'],
    ['DELETE', '/Users/x'],
    ['GET', '/Groups'],
    ['POST', '/Groups'],
    ['GET', '/Groups/x'],
    ['PUT', '/Groups/x'],
    ['PATCH', '/Groups/x'],
    ['DELETE', '/Groups/x'],
    ['POST', '/Users/.search'],
    ['POST', '/Groups/.search'],
    ['POST', '/.search'],
    ['POST', '/Bulk'],
    ['GET', '/ServiceProviderConfig'],
    ['GET', '/ResourceTypes'],
    ['GET', '/Schemas'],
    ['GET', '/Me'],
  ] as const)('returns 403 for %s %s on an acme path with a globex token', async (method, path) => {
    const withBody = method === 'POST' || method === 'PUT' || method === 'PATCH';
    const response = await t.scim(method, path, {
      tenant: 'acme',
      token: await t.token('globex'),
      ...(withBody ? { body: { schemas: [URN.bulkRequest], Operations: [] } } : {}),
    });
    expectScimError(response, 403, undefined, 'the token is not valid for this tenant');
  });

  it('leaves every acme resource, membership and version exactly as it was', async () => {
    const after = await snapshotAcme();
    for (const [key, value] of snapshot) expect(after.get(key)).toEqual(value);
    expect(after.size).toBe(snapshot.size);
    const group = bodyOf(await t.scim('GET', `/Groups/${acme.group!.id}`, { tenant: 'acme' }));
    expect((group.members as { value: string }[]).map((m) => m.value)).toEqual([acme.user!.id]);
  });
});
