import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { URN } from '../../src/scim/urns.js';
import { testDatabaseNames } from '../support/databases.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { bodyOf } from './scim-expectations.js';

/**
 * The PATCH bodies of the WSO2 Identity Server bulk examples (test/fixtures/bulk, copied verbatim
 * from its documentation), sent one by one to the single-resource endpoints. Only the resource
 * ids are swapped for those of resources created here; the bodies are otherwise byte for byte.
 */

interface BulkFixture {
  Operations: { method: string; path: string; data: unknown }[];
}

const fixtureText = (name: string) =>
  readFileSync(new URL(`../fixtures/bulk/${name}`, import.meta.url), 'utf8');

function withIds(text: string, ids: Record<string, string>): BulkFixture {
  let replaced = text;
  for (const [from, to] of Object.entries(ids)) replaced = replaced.split(from).join(to);
  return JSON.parse(replaced) as BulkFixture;
}

describe.each(testDatabaseNames)('WSO2 PATCH examples over %s', (database) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(database);
  });
  afterAll(async () => {
    await t?.close();
  });

  const create = async (endpoint: '/Users' | '/Groups', body: Record<string, unknown>) => {
    const response = await t.scim('POST', endpoint, { body });
    expect(response.statusCode, response.body).toBe(201);
    return bodyOf(response) as { id: string } & Record<string, unknown>;
  };

  const send = async (
    operation: BulkFixture['Operations'][number],
    headers: Record<string, string> = {},
  ) => {
    expect(operation.method).toBe('PATCH');
    const response = await t.scim('PATCH', operation.path, { body: operation.data, headers });
    expect(response.statusCode, response.body).toBe(200);
    return bodyOf(response);
  };

  it('applies the "Update users" bodies: replace name, add nickName, remove emails[type eq home]', async () => {
    const john = await create('/Users', { userName: 'john', name: { givenName: 'J' } });
    const smith = await create('/Users', {
      userName: 'smith-wso2',
      emails: [
        { value: 'smith@home.example', type: 'home' },
        { value: 'smith@work.example', type: 'work' },
      ],
    });
    const fixture = withIds(fixtureText('wso2-update-users.json'), {
      'e67906fb-308f-4b15-89bd-0ab6e3d996e5': john.id,
      'b1781d25-bde5-460a-a58a-8fe8dbfd8487': smith.id,
    });
    const [first, second] = fixture.Operations;
    expect(await send(first!)).toMatchObject({
      name: { givenName: 'john', familyName: 'Anderson' },
      nickName: 'shaggy',
    });
    const updated = await send(second!);
    expect(updated.emails).toEqual([{ value: 'smith@work.example', type: 'work' }]);
  });

  it('applies the "Update groups" bodies: replace members, add with display and remove by value', async () => {
    const smith = await create('/Users', { userName: 'smith-member' });
    const leaving = await create('/Users', { userName: 'leaving-member' });
    const staying = await create('/Users', { userName: 'staying-member' });
    const first = await create('/Groups', {
      schemas: [URN.group],
      displayName: 'wso2-first',
      members: [{ value: staying.id }],
    });
    const second = await create('/Groups', {
      schemas: [URN.group],
      displayName: 'wso2-second',
      members: [{ value: leaving.id }, { value: staying.id }],
    });
    const fixture = withIds(fixtureText('wso2-update-groups.json'), {
      '46887262-2ba1-4cee-b3ef-64549423e0b0': first.id,
      '18d04a36-0894-4f71-bdc4-2610fcc6ae42': second.id,
      'ba1db5ff-8062-415b-bc78-5f79738d00ea': smith.id,
      '3633c988-69bf-48fc-978a-83dfde12695f': leaving.id,
    });
    const [replace, addRemove] = fixture.Operations;
    // A Group PATCH answers 204 unless the client asks for the resource it checks here.
    const representation = { prefer: 'return=representation' };
    expect((await send(replace!, representation)).members).toEqual([
      expect.objectContaining({ value: smith.id, display: 'smith', type: 'User' }),
    ]);
    const members = (await send(addRemove!, representation)).members as { value: string }[];
    expect(members.map((member) => member.value).sort()).toEqual([smith.id, staying.id].sort());
  });
});
