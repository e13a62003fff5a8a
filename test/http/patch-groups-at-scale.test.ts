import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeyRing, ensureSigningKey, issueToken } from '../../src/auth/index.js';
import { loadConfig } from '../../src/config/index.js';
import { createApp } from '../../src/http/index.js';
import type { FastifyInstance } from 'fastify';
import {
  createResourceId,
  createVersion,
  type MemberRecord,
  type Store,
  type TenantStore,
} from '../../src/provisioning/index.js';
import { createSchemaRegistry } from '../../src/scim/schema/index.js';
import { URN } from '../../src/scim/urns.js';
import { createTestDatabase, testDatabaseNames, type TestDatabase } from '../support/databases.js';
import { PUBLIC_URL } from '../support/test-app.js';
import { bodyOf } from './scim-expectations.js';

const GROUP_SIZE = 2_000;

type Calls = Map<string, number>;

/** A TenantStore that counts every membership call, inside transactions too. */
function countingTenantStore(inner: TenantStore, calls: Calls): TenantStore {
  return new Proxy(inner, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      const name = String(property);
      if (name === 'transaction') {
        return <T>(work: (store: TenantStore) => Promise<T>) =>
          target.transaction((store) => work(countingTenantStore(store, calls)));
      }
      return (...args: unknown[]) => {
        calls.set(name, (calls.get(name) ?? 0) + 1);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

function countingStore(inner: Store, calls: Calls): Store {
  return new Proxy(inner, {
    get(target, property, receiver) {
      if (property === 'forTenant') {
        return (tenantId: string) => countingTenantStore(target.forTenant(tenantId), calls);
      }
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

describe.each(testDatabaseNames)('PATCH on a large group over %s', (database) => {
  const calls: Calls = new Map();
  let db: TestDatabase;
  let app: FastifyInstance;
  let token: string;
  let groupId: string;
  let newcomer: string;
  let leaver: string;

  const base = '/api/v1/tenants/acme/scim/v2';
  const patch = (path: string, Operations: unknown[], headers: Record<string, string> = {}) =>
    app.inject({
      method: 'PATCH',
      url: `${base}${path}`,
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/scim+json',
        ...headers,
      },
      payload: JSON.stringify({ schemas: [URN.patchOp], Operations }),
    });

  beforeAll(async () => {
    db = await createTestDatabase(database);
    await ensureSigningKey(db.store);
    await db.store.createTenant('acme', new Date().toISOString());
    const keys = createKeyRing(db.store);
    app = createApp({
      store: countingStore(db.store, calls),
      keys,
      registry: createSchemaRegistry(),
      config: loadConfig({ ROSTER_PUBLIC_URL: PUBLIC_URL, ROSTER_DATABASE_URL: db.url }),
      hashPassword: async (password) => password,
      logger: false,
    });
    await app.ready();
    token = await issueToken(keys, {
      tenantId: 'acme',
      scopes: ['scim:read', 'scim:write'],
      ttlSeconds: 3600,
    });

    const store = db.store.forTenant('acme');
    const now = new Date().toISOString();
    const record = (resourceType: 'User' | 'Group', name: string) => ({
      resourceType,
      id: createResourceId(),
      externalId: null,
      name,
      created: now,
      lastModified: now,
      version: createVersion(),
      attributes:
        resourceType === 'User'
          ? { schemas: [URN.user], userName: name }
          : { schemas: [URN.group], displayName: name },
    });
    const members: MemberRecord[] = [];
    await store.transaction(async (tx) => {
      for (let i = 0; i <= GROUP_SIZE + 1; i++) {
        const user = record('User', `bulk-user-${i}`);
        await tx.insertResource(user);
        if (i < GROUP_SIZE) members.push({ value: user.id, type: 'User', display: null });
        else newcomer = user.id;
      }
      const group = record('Group', 'Everyone');
      groupId = group.id;
      await tx.insertResource(group);
      await tx.addMembers(group.id, members);
    });
    leaver = members[0]!.value;
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('adds one member without loading the member list and returns no members when excluded', async () => {
    calls.clear();
    const response = await patch(`/Groups/${groupId}?excludedAttributes=members`, [
      { op: 'add', path: 'members', value: [{ value: newcomer }] },
    ]);
    expect(response.statusCode, response.body).toBe(200);
    const body = bodyOf(response);
    expect(body).toMatchObject({ id: groupId, displayName: 'Everyone' });
    expect(body).not.toHaveProperty('members');
    expect(calls.get('listMembers') ?? 0).toBe(0);
    expect(calls.get('replaceMembers') ?? 0).toBe(0);
    expect(calls.get('addMembers')).toBe(1);
    expect((await db.store.forTenant('acme').listMembers(groupId)).length).toBe(GROUP_SIZE + 1);
  });

  it('removes one member by value filter without loading the member list', async () => {
    calls.clear();
    const response = await patch(`/Groups/${groupId}?excludedAttributes=members`, [
      { op: 'remove', path: `members[value eq "${leaver}"]` },
    ]);
    expect(response.statusCode, response.body).toBe(200);
    expect(bodyOf(response)).not.toHaveProperty('members');
    expect(calls.get('listMembers') ?? 0).toBe(0);
    expect(calls.get('removeMembers')).toBe(1);
    const remaining = await db.store.forTenant('acme').listMembers(groupId);
    expect(remaining.length).toBe(GROUP_SIZE);
    expect(remaining.some((member) => member.value === leaver)).toBe(false);
  });

  it('answers 204 without loading the member list when the client asks for no body', async () => {
    calls.clear();
    const response = await patch(`/Groups/${groupId}`, [
      { op: 'add', path: 'members', value: [{ value: leaver }] },
    ]);
    expect(response.statusCode, response.body).toBe(204);
    expect(response.body).toBe('');
    expect(calls.get('listMembers') ?? 0).toBe(0);
    expect(calls.get('replaceMembers') ?? 0).toBe(0);
    expect(calls.get('addMembers')).toBe(1);
    const stored = await db.store.forTenant('acme').listMembers(groupId);
    expect(stored.length).toBe(GROUP_SIZE + 1);
    expect(stored.some((member) => member.value === leaver)).toBe(true);
  });

  it('loads the members once, to answer with them, for Prefer: return=representation', async () => {
    calls.clear();
    const response = await patch(
      `/Groups/${groupId}`,
      [{ op: 'remove', path: `members[value eq "${newcomer}"]` }],
      { prefer: 'return=representation' },
    );
    expect(response.statusCode, response.body).toBe(200);
    const members = bodyOf(response).members as { value: string }[];
    expect(members.length).toBe(GROUP_SIZE);
    expect(members.some((member) => member.value === newcomer)).toBe(false);
    expect(calls.get('listMembers')).toBe(1);
  });
});
