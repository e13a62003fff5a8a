import { describe, expect, it } from 'vitest';
import { URN } from '../urns.js';
import { findBulkIdReferences } from './find-bulk-id-references.js';

describe('findBulkIdReferences', () => {
  it('finds group member values', () => {
    const data = {
      displayName: 'G',
      members: [{ type: 'User', value: 'bulkId:a' }, { value: 'bulkId:b' }],
    };
    expect(findBulkIdReferences(data, 'POST')).toEqual(['a', 'b']);
  });

  it('finds the enterprise manager.value', () => {
    const data = { userName: 'u', [URN.enterpriseUser]: { manager: { value: 'bulkId:boss' } } };
    expect(findBulkIdReferences(data, 'POST')).toEqual(['boss']);
  });

  it('finds references at any depth, once each, in order of first appearance', () => {
    const data = { a: [[{ b: { c: ['bulkId:z', 'bulkId:y'] } }]], d: 'bulkId:z' };
    expect(findBulkIdReferences(data, 'PUT')).toEqual(['z', 'y']);
  });

  it('ignores strings that merely contain or resemble a reference', () => {
    const data = { a: 'see bulkId:x', b: 'bulkId:', c: 'bulkid:x', d: 'BULKID:y', e: 42 };
    expect(findBulkIdReferences(data, 'POST')).toEqual([]);
  });

  it('does not treat attribute names as references', () => {
    expect(findBulkIdReferences({ 'bulkId:x': 'value' }, 'POST')).toEqual([]);
  });

  it('finds PATCH values', () => {
    const data = {
      schemas: [URN.patchOp],
      Operations: [{ op: 'add', path: 'members', value: [{ value: 'bulkId:m' }] }],
    };
    expect(findBulkIdReferences(data, 'PATCH')).toEqual(['m']);
  });

  it('finds compare values in PATCH path filters', () => {
    const data = {
      Operations: [
        { op: 'remove', path: 'members[value eq "bulkId:gone"]' },
        {
          op: 'replace',
          path: 'members[value eq "bulkId:x" or display eq "y"].display',
          value: 'X',
        },
      ],
    };
    expect(findBulkIdReferences(data, 'PATCH')).toEqual(['gone', 'x']);
  });

  it('reads the lower-case operations spelling of a PatchOp', () => {
    const data = { operations: [{ op: 'remove', path: 'members[value eq "bulkId:gone"]' }] };
    expect(findBulkIdReferences(data, 'PATCH')).toEqual(['gone']);
  });

  it('skips PATCH paths that do not parse, leaving them to the PATCH engine', () => {
    const data = {
      Operations: [
        { op: 'remove', path: 'members[value eq' },
        { op: 'add', value: 'bulkId:v' },
      ],
    };
    expect(findBulkIdReferences(data, 'PATCH')).toEqual(['v']);
  });

  it('finds nothing in null data', () => {
    expect(findBulkIdReferences(null, 'DELETE')).toEqual([]);
  });
});
