export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const BULK_REQUEST = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';
export const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/** The user every scenario creates: a realistic IdP payload of about 400 bytes. */
export function userResource(prefix: string, i: number): Record<string, unknown> {
  const userName = `${prefix}-${i}`;
  return {
    schemas: [USER_SCHEMA],
    userName,
    externalId: `x-${userName}`,
    name: { givenName: 'Given', familyName: `Family${i}` },
    displayName: `Given Family${i}`,
    active: true,
    emails: [{ value: `${userName}@example.com`, type: 'work', primary: true }],
  };
}

/** A BulkRequest of user POSTs for users from..to-1. */
export function bulkUserOps(prefix: string, from: number, to: number): Record<string, unknown> {
  const Operations = [];
  for (let i = from; i < to; i++) {
    Operations.push({
      method: 'POST',
      path: '/Users',
      bulkId: `u${i}`,
      data: userResource(prefix, i),
    });
  }
  return { schemas: [BULK_REQUEST], Operations };
}

/**
 * A BulkRequest of `total` operations: groups of `perGroup` users, each followed by a group whose
 * members reference those users by bulkId; with `forward`, every group comes before every user.
 */
export function mixedBulkOps(
  prefix: string,
  total: number,
  perGroup: number,
  forward = false,
): {
  request: Record<string, unknown>;
  expected: Map<string, string[]>;
} {
  const Operations: Record<string, unknown>[] = [];
  const groups: Record<string, unknown>[] = [];
  const expected = new Map<string, string[]>();
  let user = 0;
  for (let g = 0; Operations.length + groups.length + perGroup + 1 <= total; g++) {
    const users = [];
    for (let k = 0; k < perGroup; k++, user++) {
      users.push({
        method: 'POST',
        path: '/Users',
        bulkId: `u${user}`,
        data: userResource(prefix, user),
      });
    }
    const groupBulkId = `g${g}`;
    expected.set(
      groupBulkId,
      users.map((op) => op.bulkId),
    );
    const groupOp = {
      method: 'POST',
      path: '/Groups',
      bulkId: groupBulkId,
      data: {
        schemas: [GROUP_SCHEMA],
        displayName: `${prefix} group ${g}`,
        members: users.map((op) => ({ value: `bulkId:${op.bulkId}` })),
      },
    };
    if (forward) {
      groups.push(groupOp);
      Operations.push(...users);
    } else {
      Operations.push(...users, groupOp);
    }
  }
  Operations.unshift(...groups);
  while (Operations.length < total) {
    Operations.push({
      method: 'POST',
      path: '/Users',
      bulkId: `u${user}`,
      data: userResource(prefix, user),
    });
    user++;
  }
  return { request: { schemas: [BULK_REQUEST], Operations }, expected };
}

/** A PatchOp adding one member. */
export function addMember(id: string): Record<string, unknown> {
  return {
    schemas: [PATCH_OP],
    Operations: [{ op: 'add', path: 'members', value: [{ value: id }] }],
  };
}
