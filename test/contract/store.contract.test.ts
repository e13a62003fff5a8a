import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreError } from '../../src/provisioning/ports.js';
import type { ResourceRecord, Store, TenantStore } from '../../src/provisioning/ports.js';
import { parseFilter } from '../../src/scim/filter/index.js';
import type { ResourceTypeName, ScimResource } from '../../src/scim/schema/types.js';
import { createTestDatabase, testDatabaseNames } from '../support/databases.js';
import type { TestDatabase } from '../support/databases.js';

let sequence = 0;

function stamp(offsetSeconds: number): string {
  return new Date(Date.UTC(2026, 0, 1, 0, 0, offsetSeconds)).toISOString();
}

function user(name: string, extra: ScimResource = {}, id = `u-${++sequence}`): ResourceRecord {
  return {
    resourceType: 'User',
    id,
    externalId: null,
    name,
    created: stamp(sequence),
    lastModified: stamp(sequence),
    version: 'W/"1"',
    attributes: {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      userName: name,
      ...extra,
    },
  };
}

function group(name: string, id = `g-${++sequence}`): ResourceRecord {
  return {
    resourceType: 'Group',
    id,
    externalId: null,
    name,
    created: stamp(sequence),
    lastModified: stamp(sequence),
    version: 'W/"1"',
    attributes: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: name },
  };
}

function member(value: string, type: ResourceTypeName = 'User', display: string | null = null) {
  return { value, type, display };
}

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof StoreError) return error.failure;
    return error;
  }
  throw new Error('expected a failure');
}

