import { describe, expect, it } from 'vitest';
import { lowerCaseEntraOps } from './entra-capitalised-op.js';

describe('lowerCaseEntraOps', () => {
  it('lower-cases Replace, Add and Remove as Entra ID sends them', () => {
    const body = {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [
        { op: 'Replace', path: 'active', value: 'False' },
        { op: 'Add', path: 'title', value: 'x' },
        { op: 'REMOVE', path: 'nickName' },
      ],
    };
    expect(lowerCaseEntraOps(body)).toEqual({
      ...body,
      Operations: [
        { op: 'replace', path: 'active', value: 'False' },
        { op: 'add', path: 'title', value: 'x' },
        { op: 'remove', path: 'nickName' },
      ],
    });
  });

  it('returns undefined when every op is already lower-case', () => {
    expect(
      lowerCaseEntraOps({ Operations: [{ op: 'add', path: 'title', value: 'x' }] }),
    ).toBeUndefined();
  });

  it('leaves unknown op names and malformed bodies for the parser to refuse', () => {
    expect(lowerCaseEntraOps({ Operations: [{ op: 'Move' }] })).toBeUndefined();
    expect(lowerCaseEntraOps('Replace')).toBeUndefined();
    expect(lowerCaseEntraOps({ Operations: 'Replace' })).toBeUndefined();
  });
});
