import { describe, expect, it } from 'vitest';
import { contextFor } from './fixtures/compat-test-support.js';
import { oktaGroupRenameId } from './okta-group-rename-id.js';

const id = 'e9e30dba-f08f-4109-8486-d5c6a331660a';

describe('oktaGroupRenameId', () => {
  it('drops the id of a path-less rename when it equals the resource id', () => {
    const operations = [{ op: 'replace' as const, value: { id, displayName: 'Guides' } }];
    expect(oktaGroupRenameId.normalise(operations, contextFor('Group', id))).toEqual([
      { op: 'replace', value: { displayName: 'Guides' } },
    ]);
  });

  it('keeps a different id, for the engine to refuse as readOnly', () => {
    const operations = [{ op: 'replace' as const, value: { id: 'other', displayName: 'Guides' } }];
    expect(oktaGroupRenameId.normalise(operations, contextFor('Group', id))).toBeUndefined();
  });

  it('returns undefined when the resource id is not known', () => {
    const operations = [{ op: 'replace' as const, value: { id, displayName: 'Guides' } }];
    expect(oktaGroupRenameId.normalise(operations, contextFor('Group'))).toBeUndefined();
  });
});
