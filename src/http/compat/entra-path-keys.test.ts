import { describe, expect, it } from 'vitest';
import { URN } from '../../scim/urns.js';
import { contextFor } from './fixtures/compat-test-support.js';
import { entraPathKeys } from './entra-path-keys.js';

describe('entraPathKeys', () => {
  it('expands dotted and URN-qualified keys of a path-less value into operations with that path', () => {
    const operations = [
      {
        op: 'replace' as const,
        value: {
          displayName: 'Babs',
          'name.givenName': 'Barbara',
          [`${URN.enterpriseUser}:employeeNumber`]: '1',
        },
      },
    ];
    expect(entraPathKeys.normalise(operations, contextFor('User'))).toEqual([
      { op: 'replace', value: { displayName: 'Babs' } },
      { op: 'replace', path: 'name.givenName', value: 'Barbara' },
      { op: 'replace', path: `${URN.enterpriseUser}:employeeNumber`, value: '1' },
    ]);
  });

  it('expands dotted keys inside an extension object', () => {
    const operations = [
      {
        op: 'add' as const,
        value: { [URN.enterpriseUser]: { 'manager.value': 'boss', department: 'Tours' } },
      },
    ];
    expect(entraPathKeys.normalise(operations, contextFor('User'))).toEqual([
      { op: 'add', value: { [URN.enterpriseUser]: { department: 'Tours' } } },
      { op: 'add', path: `${URN.enterpriseUser}:manager.value`, value: 'boss' },
    ]);
  });

  it('returns undefined for plain keys and extension URN keys', () => {
    const operations = [
      {
        op: 'replace' as const,
        value: { active: false, [URN.enterpriseUser]: { department: 'x' } },
      },
    ];
    expect(entraPathKeys.normalise(operations, contextFor('User'))).toBeUndefined();
  });
});
