import { describe, expect, it } from 'vitest';
import { isScimError } from '../../scim/errors.js';
import { applyPatch } from '../../scim/patch/index.js';
import type { ResourceTypeName, ScimResource } from '../../scim/schema/index.js';
import { URN } from '../../scim/urns.js';
import wso2 from '../../scim/patch/fixtures/wso2-bulk-patch.json' with { type: 'json' };
import { registry } from './fixtures/compat-test-support.js';
import { normalisePatchRequest } from './normalise-patch-request.js';

const user: ScimResource = {
  schemas: [URN.user],
  id: '2819c223-7f76-453a-919d-413861904646',
  userName: 'bjensen@example.com',
  name: { familyName: 'Jensen', givenName: 'Barbara' },
  active: true,
  emails: [{ value: 'babs@jensen.org', type: 'home', primary: true }],
};

const group: ScimResource = {
  schemas: [URN.group],
  id: 'abf4dd94-a4c0-4f67-89c9-76b03340cb9b',
  displayName: 'Test SCIMv2',
  members: [
    { value: '89bb1940-b905-4575-9e7f-6f887cfb368e', display: 'a@example.com' },
    { value: '902c246b-6245-4190-8e05-00816be7344a', display: 'b@example.com' },
  ],
};

function run(
  resourceType: ResourceTypeName,
  resource: ScimResource,
  body: unknown,
  resourceId?: string,
) {
  const { operations, applied } = normalisePatchRequest(registry, resourceType, body, resourceId);
  return { applied, resource: applyPatch(registry, resourceType, resource, operations).resource };
}

const patchOp = (...operations: unknown[]) => ({ schemas: [URN.patchOp], Operations: operations });

describe('normalisePatchRequest with Microsoft Entra ID bodies', () => {
  it('updates a work email that does not exist yet by creating it, with capitalised ops', () => {
    const result = run(
      'User',
      user,
      patchOp(
        {
          op: 'Replace',
          path: 'emails[type eq "work"].value',
          value: 'updatedEmail@microsoft.com',
        },
        { op: 'Replace', path: 'name.familyName', value: 'updatedFamilyName' },
      ),
    );
    expect(result.applied).toEqual(['entra.capitalisedOp', 'entra.replaceFilteredValue']);
    expect(result.resource.emails).toEqual([
      { value: 'babs@jensen.org', type: 'home', primary: true },
      { value: 'updatedEmail@microsoft.com', type: 'work' },
    ]);
    expect(result.resource.name).toEqual({ familyName: 'updatedFamilyName', givenName: 'Barbara' });
  });

  it('disables a user sent active "False"', () => {
    const result = run('User', user, patchOp({ op: 'Replace', path: 'active', value: 'False' }));
    expect(result.applied).toEqual(['entra.capitalisedOp', 'entra.stringBoolean']);
    expect(result.resource.active).toBe(false);
  });

  it('expands path-shaped keys and string booleans of a path-less value, and wraps a bare manager', () => {
    const result = run(
      'User',
      user,
      patchOp({
        op: 'Add',
        value: {
          'name.givenName': 'Babs',
          [`${URN.enterpriseUser}:employeeNumber`]: '701984',
          [`${URN.enterpriseUser}:manager`]: '902c246b',
          'emails[type eq "home"].primary': 'False',
        },
      }),
    );
    expect(result.applied).toEqual([
      'entra.capitalisedOp',
      'entra.pathKeys',
      'entra.managerString',
      'entra.stringBoolean',
    ]);
    expect(result.resource[URN.enterpriseUser]).toEqual({
      employeeNumber: '701984',
      manager: { value: '902c246b' },
    });
    expect(result.resource.schemas).toEqual([URN.user, URN.enterpriseUser]);
    expect(result.resource.name).toEqual({ familyName: 'Jensen', givenName: 'Babs' });
    expect(result.resource.emails).toEqual([
      { value: 'babs@jensen.org', type: 'home', primary: false },
    ]);
  });

  it('removes exactly the members a Remove value names', () => {
    const result = run(
      'Group',
      group,
      patchOp({
        op: 'Remove',
        path: 'members',
        value: [{ value: '89bb1940-b905-4575-9e7f-6f887cfb368e' }],
      }),
    );
    expect(result.applied).toEqual(['entra.capitalisedOp', 'entra.removeMembersByValue']);
    expect(result.resource.members).toEqual([group.members && (group.members as unknown[])[1]]);
  });
});

describe('normalisePatchRequest with Okta bodies', () => {
  it('deactivates a user with a path-less replace, needing no quirk', () => {
    const result = run('User', user, patchOp({ op: 'replace', value: { active: false } }));
    expect(result).toEqual({ applied: [], resource: { ...user, active: false } });
  });

  it('renames a group whose value repeats the group id', () => {
    const body = patchOp({ op: 'replace', value: { id: group.id, displayName: 'Renamed' } });
    const result = run('Group', group, body, group.id as string);
    expect(result).toEqual({
      applied: ['okta.groupRenameId'],
      resource: { ...group, displayName: 'Renamed' },
    });
  });

  it('replaces the members with the full list, or with none', () => {
    const full = [{ value: '902c246b-6245-4190-8e05-00816be7344a', display: 'b@example.com' }];
    expect(
      run('Group', group, patchOp({ op: 'replace', path: 'members', value: full })).resource
        .members,
    ).toEqual(full);
    expect(
      run('Group', group, patchOp({ op: 'replace', path: 'members', value: [] })).resource.members,
    ).toBeUndefined();
  });
});

describe('normalisePatchRequest with the WSO2 bulk guide bodies', () => {
  it.each(wso2.cases.map((testCase) => [testCase.name, testCase] as const))(
    '%s: accepted verbatim, no quirk applied',
    (_name, testCase) => {
      const { operations, applied } = normalisePatchRequest(
        registry,
        testCase.resourceType as ResourceTypeName,
        testCase.body,
      );
      expect(applied).toEqual([]);
      expect(operations).toEqual(testCase.body.Operations);
    },
  );
});

describe('normalisePatchRequest request indexes', () => {
  it('gives every operation a quirk split out of one operation the index that operation was sent at', () => {
    const { operations, indexes } = normalisePatchRequest(
      registry,
      'User',
      patchOp(
        { op: 'Replace', path: 'title', value: 'Guide' },
        {
          op: 'Add',
          value: {
            displayName: 'Babs',
            'name.givenName': 'B',
            [`${URN.enterpriseUser}:department`]: 'T',
          },
        },
        { op: 'Remove', path: 'nickName' },
      ),
    );
    expect(operations.map((operation) => operation.path)).toEqual([
      'title',
      undefined,
      'name.givenName',
      `${URN.enterpriseUser}:department`,
      'nickName',
    ]);
    expect(indexes).toEqual([0, 1, 1, 1, 2]);
  });
});

describe('normalisePatchRequest refusals', () => {
  it('still refuses an unknown op with 400 invalidSyntax', () => {
    let thrown: unknown;
    try {
      normalisePatchRequest(registry, 'User', { Operations: [{ op: 'Move', path: 'title' }] });
    } catch (error) {
      thrown = error;
    }
    expect(isScimError(thrown) && [thrown.status, thrown.scimType]).toEqual([400, 'invalidSyntax']);
  });
});
