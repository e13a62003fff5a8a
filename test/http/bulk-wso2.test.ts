import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toRecord } from '../../src/provisioning/resource-mapping.js';
import { URN } from '../../src/scim/urns.js';
import { testDatabaseNames } from '../support/databases.js';
import { createTestApp, PUBLIC_URL, type TestApp } from '../support/test-app.js';
import { bodyOf, expectScimError, SCIM_JSON, WEAK_ETAG } from './scim-expectations.js';

/** A fixture's text exactly as the WSO2 guide prints it (only the stray comma of one is fixed). */
const fixtureText = (name: string): string =>
  readFileSync(new URL(`../fixtures/bulk/${name}`, import.meta.url), 'utf8');

/** The seed API reference's Bulk page, kept verbatim beside the WSO2 fixtures. */
const referenceText = fixtureText('seed-bulk-api-reference.txt').replace(/\r\n/g, '\n');

/** The fields of one schema table in the seed reference: name, allowed types, required. */
function referenceFields(schema: string): { name: string; types: string[]; required: boolean }[] {
  const start = referenceText.indexOf(`\n${schema}#\n`);
  expect(start, `${schema} in the seed reference`).toBeGreaterThan(-1);
  const lines = referenceText.slice(start + schema.length + 3).split('\n');
  const header = lines.findIndex((line) => line.startsWith('|---'));
  const fields: { name: string; types: string[]; required: boolean }[] = [];
  for (let i = header + 1; i + 2 < lines.length && !(lines[i] ?? '').endsWith('#'); i += 3) {
    const cell = (line: string | undefined) => (line ?? '').replace(/\s*\|\s*$/, '').trim();
    fields.push({
      name: cell(lines[i]),
      types: cell(lines[i + 1]).split(/\s*\|\s*/),
      required: cell(lines[i + 2]).startsWith('yes'),
    });
  }
  return fields;
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value))
    return value.every((v) => typeof v === 'string') ? 'array of string' : 'array';
  return typeof value;
}

/** Every field is one the reference names, of a type it allows, and every required field is there. */
function expectShape(value: Record<string, unknown>, schema: string): void {
  const fields = referenceFields(schema);
  expect(Object.keys(value).filter((key) => !fields.some((f) => f.name === key))).toEqual([]);
  for (const field of fields) {
    if (!(field.name in value)) {
      expect(field.required, `${schema}.${field.name} is required`).toBe(false);
      continue;
    }
    const allowed = field.types.map((type) => (type.startsWith('array of SCIM') ? 'array' : type));
    expect(allowed, `${schema}.${field.name}`).toContain(typeOf(value[field.name]));
  }
}

const users = {
  'e67906fb-308f-4b15-89bd-0ab6e3d996e5': 'john',
  'b1781d25-bde5-460a-a58a-8fe8dbfd8487': 'smith-before',
  'ba1db5ff-8062-415b-bc78-5f79738d00ea': 'smith-member',
  '3633c988-69bf-48fc-978a-83dfde12695f': 'alice',
  '40390b19-54c9-4e77-b223-fe31d55e59e0': 'bob',
};
const [GROUP_A, GROUP_B] = [
  '46887262-2ba1-4cee-b3ef-64549423e0b0',
  '18d04a36-0894-4f71-bdc4-2610fcc6ae42',
] as const;
const [JOHN, SMITH, SMITH_MEMBER, ALICE, BOB] = Object.keys(users) as [
  string,
  string,
  string,
  string,
  string,
];

