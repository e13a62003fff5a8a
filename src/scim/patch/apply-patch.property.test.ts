import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isScimError } from '../errors.js';
import { URN } from '../urns.js';
import { applyPatch } from './apply-patch.js';
import { deepFreeze, registry, user } from './fixtures/patch-test-support.js';
import type { PatchOperation } from './parse-patch-request.js';

const paths = [
  'id',
  'meta',
  'meta.version',
  'groups',
  'groups[value eq "e9e30dba-f08f-4109-8486-d5c6a331660a"].display',
  'userName',
  'nickName',
  'title',
  'active',
  'name',
  'name.givenName',
  'emails',
  'emails.value',
  'emails[type eq "work"]',
  'emails[type eq "work"].value',
  'emails[type eq "home"].primary',
  'emails[value co "@"]',
  'addresses[type eq work].locality',
  'phoneNumbers[type eq "mobile"].value',
  `${URN.enterpriseUser}:manager`,
  `${URN.enterpriseUser}:manager.value`,
  `${URN.enterpriseUser}:employeeNumber`,
  URN.enterpriseUser,
  'favoriteColor',
  'emails[type eq "work"',
  'name[givenName eq "x"]',
  '',
];

const scalar = fc.oneof(
  fc.constantFrom('Babs', 'work', 'home', 'bjensen@example.com', 'True', ''),
  fc.boolean(),
  fc.integer({ min: -2, max: 2 }),
  fc.constant(null),
);
const attributeNames = fc.constantFrom(
  'value',
  'type',
  'primary',
  'givenName',
  'display',
  'nickName',
  'id',
  'title',
);
const element = fc.dictionary(attributeNames, scalar, { maxKeys: 3 });
const value = fc.oneof(
  scalar,
  element,
  fc.array(element, { maxLength: 2 }),
  fc.array(scalar, { maxLength: 2 }),
);

const wellTyped: fc.Arbitrary<PatchOperation> = fc.constantFrom<PatchOperation>(
  { op: 'replace', path: 'nickName', value: 'Babs' },
  { op: 'add', path: 'title', value: 'Tour Guide' },
  { op: 'replace', path: 'active', value: false },
  { op: 'add', path: 'emails', value: [{ value: 'x@example.com', type: 'other', primary: true }] },
  { op: 'replace', path: 'emails[type eq "work"].value', value: 'w@example.com' },
  { op: 'replace', path: 'emails[type eq "home"].primary', value: true },
  { op: 'remove', path: 'addresses[type eq work].locality' },
  { op: 'add', path: `${URN.enterpriseUser}:manager.value`, value: 'boss' },
  { op: 'remove', path: URN.enterpriseUser },
  { op: 'remove', path: 'name.givenName' },
  { op: 'replace', value: { id: user.id, title: 'Guide' } },
  { op: 'replace', path: 'groups', value: user.groups },
  { op: 'replace', path: 'meta', value: user.meta },
  { op: 'add', path: 'phoneNumbers[type eq "mobile"].value', value: '555-0100' },
);

const operation: fc.Arbitrary<PatchOperation> = fc.oneof(
  { arbitrary: wellTyped, weight: 4 },
  fc.record({ op: fc.constantFrom('add', 'replace'), path: fc.constantFrom(...paths), value }),
  fc.record({ op: fc.constant('remove'), path: fc.constantFrom(...paths) }),
  fc.record({
    op: fc.constantFrom('add', 'replace'),
    value: fc.dictionary(
      fc.constantFrom('title', 'active', 'id', 'emails', 'name', URN.enterpriseUser),
      value,
      {
        maxKeys: 3,
      },
    ),
  }),
) as fc.Arbitrary<PatchOperation>;

const operations = fc.array(operation, { minLength: 1, maxLength: 4 });
const frozenUser = deepFreeze(structuredClone(user));

type Outcome =
  { ok: true; resource: Record<string, unknown>; changed: boolean } | { ok: false; error: unknown };

function attempt(ops: readonly PatchOperation[], resource = frozenUser): Outcome {
  try {
    return { ok: true, ...applyPatch(registry, 'User', resource, ops) };
  } catch (error) {
    return { ok: false, error };
  }
}

describe('applyPatch laws', () => {
  it('never mutates its input (the input is deeply frozen)', () => {
    fc.assert(
      fc.property(operations, (ops) => {
        attempt(ops);
        expect(frozenUser).toEqual(user);
      }),
    );
  });

  it('throws nothing but ScimErrors', () => {
    fc.assert(
      fc.property(operations, (ops) => {
        const outcome = attempt(ops);
        if (!outcome.ok) expect(isScimError(outcome.error)).toBe(true);
      }),
    );
  });

  it('is atomic: a patch whose last operation fails throws for that operation and changes nothing', () => {
    fc.assert(
      fc.property(operations, (ops) => {
        fc.pre(attempt(ops).ok);
        const failing: PatchOperation = { op: 'replace', path: 'favoriteColor', value: 'red' };
        const outcome = attempt([...ops, failing]);
        expect(outcome.ok).toBe(false);
        if (!outcome.ok && isScimError(outcome.error)) {
          expect(outcome.error.detail).toMatch(new RegExp(`^Operations\\[${ops.length}\\]: `));
        }
        expect(frozenUser).toEqual(user);
      }),
    );
  });

  it('never changes the readOnly id, meta and groups', () => {
    let accepted = 0;
    fc.assert(
      fc.property(operations, (ops) => {
        const outcome = attempt(ops);
        if (!outcome.ok) return;
        accepted += 1;
        expect([outcome.resource.id, outcome.resource.meta, outcome.resource.groups]).toEqual([
          user.id,
          user.meta,
          user.groups,
        ]);
      }),
    );
    expect(accepted).toBeGreaterThan(10);
  });

  it('gives the same result for a replace applied twice as for it applied once', () => {
    const replace = operation.filter((op) => op.op === 'replace');
    fc.assert(
      fc.property(replace, (op) => {
        const once = attempt([op]);
        const twice = attempt([op, op]);
        if (!once.ok) {
          expect(twice.ok).toBe(false);
        } else if (twice.ok) {
          expect(twice.resource).toEqual(once.resource);
        } else {
          // A replace through a value filter whose new values no longer match that filter finds
          // no target the second time (RFC 7644 §3.5.2.3): the only way twice may fail.
          expect(isScimError(twice.error) && twice.error.scimType).toBe('noTarget');
          const again = attempt([{ op: 'remove', path: op.path }], once.resource);
          expect(!again.ok && isScimError(again.error) && again.error.scimType).toBe('noTarget');
        }
      }),
    );
  });

  it('reports changed exactly when the result differs from the input', () => {
    fc.assert(
      fc.property(operations, (ops) => {
        const outcome = attempt(ops);
        if (outcome.ok) expect(outcome.changed).toBe(!isDeepStrictEqual(outcome.resource, user));
      }),
    );
  });
});