describe.each(testDatabaseNames)('store contract on %s', (name) => {
  let database: TestDatabase;
  let store: Store;
  let tenant = 0;

  /** A fresh tenant per test keeps tests independent on one database. */
  async function newTenant(): Promise<TenantStore> {
    const id = `t-${++tenant}-${Math.random().toString(36).slice(2, 8)}`;
    await store.createTenant(id, stamp(0));
    return store.forTenant(id);
  }

  beforeAll(async () => {
    database = await createTestDatabase(name);
    store = database.store;
  });

  afterAll(async () => {
    await database.drop();
  });

  describe('store', () => {
    it('reports its dialect, answers ping and has no pending migrations after migrate', async () => {
      expect(store.dialect).toBe(name);
      await expect(store.ping()).resolves.toBeUndefined();
      await store.migrate();
      expect(await store.pendingMigrations()).toEqual([]);
    });

    it('creates, gets and lists tenants', async () => {
      await store.createTenant('tenant-list-a', stamp(1));
      expect(await store.getTenant('tenant-list-a')).toEqual({
        id: 'tenant-list-a',
        created: stamp(1),
      });
      expect(await store.getTenant('tenant-missing')).toBeUndefined();
      expect((await store.listTenants()).map((t) => t.id)).toContain('tenant-list-a');
    });

    it('rejects a second tenant with the same id as uniqueness of id', async () => {
      await store.createTenant('tenant-twice', stamp(1));
      expect(await failureOf(store.createTenant('tenant-twice', stamp(2)))).toEqual({
        kind: 'uniqueness',
        attribute: 'id',
      });
    });

    it('deletes a tenant with all its resources and memberships, leaving other tenants alone', async () => {
      await store.createTenant('tenant-doomed', stamp(1));
      const doomed = store.forTenant('tenant-doomed');
      const other = await newTenant();
      const alice = user('alice');
      const admins = group('admins');
      await doomed.insertResource(alice);
      await doomed.insertResource(admins);
      await doomed.addMembers(admins.id, [member(alice.id)]);
      await other.insertResource(user('alice'));
      expect(await store.deleteTenant('tenant-doomed')).toBe(true);
      expect(await store.deleteTenant('tenant-doomed')).toBe(false);
      expect(await store.getTenant('tenant-doomed')).toBeUndefined();
      expect(await doomed.getResource('User', alice.id)).toBeUndefined();
      expect(await doomed.listMembers(admins.id)).toEqual([]);
      expect(
        (await other.list({ resourceType: 'User', startIndex: 1, count: 10 })).totalResults,
      ).toBe(1);
    });

    it('stores and lists signing keys', async () => {
      const key = {
        kid: 'k1',
        alg: 'ES256',
        privateJwk: '{"d":"x"}',
        publicJwk: '{"x":"y"}',
        created: stamp(1),
      };
      await store.insertSigningKey(key);
      expect(await store.listSigningKeys()).toContainEqual(key);
    });
  });

  describe('resources', () => {
    it('returns an inserted resource exactly as stored', async () => {
      const t = await newTenant();
      const alice = {
        ...user('Alice', { name: { familyName: 'Liddell' }, emails: [{ value: 'a@x.org' }] }),
        externalId: 'ext-1',
      };
      await t.insertResource(alice);
      expect(await t.getResource('User', alice.id)).toEqual(alice);
    });

    it('does not resolve an id under the wrong resource type', async () => {
      const t = await newTenant();
      const alice = user('alice');
      await t.insertResource(alice);
      expect(await t.getResource('Group', alice.id)).toBeUndefined();
    });

    it('replaces columns and document on update and returns false for an unknown id', async () => {
      const t = await newTenant();
      const alice = user('alice');
      await t.insertResource(alice);
      const changed = {
        ...alice,
        name: 'alice2',
        version: 'W/"2"',
        lastModified: stamp(999),
        attributes: { userName: 'alice2' },
      };
      expect(await t.updateResource(changed)).toBe(true);
      expect(await t.getResource('User', alice.id)).toEqual(changed);
      expect(await t.updateResource({ ...changed, id: 'nobody' })).toBe(false);
    });

    it('throws versionMismatch when the expected version differs and updates when it matches', async () => {
      const t = await newTenant();
      const alice = user('alice');
      await t.insertResource(alice);
      expect(await failureOf(t.updateResource({ ...alice, version: 'W/"3"' }, 'W/"2"'))).toEqual({
        kind: 'versionMismatch',
      });
      expect(await t.updateResource({ ...alice, version: 'W/"2"' }, 'W/"1"')).toBe(true);
      expect((await t.getResource('User', alice.id))?.version).toBe('W/"2"');
      expect(await t.updateResource({ ...alice, id: 'nobody' }, 'W/"1"')).toBe(false);
    });

    it('lets only one of two concurrent writers with the same expected version win', async () => {
      const t = await newTenant();
      const alice = user('alice');
      await t.insertResource(alice);
      const outcomes = await Promise.allSettled([
        t.updateResource({ ...alice, version: 'W/"a"' }, 'W/"1"'),
        t.updateResource({ ...alice, version: 'W/"b"' }, 'W/"1"'),
      ]);
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    });

    it('deletes a resource once and reports false afterwards', async () => {
      const t = await newTenant();
      const alice = user('alice');
      await t.insertResource(alice);
      expect(await t.deleteResource('Group', alice.id)).toBe(false);
      expect(await t.deleteResource('User', alice.id)).toBe(true);
      expect(await t.deleteResource('User', alice.id)).toBe(false);
      expect(await t.getResource('User', alice.id)).toBeUndefined();
    });

    it('rejects a userName differing only in case with uniqueness of userName', async () => {
      const t = await newTenant();
      await t.insertResource(user('Bjensen'));
      expect(await failureOf(t.insertResource(user('bJENSEN')))).toEqual({
        kind: 'uniqueness',
        attribute: 'userName',
      });
    });

    it('rejects a duplicate group displayName with uniqueness of displayName', async () => {
      const t = await newTenant();
      await t.insertResource(group('Admins'));
      expect(await failureOf(t.insertResource(group('admins')))).toEqual({
        kind: 'uniqueness',
        attribute: 'displayName',
      });
    });

    it('inserts many resources in one call, readable like single inserts', async () => {
      const t = await newTenant();
      const records = [
        ...Array.from({ length: 450 }, (_, i) => user(`many-${i}`, { active: i % 2 === 0 })),
        group('many-group'),
      ];
      await t.insertResources(records);
      for (const record of [records[0], records[299], records[450]]) {
        expect(await t.getResource(record!.resourceType, record!.id)).toEqual(record);
      }
      const listed = await t.list({ resourceType: 'User', startIndex: 1, count: 1 });
      expect(listed.totalResults).toBe(450);
    });

    it('inserts many resources of one type created at one instant, each readable as given', async () => {
      const t = await newTenant();
      const at = stamp(3600);
      const records = Array.from({ length: 230 }, (_, i) => ({
        ...user(`instant-${i}`, { externalId: `ext-${i}` }),
        externalId: `ext-${i}`,
        created: at,
        lastModified: at,
        version: `W/"i${i}"`,
      }));
      await t.insertResources(records);
      for (const record of [records[0], records[199], records[229]]) {
        expect(await t.getResource('User', record!.id)).toEqual(record);
      }
      expect((await t.list({ resourceType: 'User', startIndex: 1, count: 1 })).totalResults).toBe(
        230,
      );
    });

    it('inserts none of many resources when one takes a stored userName', async () => {
      const t = await newTenant();
      await t.insertResource(user('taken'));
      const records = [user('fresh-1'), user('TAKEN'), user('fresh-2')];
      expect(await failureOf(t.insertResources(records))).toEqual({
        kind: 'uniqueness',
        attribute: 'userName',
      });
      for (const record of records) expect(await t.getResource('User', record.id)).toBeUndefined();
    });

    it('inserts none of many resources when two of them share a displayName', async () => {
      const t = await newTenant();
      const records = [group('Ops'), group('Dev'), group('ops')];
      expect(await failureOf(t.insertResources(records))).toEqual({
        kind: 'uniqueness',
        attribute: 'displayName',
      });
      expect((await t.list({ resourceType: 'Group', startIndex: 1, count: 10 })).totalResults).toBe(
        0,
      );
    });

    it('keeps the rest of a transaction when a many-resource insert fails inside it', async () => {
      const t = await newTenant();
      const kept = user('kept');
      await t.transaction(async (tx) => {
        await tx.insertResource(kept);
        await failureOf(tx.insertResources([user('x-1'), user('KEPT')]));
      });
      expect(await t.getResource('User', kept.id)).toEqual(kept);
      expect((await t.list({ resourceType: 'User', startIndex: 1, count: 10 })).totalResults).toBe(
        1,
      );
    });

    it('inserts the initial members of groups given to a many-resource insert', async () => {
      const t = await newTenant();
      const alice = user('alice');
      await t.insertResource(alice);
      const admins = group('admins');
      const withMembers = {
        ...admins,
        attributes: { ...admins.attributes, members: [{ value: alice.id, type: 'User' }] },
      };
      await t.insertResources([user('bob'), withMembers]);
      expect((await t.listMembers(admins.id)).map((m) => m.value)).toEqual([alice.id]);
    });

    it('allows a user and a group to share a name', async () => {
      const t = await newTenant();
      await t.insertResource(user('ops'));
      await expect(t.insertResource(group('ops'))).resolves.toBeUndefined();
    });

    it('rejects an update that takes another user’s userName', async () => {
      const t = await newTenant();
      await t.insertResource(user('alice'));
      const bob = user('bob');
      await t.insertResource(bob);
      expect(await failureOf(t.updateResource({ ...bob, name: 'ALICE' }))).toEqual({
        kind: 'uniqueness',
        attribute: 'userName',
      });
    });

    it('rejects a second resource with the same id as uniqueness of id', async () => {
      const t = await newTenant();
      await t.insertResource(user('alice', {}, 'same-id'));
      expect(await failureOf(t.insertResource(user('bob', {}, 'same-id')))).toEqual({
        kind: 'uniqueness',
        attribute: 'id',
      });
    });

    it('accepts the same userName in two tenants', async () => {
      const a = await newTenant();
      const b = await newTenant();
      await a.insertResource(user('shared'));
      await expect(b.insertResource(user('SHARED'))).resolves.toBeUndefined();
    });

    it('finds which ids exist and as which resource type', async () => {
      const t = await newTenant();
      const alice = user('alice');
      const admins = group('admins');
      await t.insertResource(alice);
      await t.insertResource(admins);
      const found = await t.findResourceTypes([alice.id, admins.id, 'nobody']);
      expect(found).toEqual(
        new Map([
          [alice.id, 'User'],
          [admins.id, 'Group'],
        ]),
      );
    });
  });

  describe('memberships', () => {
    async function groupWithUsers(t: TenantStore, count: number) {
      const users = Array.from({ length: count }, (_, i) => user(`member${i}`));
      for (const u of users) await t.insertResource(u);
      const g = group(`group-${sequence}`);
      await t.insertResource(g);
      return { users, group: g };
    }

    it('adds members idempotently and reports how many rows were inserted', async () => {
      const t = await newTenant();
      const { users, group: g } = await groupWithUsers(t, 3);
      const [u0, u1, u2] = users.map((u) => u.id) as [string, string, string];
      expect(await t.addMembers(g.id, [member(u0, 'User', 'Zero'), member(u1)])).toBe(2);
      expect(await t.addMembers(g.id, [member(u1), member(u2), member(u2)])).toBe(1);
      expect(await t.listMembers(g.id)).toEqual(
        [member(u0, 'User', 'Zero'), member(u1), member(u2)].sort((x, y) =>
          x.value < y.value ? -1 : 1,
        ),
      );
    });

    it('removes members and reports how many rows were deleted', async () => {
      const t = await newTenant();
      const { users, group: g } = await groupWithUsers(t, 3);
      await t.addMembers(
        g.id,
        users.map((u) => member(u.id)),
      );
      expect(await t.removeMembers(g.id, [users[0]!.id, 'nobody'])).toBe(1);
      expect((await t.listMembers(g.id)).map((m) => m.value).sort()).toEqual(
        [users[1]!.id, users[2]!.id].sort(),
      );
    });

    it('replaces the whole member list', async () => {
      const t = await newTenant();
      const { users, group: g } = await groupWithUsers(t, 3);
      await t.addMembers(g.id, [member(users[0]!.id), member(users[1]!.id)]);
      await t.replaceMembers(g.id, [member(users[2]!.id)]);
      expect(await t.listMembers(g.id)).toEqual([member(users[2]!.id)]);
      await t.replaceMembers(g.id, []);
      expect(await t.listMembers(g.id)).toEqual([]);
    });

    it('inserts the initial members a group carries in its attributes', async () => {
      const t = await newTenant();
      const alice = user('alice');
      await t.insertResource(alice);
      const g = group('with-members');
      await t.insertResource({
        ...g,
        attributes: { ...g.attributes, members: [{ value: alice.id, display: 'Alice' }] },
      });
      expect(await t.listMembers(g.id)).toEqual([member(alice.id, 'User', 'Alice')]);
      expect((await t.getResource('Group', g.id))?.attributes['members']).toBeUndefined();
    });

    it('lists the direct groups of each member, with an empty list for members of none', async () => {
      const t = await newTenant();
      const alice = user('alice');
      const bob = user('bob');
      const admins = group('admins');
      const ops = group('ops');
      for (const r of [alice, bob, admins, ops]) await t.insertResource(r);
      await t.addMembers(admins.id, [member(alice.id)]);
      await t.addMembers(ops.id, [member(alice.id), member(admins.id, 'Group')]);
      const groups = await t.listGroupsOf([alice.id, bob.id, admins.id]);
      expect(
        groups
          .get(alice.id)
          ?.slice()
          .sort((x, y) => (x.id < y.id ? -1 : 1)),
      ).toEqual(
        [
          { id: admins.id, displayName: 'admins' },
          { id: ops.id, displayName: 'ops' },
        ].sort((x, y) => (x.id < y.id ? -1 : 1)),
      );
      expect(groups.get(bob.id)).toEqual([]);
      expect(groups.get(admins.id)).toEqual([{ id: ops.id, displayName: 'ops' }]);
    });

    it('removes a deleted user from every group and a deleted group’s member rows', async () => {
      const t = await newTenant();
      const { users, group: g } = await groupWithUsers(t, 2);
      await t.addMembers(
        g.id,
        users.map((u) => member(u.id)),
      );
      await t.deleteResource('User', users[0]!.id);
      expect(await t.listMembers(g.id)).toEqual([member(users[1]!.id)]);
      await t.deleteResource('Group', g.id);
      expect(await t.listMembers(g.id)).toEqual([]);
      expect((await t.listGroupsOf([users[1]!.id])).get(users[1]!.id)).toEqual([]);
    });

    it('adds members to a large group in chunks', async () => {
      const t = await newTenant();
      const g = group('large');
      await t.insertResource(g);
      const members = Array.from({ length: 1200 }, (_, i) =>
        member(`m-${String(i).padStart(5, '0')}`),
      );
      expect(await t.addMembers(g.id, members)).toBe(1200);
      expect(await t.listMembers(g.id)).toHaveLength(1200);
      expect(
        await t.removeMembers(
          g.id,
          members.slice(0, 700).map((m) => m.value),
        ),
      ).toBe(700);
    });
  });

  describe('list', () => {
    async function seeded() {
      const t = await newTenant();
      const names = ['carol', 'Alice', 'dave', 'bob', 'eve'];
      const records = names.map((n, i) =>
        user(n, i % 2 === 0 ? { name: { familyName: `F${5 - i}` } } : {}),
      );
      for (const r of records) await t.insertResource(r);
      await t.insertResource(group('not-a-user'));
      return { t, records };
    }

    it('pages in insertion order by default with a 1-based startIndex', async () => {
      const { t, records } = await seeded();
      const page = await t.list({ resourceType: 'User', startIndex: 2, count: 2 });
      expect(page.totalResults).toBe(5);
      expect(page.records.map((r) => r.id)).toEqual([records[1]!.id, records[2]!.id]);
    });

    it('returns no records but the right totalResults for count 0', async () => {
      const { t } = await seeded();
      expect(await t.list({ resourceType: 'User', startIndex: 1, count: 0 })).toEqual({
        totalResults: 5,
        records: [],
      });
    });

    it('returns an empty page past the end', async () => {
      const { t } = await seeded();
      expect(await t.list({ resourceType: 'User', startIndex: 10, count: 5 })).toEqual({
        totalResults: 5,
        records: [],
      });
    });

    it('sorts by userName case-insensitively in both directions', async () => {
      const { t } = await seeded();
      const ascending = await t.list({
        resourceType: 'User',
        sortBy: 'userName',
        startIndex: 1,
        count: 10,
      });
      expect(ascending.records.map((r) => r.name)).toEqual([
        'Alice',
        'bob',
        'carol',
        'dave',
        'eve',
      ]);
      const descending = await t.list({
        resourceType: 'User',
        sortBy: 'USERNAME',
        sortOrder: 'descending',
        startIndex: 1,
        count: 2,
      });
      expect(descending.records.map((r) => r.name)).toEqual(['eve', 'dave']);
    });

    it('sorts by meta.created and by a document attribute with missing values last', async () => {
      const { t, records } = await seeded();
      const created = await t.list({
        resourceType: 'User',
        sortBy: 'meta.created',
        sortOrder: 'descending',
        startIndex: 1,
        count: 10,
      });
      expect(created.records.map((r) => r.id)).toEqual(records.map((r) => r.id).reverse());
      const family = await t.list({
        resourceType: 'User',
        sortBy: 'name.familyName',
        startIndex: 1,
        count: 10,
      });
      expect(family.records.map((r) => r.name)).toEqual(['eve', 'dave', 'carol', 'Alice', 'bob']);
      const familyDown = await t.list({
        resourceType: 'User',
        sortBy: 'name.familyName',
        sortOrder: 'descending',
        startIndex: 1,
        count: 10,
      });
      expect(familyDown.records.map((r) => r.name)).toEqual([
        'carol',
        'dave',
        'eve',
        'Alice',
        'bob',
      ]);
    });

    it('rejects a sortBy that is not an attribute path with invalidValue', async () => {
      const { t } = await seeded();
      await expect(
        t.list({ resourceType: 'User', sortBy: 'name"]', startIndex: 1, count: 10 }),
      ).rejects.toMatchObject({
        status: 400,
        scimType: 'invalidValue',
      });
    });
  });

  describe('list with a filter', () => {
    it('finds a user by userName case-insensitively and pages the filtered set', async () => {
      const t = await newTenant();
      const users = ['Bjensen', 'bjensen2', 'jsmith'].map((n) => user(n));
      for (const u of users) await t.insertResource(u);
      const byName = await t.list({
        resourceType: 'User',
        filter: parseFilter('userName eq "BJENSEN"'),
        startIndex: 1,
        count: 10,
      });
      expect(byName.records.map((r) => r.id)).toEqual([users[0]!.id]);
      const page = await t.list({
        resourceType: 'User',
        filter: parseFilter('userName sw "bj"'),
        sortBy: 'userName',
        sortOrder: 'descending',
        startIndex: 1,
        count: 1,
      });
      expect(page).toMatchObject({ totalResults: 2, records: [{ id: users[1]!.id }] });
    });

    it('selects groups by member through the membership table', async () => {
      const t = await newTenant();
      const alice = user('alice');
      const [admins, ops, empty] = [group('admins'), group('ops'), group('empty')];
      for (const r of [alice, admins, ops, empty]) await t.insertResource(r);
      await t.addMembers(admins.id, [member(alice.id, 'User', 'Alice')]);
      await t.addMembers(ops.id, [member(admins.id, 'Group')]);
      const ids = async (text: string) =>
        (
          await t.list({
            resourceType: 'Group',
            filter: parseFilter(text),
            startIndex: 1,
            count: 10,
          })
        ).records
          .map((r) => r.id)
          .sort();
      expect(await ids(`members[value eq "${alice.id}"]`)).toEqual([admins.id]);
      expect(await ids(`members.value eq "${admins.id}"`)).toEqual([ops.id]);
      expect(await ids('members[type eq "Group"]')).toEqual([ops.id]);
      expect(await ids('members.display co "lic"')).toEqual([admins.id]);
      expect(await ids('not (members pr)')).toEqual([empty.id]);
      expect(await ids('displayName co "MIN"')).toEqual([admins.id]);
    });

    it('selects users by group through the membership table', async () => {
      const t = await newTenant();
      const [alice, bob] = [user('alice'), user('bob')];
      const admins = group('admins');
      for (const r of [alice, bob, admins]) await t.insertResource(r);
      await t.addMembers(admins.id, [member(alice.id)]);
      const found = await t.list({
        resourceType: 'User',
        filter: parseFilter(`groups.value eq "${admins.id}"`),
        startIndex: 1,
        count: 10,
      });
      expect(found.records.map((r) => r.id)).toEqual([alice.id]);
      const byDisplay = await t.list({
        resourceType: 'User',
        filter: parseFilter('groups[display eq "ADMINS"]'),
        startIndex: 1,
        count: 10,
      });
      expect(byDisplay.records.map((r) => r.id)).toEqual([alice.id]);
    });

    it('rejects a filter on an unknown attribute with invalidFilter', async () => {
      const t = await newTenant();
      await expect(
        t.list({
          resourceType: 'User',
          filter: parseFilter('shoeSize gt 3'),
          startIndex: 1,
          count: 10,
        }),
      ).rejects.toMatchObject({
        status: 400,
        scimType: 'invalidFilter',
      });
    });

    it('treats LIKE wildcards in a filter value as literal text', async () => {
      const t = await newTenant();
      const [percent, plain] = [user('a%b'), user('axb')];
      for (const r of [percent, plain]) await t.insertResource(r);
      const found = await t.list({
        resourceType: 'User',
        filter: parseFilter('userName co "%"'),
        startIndex: 1,
        count: 10,
      });
      expect(found.records.map((r) => r.id)).toEqual([percent.id]);
      const underscore = await t.list({
        resourceType: 'User',
        filter: parseFilter('userName sw "a_"'),
        startIndex: 1,
        count: 10,
      });
      expect(underscore.totalResults).toBe(0);
    });
  });

  describe('transactions', () => {
    it('commits the work of a transaction', async () => {
      const t = await newTenant();
      const alice = user('alice');
      expect(await t.transaction(async (tx) => (await tx.insertResource(alice), 'done'))).toBe(
        'done',
      );
      expect(await t.getResource('User', alice.id)).toBeDefined();
    });

    it('rolls back everything when the work throws', async () => {
      const t = await newTenant();
      const alice = user('alice');
      await expect(
        t.transaction(async (tx) => {
          await tx.insertResource(alice);
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await t.getResource('User', alice.id)).toBeUndefined();
    });

    it('rolls back only a failed nested transaction and keeps the rest', async () => {
      const t = await newTenant();
      const [a, b, c] = [user('a'), user('b'), user('c')];
      await t.transaction(async (tx) => {
        await tx.transaction((op) => op.insertResource(a));
        await expect(
          tx.transaction(async (op) => {
            await op.insertResource(b);
            await op.insertResource(user('A'));
          }),
        ).rejects.toBeInstanceOf(StoreError);
        await tx.transaction(async (op) => {
          await op.insertResource(c);
          await expect(
            op.transaction(
              async (inner) => (
                await inner.deleteResource('User', c.id),
                Promise.reject(new Error('x'))
              ),
            ),
          ).rejects.toThrow('x');
        });
      });
      expect(await t.getResource('User', a.id)).toBeDefined();
      expect(await t.getResource('User', b.id)).toBeUndefined();
      expect(await t.getResource('User', c.id)).toBeDefined();
    });

    it('rolls back committed savepoints when the outer transaction fails', async () => {
      const t = await newTenant();
      const alice = user('alice');
      await expect(
        t.transaction(async (tx) => {
          await tx.transaction((op) => op.insertResource(alice));
          throw new Error('outer');
        }),
      ).rejects.toThrow('outer');
      expect(await t.getResource('User', alice.id)).toBeUndefined();
    });

    it('runs 50 concurrent transactions inserting users and commits them all', async () => {
      const t = await newTenant();
      const users = Array.from({ length: 50 }, (_, i) => user(`concurrent${i}`));
      await Promise.all(
        users.map((u) => t.transaction((tx) => tx.transaction((op) => op.insertResource(u)))),
      );
      expect((await t.list({ resourceType: 'User', startIndex: 1, count: 0 })).totalResults).toBe(
        50,
      );
    });

    it('runs 1,000 savepoints in one transaction', async () => {
      const t = await newTenant();
      await t.transaction(async (tx) => {
        for (let i = 0; i < 1000; i++)
          await tx.transaction((op) => op.insertResource(user(`bulk${i}`)));
      });
      expect((await t.list({ resourceType: 'User', startIndex: 1, count: 0 })).totalResults).toBe(
        1000,
      );
    });
  });

  describe('tenant isolation', () => {
    it('never resolves an id of tenant B through tenant A’s handle', async () => {
      const a = await newTenant();
      const b = await newTenant();
      const bob = user('bob');
      const team = group('team');
      await b.insertResource(bob);
      await b.insertResource(team);
      await b.addMembers(team.id, [member(bob.id)]);

      expect(await a.getResource('User', bob.id)).toBeUndefined();
      expect(await a.getResource('Group', team.id)).toBeUndefined();
      expect(await a.updateResource({ ...bob, name: 'hijack' })).toBe(false);
      expect(await a.updateResource({ ...bob, name: 'hijack' }, 'W/"1"')).toBe(false);
      expect(await a.listMembers(team.id)).toEqual([]);
      expect(await a.removeMembers(team.id, [bob.id])).toBe(0);
      await a.replaceMembers(team.id, []);
      await a.addMembers(team.id, [member('intruder')]);
      expect((await a.listGroupsOf([bob.id])).get(bob.id)).toEqual([]);
      expect(await a.findResourceTypes([bob.id, team.id])).toEqual(new Map());
      expect((await a.list({ resourceType: 'User', startIndex: 1, count: 10 })).totalResults).toBe(
        0,
      );
      expect(await a.transaction((tx) => tx.getResource('User', bob.id))).toBeUndefined();
      expect(await a.deleteResource('User', bob.id)).toBe(false);
      expect(await a.deleteResource('Group', team.id)).toBe(false);

      expect(await b.getResource('User', bob.id)).toEqual(bob);
      expect(await b.listMembers(team.id)).toEqual([member(bob.id)]);
      expect((await b.listGroupsOf([bob.id])).get(bob.id)).toEqual([
        { id: team.id, displayName: 'team' },
      ]);
    });
  });
});
