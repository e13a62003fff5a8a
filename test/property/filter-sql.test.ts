import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResourceRecord, Store } from '../../src/provisioning/ports.js';
import type { ScimError } from '../../src/scim/errors.js';
import { evaluateFilter, parseFilter, resolveFilter } from '../../src/scim/filter/index.js';
import { createSchemaRegistry } from '../../src/scim/schema/index.js';
import type { ResourceTypeName, ScimResource } from '../../src/scim/schema/types.js';
import { URN } from '../../src/scim/urns.js';
import { createTestDatabase, testDatabaseNames } from '../support/databases.js';
import type { TestDatabase } from '../support/databases.js';

const registry = createSchemaRegistry();

/** Small pools so generated filters hit generated values; they include LIKE wildcards, case and non-ASCII. */
const words = [
  'alice',
  'Alice',
  'ALI',
  'bob',
  'al',
  'ice',
  'a_b',
  'a%b',
  'x\\y',
  'Émile',
  'émi',
  'work',
  'Home',
  '',
];
const times = ['2026-01-01T00:00:00.000Z', '2026-01-01T00:00:05.000Z', '2026-01-01T00:00:10.000Z'];
const timeLiterals = [
  ...times,
  '2026-01-01T00:00:05Z',
  '2026-01-01T01:00:05+01:00',
  '2026-01-01T00:00:07',
];

const word = fc.constantFrom(...words);
const optional = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined });

const emailArbitrary = fc.record(
  {
    value: word,
    type: optional(fc.constantFrom('work', 'home', 'WORK')),
    primary: optional(fc.boolean()),
  },
  { requiredKeys: ['value'] },
);

const userArbitrary = fc.record(
  {
    userName: fc.string({
      minLength: 1,
      maxLength: 3,
      unit: fc.constantFrom('a', 'A', 'b', '_', '%', 'é'),
    }),
    externalId: optional(word),
    title: optional(word),
    nickName: optional(word),
    active: optional(fc.boolean()),
    name: optional(
      fc.record({ givenName: optional(word), familyName: optional(word) }, { requiredKeys: [] }),
    ),
    emails: optional(fc.array(emailArbitrary, { maxLength: 3 })),
    employeeNumber: optional(word),
    created: fc.constantFrom(...times),
    groups: fc.subarray(['g1', 'g2']),
  },
  { requiredKeys: ['userName', 'created', 'groups'] },
);

const usersArbitrary = fc.uniqueArray(userArbitrary, {
  maxLength: 8,
  selector: (user) => user.userName.toLowerCase(),
});

type GeneratedUser = typeof userArbitrary extends fc.Arbitrary<infer T> ? T : never;

const quote = (text: string) => JSON.stringify(text);
const stringOperator = fc.constantFrom('eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le');
const stringPaths = [
  'userName',
  'USERNAME',
  'externalId',
  'id',
  'title',
  'nickName',
  'name.givenName',
  'name.familyName',
  'emails',
  'emails.value',
  'emails.type',
  'groups.value',
  'groups',
  `${URN.enterpriseUser}:employeeNumber`,
  `${URN.user}:userName`,
];

const compare = fc.oneof(
  fc
    .tuple(
      fc.constantFrom(...stringPaths),
      stringOperator,
      fc.oneof(word, fc.constantFrom('u-1', 'u-2', 'g1', 'g2')),
    )
    .map(([path, operator, value]) => `${path} ${operator} ${quote(value)}`),
  fc
    .tuple(fc.constantFrom('active', 'emails.primary'), fc.constantFrom('eq', 'ne'), fc.boolean())
    .map(([path, operator, value]) => `${path} ${operator} ${value}`),
  fc
    .tuple(
      fc.constantFrom('meta.created', 'meta.lastModified'),
      fc.constantFrom('eq', 'ne', 'gt', 'ge', 'lt', 'le'),
      fc.constantFrom(...timeLiterals),
    )
    .map(([path, operator, value]) => `${path} ${operator} ${quote(value)}`),
  fc
    .tuple(
      fc.constantFrom(...stringPaths, 'active', 'name', 'emails.primary', 'meta.created'),
      fc.constantFrom('pr', 'eq null', 'ne null'),
    )
    .map(([path, operator]) => `${path} ${operator}`),
  fc
    .tuple(
      fc.constantFrom('schemas'),
      fc.constantFrom('eq', 'co'),
      fc.constantFrom(URN.enterpriseUser, URN.user.toUpperCase(), 'enterprise'),
    )
    .map(([path, operator, value]) => `${path} ${operator} ${quote(value)}`),
);

const subAttributes: Record<string, { strings: string[]; booleans: string[] }> = {
  emails: { strings: ['value', 'type', 'display'], booleans: ['primary'] },
  name: { strings: ['givenName', 'familyName'], booleans: [] },
  groups: { strings: ['value', 'display', 'type'], booleans: [] },
};

