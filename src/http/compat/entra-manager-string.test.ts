import { describe, expect, it } from 'vitest';
import { URN } from '../../scim/urns.js';
import { contextFor } from './fixtures/compat-test-support.js';
import { entraManagerString } from './entra-manager-string.js';

describe('entraManagerString', () => {
  it('wraps a bare manager id given by path as {value}', () => {
    const operations = [
      { op: 'replace' as const, path: `${URN.enterpriseUser}:manager`, value: 'boss' },
    ];
    expect(entraManagerString.normalise(operations, contextFor('User'))).toEqual([
      { op: 'replace', path: `${URN.enterpriseUser}:manager`, value: { value: 'boss' } },
    ]);
  });

  it('wraps a bare manager id inside a path-less enterprise object', () => {
    const operations = [
      { op: 'add' as const, value: { [URN.enterpriseUser]: { Manager: 'boss', department: 'x' } } },
    ];
    expect(entraManagerString.normalise(operations, contextFor('User'))).toEqual([
      {
        op: 'add',
        value: { [URN.enterpriseUser]: { Manager: { value: 'boss' }, department: 'x' } },
      },
    ]);
  });

  it('wraps a bare manager id inside a value for the extension path', () => {
    const operations = [
      { op: 'add' as const, path: URN.enterpriseUser, value: { manager: 'boss' } },
    ];
    expect(entraManagerString.normalise(operations, contextFor('User'))).toEqual([
      { op: 'add', path: URN.enterpriseUser, value: { manager: { value: 'boss' } } },
    ]);
  });

  it('returns undefined for a manager already given as an object', () => {
    const operations = [
      { op: 'add' as const, path: `${URN.enterpriseUser}:manager`, value: { value: 'boss' } },
    ];
    expect(entraManagerString.normalise(operations, contextFor('User'))).toBeUndefined();
  });
});
