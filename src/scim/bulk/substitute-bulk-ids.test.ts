import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { URN } from '../urns.js';
import { substituteBulkIds } from './substitute-bulk-ids.js';

const ids = new Map([
  ['a', 'id-a'],
  ['b', 'id-b'],
]);

describe('substituteBulkIds', () => {
  it('replaces references at any depth with the created ids', () => {
    const data = {
      members: [{ value: 'bulkId:a', display: 'bulkId:a is here' }],
      [URN.enterpriseUser]: { manager: { value: 'bulkId:b' } },
      list: [['bulkId:a']],
    };
    expect(substituteBulkIds(data, ids)).toEqual({
      members: [{ value: 'id-a', display: 'bulkId:a is here' }],
      [URN.enterpriseUser]: { manager: { value: 'id-b' } },
      list: [['id-a']],
    });
  });

  it('leaves references to unknown bulkIds as written', () => {
    expect(substituteBulkIds({ value: 'bulkId:z' }, ids)).toEqual({ value: 'bulkId:z' });
  });

  it('replaces compare values inside PATCH path filters by re-printing the filter', () => {
    const data = {
      Operations: [
        { op: 'remove', path: 'members[value eq "bulkId:a"]' },
        { op: 'replace', path: 'emails[type eq home]', value: 'bulkId:b' },
        { op: 'add', path: 'members[value eq "bulkId:b"].display', value: 'B' },
      ],
    };
    expect(substituteBulkIds(data, ids, 'PATCH')).toEqual({
      Operations: [
        { op: 'remove', path: 'members[value eq "id-a"]' },
        { op: 'replace', path: 'emails[type eq home]', value: 'id-b' },
        { op: 'add', path: 'members[value eq "id-b"].display', value: 'B' },
      ],
    });
  });

  it('treats a top-level Operations array as PATCH data when no method is given', () => {
    const data = { operations: [{ op: 'remove', path: 'members[value eq "bulkId:a"]' }] };
    expect(substituteBulkIds(data, ids)).toEqual({
      operations: [{ op: 'remove', path: 'members[value eq "id-a"]' }],
    });
  });

  it('escapes created ids that need quoting when re-printing a filter', () => {
    const data = { Operations: [{ op: 'remove', path: 'members[value eq "bulkId:a"]' }] };
    const odd = new Map([['a', 'x"]y']]);
    expect(substituteBulkIds(data, odd, 'PATCH')).toEqual({
      Operations: [{ op: 'remove', path: 'members[value eq "x\\"]y"]' }],
    });
  });

  it('never mutates its input', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const before = JSON.stringify(value);
        substituteBulkIds(value, ids);
        substituteBulkIds({ Operations: [{ op: 'add', path: 'members', value }] }, ids, 'PATCH');
        expect(JSON.stringify(value)).toBe(before);
      }),
    );
  });

  it('is the identity when no reference is known', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(substituteBulkIds(value, new Map())).toEqual(value);
      }),
    );
  });
});
