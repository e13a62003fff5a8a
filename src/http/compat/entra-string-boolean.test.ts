import { describe, expect, it } from 'vitest';
import { contextFor } from './fixtures/compat-test-support.js';
import { entraStringBoolean } from './entra-string-boolean.js';

describe('entraStringBoolean', () => {
  it('reads "True" and "False", in any case, as booleans where the schema says boolean', () => {
    const operations = [
      { op: 'replace' as const, path: 'active', value: 'False' },
      { op: 'replace' as const, path: 'emails[type eq "work"].primary', value: 'TRUE' },
      { op: 'add' as const, path: 'emails', value: [{ value: 'a@example.com', primary: 'true' }] },
      {
        op: 'replace' as const,
        value: { active: 'True', emails: [{ value: 'b@example.com', Primary: 'false' }] },
      },
    ];
    expect(entraStringBoolean.normalise(operations, contextFor('User'))).toEqual([
      { op: 'replace', path: 'active', value: false },
      { op: 'replace', path: 'emails[type eq "work"].primary', value: true },
      { op: 'add', path: 'emails', value: [{ value: 'a@example.com', primary: true }] },
      {
        op: 'replace',
        value: { active: true, emails: [{ value: 'b@example.com', Primary: false }] },
      },
    ]);
  });

  it('leaves strings of string attributes alone', () => {
    const operations = [{ op: 'replace' as const, path: 'title', value: 'False' }];
    expect(entraStringBoolean.normalise(operations, contextFor('User'))).toBeUndefined();
  });

  it('leaves other strings of boolean attributes for the engine to refuse', () => {
    const operations = [{ op: 'replace' as const, path: 'active', value: 'yes' }];
    expect(entraStringBoolean.normalise(operations, contextFor('User'))).toBeUndefined();
  });
});