/** A value filter `[...]` over the sub-attributes of one complex attribute. */
function valueFilter(path: string): fc.Arbitrary<string> {
  const { strings, booleans } = subAttributes[path]!;
  const leaf = fc.oneof(
    fc
      .tuple(
        fc.constantFrom(...strings),
        stringOperator,
        fc.oneof(word, fc.constantFrom('direct', 'g1', 'Group g2')),
      )
      .map(([sub, operator, value]) => `${sub} ${operator} ${quote(value)}`),
    fc
      .tuple(fc.constantFrom(...strings, ...booleans), fc.constantFrom('pr', 'eq null', 'ne null'))
      .map(([sub, op]) => `${sub} ${op}`),
    ...(booleans.length === 0
      ? []
      : [
          fc
            .tuple(fc.constantFrom(...booleans), fc.boolean())
            .map(([sub, value]) => `${sub} eq ${value}`),
        ]),
  );
  return fc
    .oneof(
      leaf,
      fc
        .tuple(leaf, fc.constantFrom('and', 'or'), leaf)
        .map(([left, op, right]) => `(${left}) ${op} (${right})`),
      leaf.map((inner) => `not (${inner})`),
    )
    .map((inner) => `${path}[${inner}]`);
}

const { filter: filterText } = fc.letrec<{ filter: string }>((tie) => ({
  filter: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    compare,
    fc.constantFrom('emails', 'name', 'groups').chain(valueFilter),
    fc
      .tuple(tie('filter'), fc.constantFrom('and', 'or'), tie('filter'))
      .map(([left, op, right]) => `(${left}) ${op} (${right})`),
    tie('filter').map((inner) => `not (${inner})`),
  ),
}));

/** The stored record and the wire resource (the oracle's input) of one generated user. */
function materialise(
  user: GeneratedUser,
  index: number,
): { record: ResourceRecord; resource: ScimResource } {
  const id = `u-${index + 1}`;
  const attributes: ScimResource = { schemas: [URN.user], userName: user.userName };
  for (const key of ['title', 'nickName', 'active', 'name', 'emails'] as const) {
    if (user[key] !== undefined) attributes[key] = user[key];
  }
  if (user.employeeNumber !== undefined) {
    attributes['schemas'] = [URN.user, URN.enterpriseUser];
    attributes[URN.enterpriseUser] = { employeeNumber: user.employeeNumber };
  }
  const lastModified = times[(times.indexOf(user.created) + index) % times.length] ?? user.created;
  const record: ResourceRecord = {
    resourceType: 'User',
    id,
    externalId: user.externalId ?? null,
    name: user.userName,
    created: user.created,
    lastModified,
    version: `W/"${index}"`,
    attributes,
  };
  const resource: ScimResource = {
    ...attributes,
    id,
    ...(user.externalId === undefined ? {} : { externalId: user.externalId }),
    meta: {
      resourceType: 'User',
      created: user.created,
      lastModified,
      version: record.version,
      location: `/Users/${id}`,
    },
    ...(user.groups.length === 0
      ? {}
      : {
          groups: user.groups.map((group) => ({
            value: group,
            display: `Group ${group}`,
            type: 'direct',
          })),
        }),
  };
  return { record, resource };
}

function group(id: string): ResourceRecord {
  return {
    resourceType: 'Group' as ResourceTypeName,
    id,
    externalId: null,
    name: `Group ${id}`,
    created: times[0]!,
    lastModified: times[0]!,
    version: 'W/"0"',
    attributes: { schemas: [URN.group], displayName: `Group ${id}` },
  };
}

describe.each(testDatabaseNames)('filter → SQL on %s', (name) => {
  let database: TestDatabase;
  let store: Store;
  let run = 0;

  beforeAll(async () => {
    database = await createTestDatabase(name);
    store = database.store;
  });

  afterAll(async () => {
    await database.drop();
  });

  it('returns exactly the users the in-memory evaluator selects, for generated users and filters', async () => {
    await fc.assert(
      fc.asyncProperty(usersArbitrary, filterText, async (users, text) => {
        const tenantId = `property-${++run}`;
        await store.createTenant(tenantId, times[0]!);
        try {
          const tenant = store.forTenant(tenantId);
          const materialised = users.map(materialise);
          await tenant.transaction(async (tx) => {
            for (const id of ['g1', 'g2']) await tx.insertResource(group(id));
            for (const { record } of materialised) await tx.insertResource(record);
            for (const [index, user] of users.entries()) {
              for (const groupId of user.groups) {
                await tx.addMembers(groupId, [
                  { value: `u-${index + 1}`, type: 'User', display: null },
                ]);
              }
            }
          });
          const filter = parseFilter(text);
          const query = { resourceType: 'User' as const, filter, startIndex: 1, count: 100 };
          let expected: string[];
          try {
            resolveFilter(registry, 'User', filter);
            expected = materialised
              .filter(({ resource }) => evaluateFilter(registry, 'User', filter, resource))
              .map(({ record }) => record.id)
              .sort();
          } catch (error) {
            // A filter the evaluator refuses must be refused by the store with the same error.
            const { status, scimType } = error as ScimError;
            await expect(tenant.list(query)).rejects.toMatchObject({ status, scimType });
            return;
          }
          const result = await tenant.list(query);
          expect(result.records.map((record) => record.id).sort()).toEqual(expected);
          expect(result.totalResults).toBe(expected.length);
        } finally {
          await store.deleteTenant(tenantId);
        }
      }),
      { numRuns: 150 },
    );
  });
});
