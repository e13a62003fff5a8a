import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { URN } from '../../src/scim/urns.js';
import { testDatabaseNames } from '../support/databases.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { bodyOf, expectScimError, SCIM_JSON } from './scim-expectations.js';

type Named = 'A' | 'B' | 'C' | 'D' | 'E';

interface ListBody {
  schemas: string[];
  totalResults: number;
  startIndex?: number;
  itemsPerPage: number;
  Resources: { id: string; [key: string]: unknown }[];
  nextCursor?: string;
  previousCursor?: string;
}

const listOf = (response: LightMyRequestResponse): ListBody => {
  expect(response.statusCode, response.body).toBe(200);
  expect(response.headers['content-type']).toBe(SCIM_JSON);
  return bodyOf(response) as unknown as ListBody;
};

const query = (filter: string, extra = '') => `?filter=${encodeURIComponent(filter)}${extra}`;

describe.each(testDatabaseNames)('filtering, sorting and pagination over %s', (database) => {
  let t: TestApp;
  const ids: Record<string, string> = {};
  const nameOf = new Map<string, string>();

  const create = async (path: string, key: string, body: Record<string, unknown>) => {
    const response = await t.scim('POST', path, { body });
    expect(response.statusCode, response.body).toBe(201);
    const id = (bodyOf(response) as { id: string }).id;
    ids[key] = id;
    nameOf.set(id, key);
    return id;
  };

  /** The seed names of a list's resources, in response order. */
  const names = (body: ListBody) => body.Resources.map((r) => nameOf.get(r.id) ?? r.id);

  const users = async (q: string) => names(listOf(await t.scim('GET', `/Users${q}`)));

  beforeAll(async () => {
    t = await createTestApp(database);
    await create('/Users', 'A', {
      userName: 'bjensen',
      externalId: 'ext-bjensen',
      name: { familyName: 'Jensen', givenName: 'Barbara' },
      title: 'Tour Guide',
      userType: 'Employee',
      active: true,
      emails: [
        { value: 'bjensen@example.com', type: 'work', primary: true },
        { value: 'babs@jensen.org', type: 'home' },
      ],
    });
    await create('/Users', 'B', {
      userName: 'JSmith',
      name: { familyName: "O'Malley", givenName: 'alice' },
      userType: 'Intern',
      active: false,
      emails: [{ value: 'jsmith@example.org', type: 'work' }],
    });
    await create('/Users', 'C', {
      schemas: [URN.user, URN.enterpriseUser],
      userName: 'john',
      name: { familyName: 'Doe', givenName: 'Carl' },
      title: '',
      userType: 'Contractor',
      emails: [{ value: 'john@example.net', type: 'home' }],
      ims: [{ value: 'john@foo.com', type: 'xmpp' }],
      [URN.enterpriseUser]: { employeeNumber: '701984', manager: { value: ids['A'] } },
    });
    await create('/Users', 'D', {
      schemas: [URN.user, URN.enterpriseUser],
      userName: 'Jane',
      title: 'Engineer',
      userType: 'Intern',
      emails: [
        { value: 'jane@example.com', type: 'home' },
        { value: 'alpha@work.example.org', type: 'work', primary: true },
      ],
      [URN.enterpriseUser]: { employeeNumber: '42' },
    });
    await create('/Users', 'E', {
      userName: 'mallory',
      title: 'Manager',
      userType: 'Employee',
      emails: [
        { value: 'm@example.com', type: 'home' },
        { value: 'mallory@evil.org', type: 'work' },
      ],
    });
    await create('/Groups', 'G1', {
      displayName: 'Tour Guides',
      externalId: 'ext-guides',
      members: [{ value: ids['A'] }, { value: ids['B'] }],
    });
    await create('/Groups', 'G2', {
      displayName: 'Employees',
      members: [{ value: ids['A'] }, { value: ids['E'] }],
    });
    await create('/Groups', 'G3', { displayName: 'Empty' });
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('every filter example of RFC 7644 §3.4.2.2', () => {
    const examples: [string, Named[]][] = [
      ['userName eq "bjensen"', ['A']],
      [`name.familyName co "O'Malley"`, ['B']],
      ['userName sw "J"', ['B', 'C', 'D']],
      ['urn:ietf:params:scim:schemas:core:2.0:User:userName sw "J"', ['B', 'C', 'D']],
      ['title pr', ['A', 'D', 'E']],
      ['meta.lastModified gt "2011-05-13T04:42:34Z"', ['A', 'B', 'C', 'D', 'E']],
      ['meta.lastModified ge "2011-05-13T04:42:34Z"', ['A', 'B', 'C', 'D', 'E']],
      ['meta.lastModified lt "2011-05-13T04:42:34Z"', []],
      ['meta.lastModified le "2011-05-13T04:42:34Z"', []],
      ['title pr and userType eq "Employee"', ['A', 'E']],
      ['title pr or userType eq "Intern"', ['A', 'B', 'D', 'E']],
      ['schemas eq "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"', ['C', 'D']],
      [
        'userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")',
        ['A', 'E'],
      ],
      [
        'userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")',
        ['C'],
      ],
      ['userType eq "Employee" and (emails.type eq "work")', ['A', 'E']],
      ['userType eq "Employee" and emails[type eq "work" and value co "@example.com"]', ['A']],
      [
        'emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"]',
        ['A', 'C'],
      ],
      ['userName Eq "john"', ['C']],
      ['Username eq "john"', ['C']],
    ];
    it.each(examples)('GET /Users?filter=%s returns exactly %j', async (filter, expected) => {
      expect(await users(query(filter))).toEqual(expected);
    });

    it('matches URN-qualified enterprise attributes and sub-attributes', async () => {
      const enterprise = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
      expect(await users(query(`${enterprise}:employeeNumber eq "701984"`))).toEqual(['C']);
      expect(await users(query(`${enterprise}:manager.value eq "${ids['A']}"`))).toEqual(['C']);
    });

    it('reads unquoted bare words and keywords in any case', async () => {
      expect(await users(query('emails[TYPE EQ work AND value co "@example.com"]'))).toEqual(['A']);
      expect(await users(query('NOT (userType eq "Employee") AND title PR'))).toEqual(['D']);
    });
  });

  describe('identity provider lookups', () => {
    it("answers Okta's userName eq lookup with startIndex=1&count=100 as a full ListResponse", async () => {
      const body = listOf(
        await t.scim('GET', `/Users${query('userName eq "bjensen"', '&startIndex=1&count=100')}`),
      );
      expect(body).toEqual({
        schemas: [URN.listResponse],
        totalResults: 1,
        startIndex: 1,
        itemsPerPage: 1,
        Resources: [expect.objectContaining({ id: ids['A'], userName: 'bjensen' })],
      });
    });

    it("answers Entra's userName, externalId and Group displayName lookups", async () => {
      expect(await users(query('userName eq "BJENSEN"'))).toEqual(['A']);
      expect(await users(query('externalId eq "ext-bjensen"'))).toEqual(['A']);
      const groups = listOf(await t.scim('GET', `/Groups${query('displayName eq "tour guides"')}`));
      expect(names(groups)).toEqual(['G1']);
    });

    it('returns 200 with an empty list for a probe with a random id', async () => {
      const body = listOf(await t.scim('GET', `/Users${query(`id eq "${randomUUID()}"`)}`));
      expect(body).toEqual({
        schemas: [URN.listResponse],
        totalResults: 0,
        startIndex: 1,
        itemsPerPage: 0,
        Resources: [],
      });
    });

    it('reads + in the query string as a space', async () => {
      expect(await users('?filter=userName+eq+%22bjensen%22')).toEqual(['A']);
    });
  });

  describe('group membership filters', () => {
    const groups = async (filter: string) =>
      names(listOf(await t.scim('GET', `/Groups${query(filter)}`)));

    it('selects groups by members.value eq and by members[value eq]', async () => {
      expect(await groups(`members.value eq "${ids['A']}"`)).toEqual(['G1', 'G2']);
      expect(await groups(`members[value eq "${ids['E']}"]`)).toEqual(['G2']);
      expect(await groups(`members.value eq "${ids['A']!.toUpperCase()}"`)).toEqual(['G1', 'G2']);
      expect(await groups('members pr')).toEqual(['G1', 'G2']);
      expect(await groups('not (members pr)')).toEqual(['G3']);
    });

    it('selects users by groups.value eq, groups.display and groups[...]', async () => {
      expect(await users(query(`groups.value eq "${ids['G2']}"`))).toEqual(['A', 'E']);
      expect(await users(query('groups.display eq "tour guides"'))).toEqual(['A', 'B']);
      expect(await users(query(`groups[value eq "${ids['G1']}" and display sw "Tour"]`))).toEqual([
        'A',
        'B',
      ]);
    });
  });

  describe('filter errors', () => {
    it('returns 400 invalidFilter quoting the position and what was expected', async () => {
      expectScimError(
        await t.scim('GET', `/Users${query('userName eq')}`),
        400,
        'invalidFilter',
        'at 11: expected a value (a JSON string, number, true, false or null) after "eq", found the end',
      );
      expectScimError(
        await t.scim('GET', `/Users${query('emails[type eq "work"')}`),
        400,
        'invalidFilter',
        expect.stringMatching(/^at 21: expected "and", "or" or "]"/),
      );
    });

    it('returns 400 invalidFilter naming an unknown attribute', async () => {
      expectScimError(
        await t.scim('GET', `/Users${query('nickname2 eq "x"')}`),
        400,
        'invalidFilter',
        expect.stringContaining('nickname2'),
      );
    });

    it('returns 400 sensitive for a password in a filter', async () => {
      expectScimError(
        await t.scim('GET', `/Users${query('password eq "secret"')}`),
        400,
        'sensitive',
      );
    });
  });

  describe('POST .search', () => {
    const search = (path: string, body: Record<string, unknown>) =>
      t.scim('POST', path, { body: { schemas: [URN.searchRequest], ...body } });

    it('searches /Users/.search and /Groups/.search with a SearchRequest', async () => {
      const found = listOf(
        await search('/Users/.search', {
          filter: 'userType eq "Employee"',
          attributes: ['userName'],
          sortBy: 'userName',
          sortOrder: 'descending',
        }),
      );
      expect(found).toEqual({
        schemas: [URN.listResponse],
        totalResults: 2,
        startIndex: 1,
        itemsPerPage: 2,
        Resources: [
          { schemas: [URN.user], id: ids['E'], userName: 'mallory' },
          { schemas: [URN.user], id: ids['A'], userName: 'bjensen' },
        ],
      });
      expect(
        names(listOf(await search('/Groups/.search', { filter: 'displayName sw "e"' }))),
      ).toEqual(['G2', 'G3']);
    });

    it('pages the root /.search across Users then Groups with exact counts', async () => {
      const page = listOf(await search('/.search', { startIndex: 4, count: 3 }));
      expect({ ...page, Resources: names(page) }).toEqual({
        schemas: [URN.listResponse],
        totalResults: 8,
        startIndex: 4,
        itemsPerPage: 3,
        Resources: ['D', 'E', 'G1'],
      });
      const tail = listOf(await search('/.search', { startIndex: 7, count: 10 }));
      expect([tail.totalResults, tail.itemsPerPage, names(tail)]).toEqual([8, 2, ['G2', 'G3']]);
      const groupsOnly = listOf(await search('/.search', { startIndex: 6, count: 1 }));
      expect(names(groupsOnly)).toEqual(['G1']);
      const counted = listOf(await search('/.search', { count: 0 }));
      expect([counted.totalResults, counted.itemsPerPage]).toEqual([8, 0]);
    });

    it('filters the root /.search per type, a type not defining the attribute contributing nothing', async () => {
      const page = listOf(await search('/.search', { filter: 'userName sw "j"' }));
      expect([page.totalResults, names(page)]).toEqual([3, ['B', 'C', 'D']]);
      const both = listOf(await search('/.search', { filter: 'externalId pr' }));
      expect(names(both)).toEqual(['A', 'G1']);
    });

    it('sorts the root /.search across types, resources without the value last', async () => {
      const page = listOf(await search('/.search', { sortBy: 'displayName' }));
      expect(names(page)).toEqual(['G2', 'G3', 'G1', 'A', 'B', 'C', 'D', 'E']);
      const window = listOf(
        await search('/.search', { sortBy: 'userName', startIndex: 5, count: 2 }),
      );
      expect([window.totalResults, window.startIndex, names(window)]).toEqual([8, 5, ['E', 'G1']]);
    });

    it('rejects a cursor on the root /.search with 400 invalidValue', async () => {
      expectScimError(await search('/.search', { cursor: '' }), 400, 'invalidValue');
    });
  });

  describe('sortBy and sortOrder', () => {
    it.each([
      ['userName', 'ascending', ['A', 'D', 'C', 'B', 'E']],
      ['userName', 'descending', ['E', 'B', 'C', 'D', 'A']],
      ['name.familyName', 'ascending', ['C', 'A', 'B', 'D', 'E']],
      ['name.familyName', 'descending', ['B', 'A', 'C', 'D', 'E']],
      ['name.givenName', 'ascending', ['B', 'A', 'C', 'D', 'E']],
      ['emails', 'ascending', ['D', 'A', 'C', 'B', 'E']],
      ['emails.value', 'descending', ['E', 'B', 'C', 'A', 'D']],
      ['emails.type', 'ascending', ['C', 'E', 'A', 'B', 'D']],
      ['title', 'ascending', ['C', 'D', 'E', 'A', 'B']],
      ['active', 'ascending', ['B', 'A', 'C', 'D', 'E']],
      ['userType', 'ascending', ['C', 'A', 'E', 'B', 'D']],
      ['userType', 'descending', ['B', 'D', 'A', 'E', 'C']],
      ['meta.created', 'descending', ['E', 'D', 'C', 'B', 'A']],
      [
        'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber',
        'ascending',
        ['D', 'C', 'A', 'B', 'E'],
      ],
    ] as const)('sortBy=%s&sortOrder=%s orders users as %j', async (sortBy, order, expected) => {
      expect(await users(`?sortBy=${encodeURIComponent(sortBy)}&sortOrder=${order}`)).toEqual(
        expected,
      );
    });

    it('sorts groups by displayName case-insensitively', async () => {
      const body = listOf(await t.scim('GET', '/Groups?sortBy=displayName'));
      expect(names(body)).toEqual(['G2', 'G3', 'G1']);
    });

    it.each(['nosuch', 'name', 'members', 'meta.location', 'name"]'])(
      'returns 400 invalidValue for sortBy=%s',
      async (sortBy) => {
        expectScimError(
          await t.scim('GET', `/Users?sortBy=${encodeURIComponent(sortBy)}`),
          400,
          'invalidValue',
        );
      },
    );
  });

  describe('index pagination', () => {
    const page = async (params: string) => listOf(await t.scim('GET', `/Users?${params}`));

    it('reads startIndex below 1 as 1', async () => {
      for (const startIndex of ['0', '-5']) {
        const body = await page(`startIndex=${startIndex}&count=2`);
        expect([body.startIndex, body.itemsPerPage, names(body)]).toEqual([1, 2, ['A', 'B']]);
      }
    });

    it('reads a negative count as 0 and returns only totalResults for count 0', async () => {
      for (const count of ['0', '-3']) {
        expect(await page(`count=${count}`)).toEqual({
          schemas: [URN.listResponse],
          totalResults: 5,
          startIndex: 1,
          itemsPerPage: 0,
          Resources: [],
        });
      }
    });

    it('reports exact totals for a filtered window and an empty page past the end', async () => {
      const window = await page(`${query('userName sw "j"').slice(1)}&startIndex=2&count=1`);
      expect([window.totalResults, window.startIndex, window.itemsPerPage, names(window)]).toEqual([
        3,
        2,
        1,
        ['C'],
      ]);
      const past = await page('startIndex=6&count=5');
      expect([past.totalResults, past.startIndex, past.itemsPerPage]).toEqual([5, 6, 0]);
    });
  });

  describe('attributes and excludedAttributes on lists', () => {
    it('projects every listed resource', async () => {
      const body = listOf(
        await t.scim(
          'GET',
          `/Users${query('userName eq "john"', '&attributes=userName,emails.value')}`,
        ),
      );
      expect(body.Resources).toEqual([
        {
          schemas: [URN.user, URN.enterpriseUser],
          id: ids['C'],
          userName: 'john',
          emails: [{ value: 'john@example.net' }],
        },
      ]);
      const groups = listOf(await t.scim('GET', '/Groups?excludedAttributes=members,meta'));
      expect(groups.Resources[0]).toEqual({
        schemas: [URN.group],
        id: ids['G1'],
        displayName: 'Tour Guides',
        externalId: 'ext-guides',
      });
    });

    it('never loads members for GET /Groups?excludedAttributes=members', async () => {
      const store = t.store as { forTenant: (id: string) => unknown };
      const original = store.forTenant;
      let memberLoads = 0;
      store.forTenant = (tenantId: string) =>
        new Proxy(original.call(t.store, tenantId) as object, {
          get(target, property, receiver) {
            const value: unknown = Reflect.get(target, property, receiver);
            if (property === 'listMembers') memberLoads++;
            return typeof value === 'function' ? value.bind(target) : value;
          },
        });
      try {
        const body = listOf(await t.scim('GET', '/Groups?excludedAttributes=members'));
        expect(body.itemsPerPage).toBe(3);
        expect(body.Resources.some((r) => 'members' in r)).toBe(false);
        expect(memberLoads).toBe(0);
        listOf(await t.scim('GET', '/Groups'));
        expect(memberLoads).toBe(3);
      } finally {
        store.forTenant = original;
      }
    });
  });
});

describe.each(testDatabaseNames)('count capped at filter.maxResults over %s', (database) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(database, { ROSTER_FILTER_MAX_RESULTS: '2' });
    for (const userName of ['u1', 'u2', 'u3']) {
      expect((await t.scim('POST', '/Users', { body: { userName } })).statusCode).toBe(201);
    }
  });
  afterAll(async () => {
    await t?.close();
  });

  it('returns at most filter.maxResults resources whatever count asks for', async () => {
    for (const path of ['/Users?count=50', '/Users', '/Users?cursor=&count=50']) {
      const body = listOf(await t.scim('GET', path));
      expect([body.totalResults, body.itemsPerPage]).toEqual([3, 2]);
    }
  });
});
