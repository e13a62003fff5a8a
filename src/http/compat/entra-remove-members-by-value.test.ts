import { describe, expect, it } from 'vitest';
import { contextFor } from './fixtures/compat-test-support.js';
import { entraRemoveMembersByValue } from './entra-remove-members-by-value.js';

describe('entraRemoveMembersByValue', () => {
  it('rewrites a members remove carrying a value array into a value filter naming exactly those members', () => {
    const operations = [
      { op: 'remove' as const, path: 'members', value: [{ value: 'a"1' }, { Value: 'b2' }] },
    ];
    expect(entraRemoveMembersByValue.normalise(operations, contextFor('Group'))).toEqual([
      { op: 'remove', path: 'members[value eq "a\\"1" or value eq "b2"]' },
    ]);
  });

  it('returns undefined for a standard remove and for a User', () => {
    const standard = [{ op: 'remove' as const, path: 'members[value eq "a"]' }];
    expect(entraRemoveMembersByValue.normalise(standard, contextFor('Group'))).toBeUndefined();
    const onUser = [{ op: 'remove' as const, path: 'members', value: [{ value: 'a' }] }];
    expect(entraRemoveMembersByValue.normalise(onUser, contextFor('User'))).toBeUndefined();
  });

  it('leaves a value without member ids for the engine to refuse', () => {
    const operations = [{ op: 'remove' as const, path: 'members', value: [{ display: 'Alice' }] }];
    expect(entraRemoveMembersByValue.normalise(operations, contextFor('Group'))).toBeUndefined();
  });
});
