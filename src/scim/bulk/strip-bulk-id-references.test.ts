import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { URN } from '../urns.js';
import { buildLinkOperations, stripBulkIdReferences } from './strip-bulk-id-references.js';

const group = {
  schemas: [URN.group],
  displayName: 'A',
  members: [
    { value: 'bulkId:b', type: 'Group' },
    { value: 'u1', type: 'User' },
  ],
};

const user = {
  schemas: [URN.user, URN.enterpriseUser],
  userName: 'u',
  [URN.enterpriseUser]: { employeeNumber: '7', manager: { value: 'bulkId:boss' } },
};

describe('stripBulkIdReferences', () => {
  it('removes the member that references a deferred bulkId and keeps the others', () => {
    expect(stripBulkIdReferences(group, 'POST', ['b'])).toEqual({
      ...group,
      members: [{ value: 'u1', type: 'User' }],
    });
  });

  it('leaves out a multi-valued attribute whose every value was deferred', () => {
    const data = { displayName: 'A', members: [{ value: 'bulkId:b' }] };
    expect(stripBulkIdReferences(data, 'POST', ['b'])).toEqual({ displayName: 'A' });
  });

  it('removes the whole manager of the enterprise extension', () => {
    expect(stripBulkIdReferences(user, 'POST', ['boss'])).toEqual({
      schemas: [URN.user, URN.enterpriseUser],
      userName: 'u',
      [URN.enterpriseUser]: { employeeNumber: '7' },
    });
  });

  it('keeps references to bulkIds that are not deferred', () => {
    expect(stripBulkIdReferences(group, 'POST', ['other'])).toEqual(group);
  });

  it('drops PATCH operations and values that reference deferred bulkIds', () => {
    const data = {
      Operations: [
        { op: 'add', path: 'members', value: [{ value: 'bulkId:b' }, { value: 'u1' }] },
        { op: 'add', path: 'members', value: [{ value: 'bulkId:b' }] },
        { op: 'remove', path: 'members[value eq "bulkId:b"]' },
        { op: 'replace', path: 'displayName', value: 'B' },
      ],
    };
    expect(stripBulkIdReferences(data, 'PATCH', ['b'])).toEqual({
      Operations: [
        { op: 'add', path: 'members', value: [{ value: 'u1' }] },
        { op: 'replace', path: 'displayName', value: 'B' },
      ],
    });
  });

  it('never mutates its input', () => {
    const before = JSON.stringify([group, user]);
    stripBulkIdReferences(group, 'POST', ['b']);
    stripBulkIdReferences(user, 'PUT', ['boss']);
    expect(JSON.stringify([group, user])).toBe(before);
  });
});

describe('buildLinkOperations', () => {
  it('adds back deferred members with an add on members', () => {
    expect(buildLinkOperations(group, ['b'])).toEqual([
      { op: 'add', path: 'members', value: [{ value: 'bulkId:b', type: 'Group' }] },
    ]);
  });

  it('adds back a deferred manager by its extension path', () => {
    expect(buildLinkOperations(user, ['boss'])).toEqual([
      { op: 'add', path: `${URN.enterpriseUser}:manager`, value: { value: 'bulkId:boss' } },
    ]);
  });

  it('returns nothing when no bulkId is deferred', () => {
    expect(buildLinkOperations(group, [])).toEqual([]);
  });
});

describe('stripBulkIdReferences with buildLinkOperations', () => {
  it('partitions every member: kept in the stripped data or restored by exactly one link', () => {
    const member = fc.record({
      value: fc.oneof(fc.constantFrom('bulkId:a', 'bulkId:b'), fc.uuid()),
    });
    fc.assert(
      fc.property(
        fc.array(member, { maxLength: 6 }),
        fc.subarray(['a', 'b']),
        (members, deferred) => {
          const data = { displayName: 'G', members };
          const stripped = stripBulkIdReferences(data, 'POST', deferred) as { members?: unknown[] };
          const links = buildLinkOperations(data, deferred);
          const restored = links.flatMap((link) => (Array.isArray(link.value) ? link.value : []));
          expect([...(stripped.members ?? []), ...restored]).toHaveLength(members.length);
          expect(
            restored.every((item) =>
              deferred.some((id) => JSON.stringify(item).includes(`bulkId:${id}`)),
            ),
          ).toBe(true);
          expect(links.every((link) => link.op === 'add' && link.path === 'members')).toBe(true);
        },
      ),
    );
  });
});
