import { describe, expect, it } from 'vitest';
import { valuesEqual } from './compare-values.js';
import { createSchemaRegistry } from './schema-registry.js';
import type { AttributeDefinition } from './types.js';

const registry = createSchemaRegistry();
const definition = (attribute: string, subAttribute?: string): AttributeDefinition => {
  const resolved = registry.resolveAttribute('User', {
    attribute,
    ...(subAttribute ? { subAttribute } : {}),
  });
  if (!resolved) throw new Error(`no ${attribute}`);
  return resolved.subAttribute ?? resolved.attribute;
};

describe('valuesEqual', () => {
  it('ignores case for caseExact:false strings', () => {
    expect(valuesEqual(definition('userName'), 'BJensen', 'bjensen')).toBe(true);
  });

  it('honours case for caseExact:true strings', () => {
    expect(valuesEqual(definition('id'), 'ABC', 'abc')).toBe(false);
    expect(valuesEqual(definition('externalId'), 'x', 'x')).toBe(true);
  });

  it('compares dateTime values chronologically', () => {
    const created = definition('meta', 'created');
    expect(valuesEqual(created, '2011-05-13T04:42:34Z', '2011-05-13T06:42:34+02:00')).toBe(true);
    expect(valuesEqual(created, '2011-05-13T04:42:34Z', '2011-05-13T04:42:35Z')).toBe(false);
  });

  it('compares complex values by sub-attribute characteristics', () => {
    const emails = definition('emails');
    expect(
      valuesEqual(
        emails,
        { value: 'A@example.com', type: 'work' },
        { VALUE: 'a@example.com', type: 'WORK' },
      ),
    ).toBe(true);
    expect(
      valuesEqual(emails, { value: 'a@example.com' }, { value: 'a@example.com', primary: true }),
    ).toBe(false);
  });

  it('compares multi-valued arrays regardless of order', () => {
    const emails = definition('emails');
    expect(
      valuesEqual(emails, [{ value: 'a' }, { value: 'b' }], [{ value: 'B' }, { value: 'a' }]),
    ).toBe(true);
    expect(
      valuesEqual(emails, [{ value: 'a' }, { value: 'a' }], [{ value: 'a' }, { value: 'b' }]),
    ).toBe(false);
  });

  it('never equates values of different JSON types', () => {
    expect(valuesEqual(definition('active'), true, 'true')).toBe(false);
    expect(valuesEqual(definition('userName'), 'a', undefined)).toBe(false);
    expect(valuesEqual(definition('userName'), null, undefined)).toBe(true);
  });
});
