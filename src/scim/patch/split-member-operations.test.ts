import { describe, expect, it } from 'vitest';
import { URN } from '../urns.js';
import { splitMemberOperations } from './split-member-operations.js';

const alice = { value: '2819c223-7f76-453a-919d-413861904646', display: 'Alice' };
const bob = { value: '902c246b-6245-4190-8e05-00816be7344a' };

describe('splitMemberOperations', () => {
  it('turns members add, remove by value filter, replace and remove-all into deltas in request order', () => {
    expect(
      splitMemberOperations([
        {
          op: 'add',
          path: 'members',
          value: [{ ...alice, $ref: 'https://example.com/v2/Users/x', type: 'User' }],
        },
        { op: 'remove', path: `members[value eq "${alice.value}"]` },
        { op: 'replace', path: 'members', value: [bob] },
        { op: 'remove', path: 'members' },
      ]),
    ).toEqual({
      memberChanges: [
        { kind: 'add', members: [{ ...alice, type: 'User' }], operation: 0 },
        { kind: 'remove', values: [alice.value], operation: 1 },
        { kind: 'replace', members: [bob], operation: 2 },
        { kind: 'removeAll', operation: 3 },
      ],
      otherOperations: [],
      otherIndexes: [],
    });
  });

  it('reads an or of value equalities as one removal of several members', () => {
    const path = `members[value eq "${alice.value}" or value eq "${bob.value}"]`;
    expect(splitMemberOperations([{ op: 'remove', path }])?.memberChanges).toEqual([
      { kind: 'remove', values: [alice.value, bob.value], operation: 0 },
    ]);
  });

  it('splits a path-less value into a members delta and an operation on the other attributes', () => {
    expect(
      splitMemberOperations([
        { op: 'replace', value: { displayName: 'Guides', Members: [alice] } },
      ]),
    ).toEqual({
      memberChanges: [{ kind: 'replace', members: [alice], operation: 0 }],
      otherOperations: [{ op: 'replace', value: { displayName: 'Guides' } }],
      otherIndexes: [0],
    });
  });

  it('passes operations on other attributes through untouched', () => {
    const rename = { op: 'replace' as const, path: 'displayName', value: 'Guides' };
    expect(splitMemberOperations([rename])).toEqual({
      memberChanges: [],
      otherOperations: [rename],
      otherIndexes: [0],
    });
  });

  it('reads the members path case-insensitively and URN-qualified', () => {
    const result = splitMemberOperations([
      { op: 'add', path: 'MEMBERS', value: [bob] },
      { op: 'add', path: `${URN.group}:members`, value: bob },
    ]);
    expect(result?.memberChanges).toEqual([
      { kind: 'add', members: [bob], operation: 0 },
      { kind: 'add', members: [bob], operation: 1 },
    ]);
  });

  it('reads replace with an empty list as a replace by no members, as Okta sends', () => {
    expect(
      splitMemberOperations([{ op: 'replace', path: 'members', value: [] }])?.memberChanges,
    ).toEqual([{ kind: 'replace', members: [], operation: 0 }]);
  });

  it('keeps the request index of operations on other attributes around member changes', () => {
    const result = splitMemberOperations([
      { op: 'add', path: 'members', value: [bob] },
      { op: 'replace', path: 'displayName', value: 'Guides' },
      { op: 'remove', path: `members[value eq "${bob.value}"]` },
      { op: 'add', path: 'externalId', value: 'g-1' },
    ]);
    expect(result?.otherIndexes).toEqual([1, 3]);
    expect(result?.memberChanges.map((change) => change.operation)).toEqual([0, 2]);
  });

  it.each([
    ['a filter on display', { op: 'remove', path: 'members[display eq "Alice"]' }],
    ['a filter with and', { op: 'remove', path: `members[value eq "a" and type eq "User"]` }],
    [
      'a sub-attribute path',
      { op: 'replace', path: `members[value eq "${alice.value}"].display`, value: 'A' },
    ],
    [
      'a replace through a filter',
      { op: 'replace', path: `members[value eq "${alice.value}"]`, value: alice },
    ],
    ['a member without value', { op: 'add', path: 'members', value: [{ display: 'Alice' }] }],
    [
      'a member with an unknown sub-attribute',
      { op: 'add', path: 'members', value: [{ ...alice, colour: 'red' }] },
    ],
    ['a remove carrying a value', { op: 'remove', path: 'members', value: [alice] }],
    ['a malformed path', { op: 'remove', path: 'members[value eq' }],
  ] as const)('returns undefined for %s, so the caller loads the members', (_name, operation) => {
    expect(
      splitMemberOperations([{ op: 'add', path: 'displayName', value: 'x' }, operation]),
    ).toBeUndefined();
  });
});
