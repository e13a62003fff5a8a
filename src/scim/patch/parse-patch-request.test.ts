import { describe, expect, it } from 'vitest';
import { isScimError } from '../errors.js';
import { URN } from '../urns.js';
import { parsePatchRequest } from './parse-patch-request.js';

const body = (...operations: unknown[]) => ({ schemas: [URN.patchOp], Operations: operations });

function refusal(input: unknown): [number, string | undefined, string] {
  try {
    parsePatchRequest(input);
  } catch (error) {
    if (isScimError(error)) return [error.status, error.scimType, error.detail];
    throw error;
  }
  return expect.unreachable('the body was accepted');
}

describe('parsePatchRequest (RFC 7644 §3.5.2)', () => {
  it('reads op, path and value of each operation in order', () => {
    expect(
      parsePatchRequest(
        body(
          { op: 'add', path: 'nickName', value: 'Babs' },
          { op: 'remove', path: 'title' },
          { op: 'replace', value: { active: false } },
        ),
      ),
    ).toEqual([
      { op: 'add', path: 'nickName', value: 'Babs' },
      { op: 'remove', path: 'title' },
      { op: 'replace', value: { active: false } },
    ]);
  });

  it('accepts a body without schemas, as the WSO2 bulk examples send', () => {
    expect(
      parsePatchRequest({ Operations: [{ op: 'remove', path: 'emails[type eq home]' }] }),
    ).toHaveLength(1);
  });

  it('reads envelope and operation member names case-insensitively', () => {
    expect(parsePatchRequest({ operations: [{ OP: 'add', Path: 'title', VALUE: 'x' }] })).toEqual([
      { op: 'add', path: 'title', value: 'x' },
    ]);
  });

  it('keeps a null value, which add and replace read as unassigning', () => {
    expect(parsePatchRequest(body({ op: 'replace', path: 'title', value: null }))).toEqual([
      { op: 'replace', path: 'title', value: null },
    ]);
  });

  it.each([
    ['a body that is not an object', [], 'invalidSyntax', 'PatchOp'],
    [
      'schemas without the PatchOp URN',
      { schemas: [URN.user], Operations: [] },
      'invalidSyntax',
      'schemas',
    ],
    ['a missing Operations', { schemas: [URN.patchOp] }, 'invalidSyntax', 'Operations'],
    ['an Operations that is not an array', { Operations: {} }, 'invalidSyntax', 'Operations'],
    ['an empty Operations', body(), 'invalidSyntax', 'Operations'],
    ['an operation that is not an object', body('add'), 'invalidSyntax', 'Operations[0]'],
    [
      'a capitalised op (normalised before, for Entra ID)',
      body({ op: 'Add', path: 'title', value: 'x' }),
      'invalidSyntax',
      'op',
    ],
    ['an unknown op', body({ op: 'move', path: 'title' }), 'invalidSyntax', 'op'],
    ['a path that is not a string', body({ op: 'remove', path: 42 }), 'invalidPath', 'path'],
    ['a remove without path', body({ op: 'remove' }), 'noTarget', 'remove'],
    ['an add without value', body({ op: 'add', path: 'title' }), 'invalidValue', 'add'],
    ['a replace without value', body({ op: 'replace', path: 'title' }), 'invalidValue', 'replace'],
  ])('returns 400 for %s', (_name, input, scimType, named) => {
    const [status, type, detail] = refusal(input);
    expect([status, type]).toEqual([400, scimType]);
    expect(detail).toContain(named);
  });

  it('names the index of the faulty operation', () => {
    expect(refusal(body({ op: 'remove', path: 'title' }, { op: 'remove' }))[2]).toMatch(
      /^Operations\[1\]: /,
    );
  });
});
