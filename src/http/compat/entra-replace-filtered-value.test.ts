import { describe, expect, it } from 'vitest';
import { contextFor } from './fixtures/compat-test-support.js';
import { entraReplaceFilteredValue } from './entra-replace-filtered-value.js';

describe('entraReplaceFilteredValue', () => {
  it('turns a replace of a filtered sub-attribute into an add', () => {
    const operations = [
      { op: 'replace' as const, path: 'emails[type eq "work"].value', value: 'a@example.com' },
    ];
    expect(entraReplaceFilteredValue.normalise(operations, contextFor('User'))).toEqual([
      { op: 'add', path: 'emails[type eq "work"].value', value: 'a@example.com' },
    ]);
  });

  it('returns undefined for a replace of a whole filtered value or of a plain path', () => {
    const operations = [
      { op: 'replace' as const, path: 'emails[type eq "work"]', value: { value: 'a@example.com' } },
      { op: 'replace' as const, path: 'name.givenName', value: 'Barbara' },
    ];
    expect(entraReplaceFilteredValue.normalise(operations, contextFor('User'))).toBeUndefined();
  });
});