describe.each(testDatabaseNames)('/Bulk with the WSO2 examples over %s', (database) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(database);
  });
  afterAll(async () => {
    await t?.close();
  });

  let tenants = 0;
  /**
   * A fresh tenant holding the users and groups the WSO2 examples name by id. They go in through
   * the store port, since no POST can choose an id, so the fixture bodies stay verbatim.
   */
  async function wso2Tenant(): Promise<{ tenant: string; base: string }> {
    tenants += 1;
    const tenant = `wso2-${tenants}`;
    await t.store.createTenant(tenant, new Date().toISOString());
    const store = t.store.forTenant(tenant);
    const now = new Date().toISOString();
    const stamps = { created: now, lastModified: now, version: 'W/"seed"' };
    for (const [id, userName] of Object.entries(users)) {
      const emails = [{ type: 'home', value: `${userName}@example.com` }];
      await store.insertResource(
        toRecord('User', id, { schemas: [URN.user], userName, emails }, stamps),
      );
    }
    for (const [index, id] of [GROUP_A, GROUP_B].entries()) {
      await store.insertResource(
        toRecord('Group', id, { schemas: [URN.group], displayName: `seed-${index}` }, stamps),
      );
      await store.addMembers(id, [{ value: ALICE, type: 'User', display: null }]);
    }
    return { tenant, base: `${PUBLIC_URL}${t.base(tenant)}` };
  }

  async function run(name: string, tenant: string) {
    const response = await t.scim('POST', '/Bulk', { body: fixtureText(name), tenant });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toBe(SCIM_JSON);
    const body = bodyOf(response) as {
      schemas: string[];
      Operations: Record<string, unknown>[];
    };
    expect(body.schemas).toEqual([URN.bulkResponse]);
    return body.Operations;
  }
  const get = async (tenant: string, path: string) => {
    const response = await t.scim('GET', path, { tenant });
    expect(response.statusCode, response.body).toBe(200);
    return bodyOf(response) as { meta: { version: string } } & Record<string, unknown>;
  };
  const versionOf = async (tenant: string, path: string) => (await get(tenant, path)).meta.version;
  const members = async (tenant: string, id: string) =>
    ((await get(tenant, `/Groups/${id}`))['members'] as Record<string, unknown>[] | undefined) ??
    [];

  it('creates the users of the add-users example, manager.value and employeeNumber as given', async () => {
    const { tenant, base } = await wso2Tenant();
    const entries = await run('wso2-add-users.json', tenant);
    const created = entries.map((entry) => String(entry['location']).slice(base.length));
    expect(entries).toEqual([
      {
        method: 'POST',
        bulkId: 'qwerty',
        version: await versionOf(tenant, created[0] ?? ''),
        location: expect.stringMatching(new RegExp(`^${base}/Users/[^/]+$`)),
        status: '201',
      },
      {
        method: 'POST',
        bulkId: 'ytrewq',
        version: await versionOf(tenant, created[1] ?? ''),
        location: expect.stringMatching(new RegExp(`^${base}/Users/[^/]+$`)),
        status: '201',
      },
    ]);
    const kim = await get(tenant, created[0] ?? '');
    expect(kim).toEqual(
      expect.objectContaining({
        userName: 'Kim',
        name: { givenName: 'Kim', familyName: 'Berry' },
      }),
    );
    expect(kim).not.toHaveProperty('password');
    const smith = await get(tenant, created[1] ?? '');
    expect(smith).toEqual(
      expect.objectContaining({
        schemas: [URN.user, URN.enterpriseUser],
        userName: 'smith',
        emails: [{ value: '[email protected]' }, { type: 'work', value: '[email protected]' }],
        [URN.enterpriseUser]: { employeeNumber: '1234A', manager: { value: 'Taylor' } },
      }),
    );
  });

  it('keeps the add-users example with its stray trailing comma a 400 invalidSyntax, creating nothing', async () => {
    const { tenant } = await wso2Tenant();
    const response = await t.scim('POST', '/Bulk', {
      body: fixtureText('wso2-add-users.invalid.txt'),
      tenant,
    });
    expectScimError(response, 400, 'invalidSyntax');
    const list = await get(tenant, '/Users?filter=userName%20eq%20%22Kim%22');
    expect(list['totalResults']).toBe(0);
  });

  it('patches the users of the update-users example, including the unquoted emails[type eq home]', async () => {
    const { tenant, base } = await wso2Tenant();
    const entries = await run('wso2-update-users.json', tenant);
    expect(entries).toEqual([
      {
        method: 'PATCH',
        version: await versionOf(tenant, `/Users/${JOHN}`),
        location: `${base}/Users/${JOHN}`,
        status: '200',
      },
      {
        method: 'PATCH',
        version: await versionOf(tenant, `/Users/${SMITH}`),
        location: `${base}/Users/${SMITH}`,
        status: '200',
      },
    ]);
    expect(await get(tenant, `/Users/${JOHN}`)).toEqual(
      expect.objectContaining({
        name: { givenName: 'john', familyName: 'Anderson' },
        nickName: 'shaggy',
      }),
    );
    expect(await get(tenant, `/Users/${SMITH}`)).not.toHaveProperty('emails');
  });

  it('replaces the users of the replace-users example, echoing the bulkIds of the PUTs', async () => {
    const { tenant, base } = await wso2Tenant();
    const entries = await run('wso2-replace-users.json', tenant);
    expect(entries).toEqual([
      {
        method: 'PUT',
        bulkId: 'qwerty',
        version: await versionOf(tenant, `/Users/${JOHN}`),
        location: `${base}/Users/${JOHN}`,
        status: '200',
      },
      {
        method: 'PUT',
        bulkId: 'ytrewq',
        version: await versionOf(tenant, `/Users/${SMITH}`),
        location: `${base}/Users/${SMITH}`,
        status: '200',
      },
    ]);
    const john = await get(tenant, `/Users/${JOHN}`);
    expect(john).toEqual(
      expect.objectContaining({
        userName: 'Kim',
        name: { givenName: 'John', familyName: 'Berry' },
        emails: [{ type: 'home', value: '[email protected]' }],
      }),
    );
    const smith = await get(tenant, `/Users/${SMITH}`);
    expect(smith).toEqual(
      expect.objectContaining({
        userName: 'smith',
        [URN.enterpriseUser]: { employeeNumber: '12345' },
      }),
    );
    expect(smith).not.toHaveProperty('emails');
  });

  it('deletes the users of the delete-users example and drops their memberships', async () => {
    const { tenant, base } = await wso2Tenant();
    const entries = await run('wso2-delete-users.json', tenant);
    expect(entries).toEqual([
      { method: 'DELETE', location: `${base}/Users/${JOHN}`, status: '204' },
      { method: 'DELETE', location: `${base}/Users/${SMITH}`, status: '204' },
    ]);
    for (const id of [JOHN, SMITH]) {
      expectScimError(await t.scim('GET', `/Users/${id}`, { tenant }), 404);
    }
    expect((await get(tenant, `/Users/${ALICE}`))['userName']).toBe('alice');
  });

  it('creates both groups of the add-groups example although they repeat the bulkId ytrewq', async () => {
    const { tenant, base } = await wso2Tenant();
    const entries = await run('wso2-add-groups.json', tenant);
    const created = entries.map((entry) => String(entry['location']).slice(base.length));
    expect(entries).toEqual([
      {
        method: 'POST',
        bulkId: 'ytrewq',
        version: await versionOf(tenant, created[0] ?? ''),
        location: expect.stringMatching(new RegExp(`^${base}/Groups/[^/]+$`)),
        status: '201',
      },
      {
        method: 'POST',
        bulkId: 'ytrewq',
        version: await versionOf(tenant, created[1] ?? ''),
        location: expect.stringMatching(new RegExp(`^${base}/Groups/[^/]+$`)),
        status: '201',
      },
    ]);
    const member = (id: string) => ({
      value: id,
      $ref: `${base}/Users/${id}`,
      type: 'User',
    });
    const [tourGuides, slTourGuides] = [
      await get(tenant, created[0] ?? ''),
      await get(tenant, created[1] ?? ''),
    ];
    expect(tourGuides['displayName']).toBe('TourGuides');
    expect(tourGuides['members']).toEqual([member(ALICE)]);
    expect(slTourGuides['displayName']).toBe('SLTourGuides');
    expect(slTourGuides['members']).toEqual(expect.arrayContaining([member(ALICE), member(BOB)]));
    expect(slTourGuides['members']).toHaveLength(2);
  });

  it('patches the membership of the update-groups example: replace, then add and filtered remove', async () => {
    const { tenant, base } = await wso2Tenant();
    const entries = await run('wso2-update-groups.json', tenant);
    expect(entries).toEqual([
      {
        method: 'PATCH',
        version: await versionOf(tenant, `/Groups/${GROUP_A}`),
        location: `${base}/Groups/${GROUP_A}`,
        status: '200',
      },
      {
        method: 'PATCH',
        version: await versionOf(tenant, `/Groups/${GROUP_B}`),
        location: `${base}/Groups/${GROUP_B}`,
        status: '200',
      },
    ]);
    for (const id of [GROUP_A, GROUP_B]) {
      expect((await members(tenant, id)).map((m) => [m['value'], m['display']])).toEqual([
        [SMITH_MEMBER, 'smith'],
      ]);
    }
  });

  it('replaces the groups of the replace-groups example, bodies without schemas', async () => {
    const { tenant, base } = await wso2Tenant();
    const entries = await run('wso2-replace-groups.json', tenant);
    expect(entries).toEqual([
      {
        method: 'PUT',
        version: await versionOf(tenant, `/Groups/${GROUP_A}`),
        location: `${base}/Groups/${GROUP_A}`,
        status: '200',
      },
      {
        method: 'PUT',
        version: await versionOf(tenant, `/Groups/${GROUP_B}`),
        location: `${base}/Groups/${GROUP_B}`,
        status: '200',
      },
    ]);
    for (const [id, displayName] of [
      [GROUP_A, 'TourGuides'],
      [GROUP_B, 'SLTourGuides'],
    ] as const) {
      const group = await get(tenant, `/Groups/${id}`);
      expect(group['displayName']).toBe(displayName);
      expect(group['members']).toEqual([
        { value: ALICE, $ref: `${base}/Users/${ALICE}`, type: 'User', display: 'Alice' },
      ]);
    }
  });

  it('deletes the groups of the delete-groups example and leaves their members', async () => {
    const { tenant, base } = await wso2Tenant();
    const entries = await run('wso2-delete-groups.json', tenant);
    expect(entries).toEqual([
      { method: 'DELETE', location: `${base}/Groups/${GROUP_A}`, status: '204' },
      { method: 'DELETE', location: `${base}/Groups/${GROUP_B}`, status: '204' },
    ]);
    for (const id of [GROUP_A, GROUP_B]) {
      expectScimError(await t.scim('GET', `/Groups/${id}`, { tenant }), 404);
    }
    expect(await get(tenant, `/Users/${ALICE}`)).not.toHaveProperty('groups');
  });

  it('answers with the field names and types of the seed reference SCIMBulkResponse and SCIMBulkResponseOperation', async () => {
    const { tenant } = await wso2Tenant();
    const responses = [];
    for (const name of [
      'wso2-add-users.json',
      'wso2-update-groups.json',
      'wso2-delete-users.json',
      'wso2-delete-users.json',
    ]) {
      const response = await t.scim('POST', '/Bulk', {
        body: fixtureText(name),
        tenant,
        headers: { prefer: 'return=representation' },
      });
      expect(response.statusCode, response.body).toBe(200);
      responses.push(bodyOf(response));
    }
    const entries = responses.flatMap((body) => body['Operations'] as Record<string, unknown>[]);
    expect(new Set(entries.map((entry) => entry['status']))).toEqual(
      new Set(['201', '200', '204', '404']),
    );
    for (const body of responses) expectShape(body, 'SCIMBulkResponse');
    for (const entry of entries) {
      expectShape(entry, 'SCIMBulkResponseOperation');
      expect(entry['status']).toMatch(/^\d{3}$/);
      if (Number(entry['status']) < 300) {
        expect(entry['location']).toMatch(/^https:\/\//);
        if (entry['method'] !== 'DELETE') expect(entry['version']).toMatch(WEAK_ETAG);
      }
    }
    expect(referenceFields('SCIMBulkResponseOperation').map((f) => f.name)).toEqual([
      'method',
      'bulkId',
      'version',
      'location',
      'status',
      'response',
    ]);
  });
});
