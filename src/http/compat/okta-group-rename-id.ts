import { isJsonObject } from '../../scim/schema/index.js';
import { rewriteOperations } from './patch-normaliser.js';
import type { PatchNormaliser } from './patch-normaliser.js';

/**
 * Okta renames a group with a path-less replace whose value repeats the group's `id`
 * (`{"id": "…", "displayName": "new"}`); `id` is readOnly (RFC 7643 §3.1), so it is dropped when
 * it equals the id of the resource being patched.
 */
export const oktaGroupRenameId: PatchNormaliser = {
  quirk: 'okta.groupRenameId',
  normalise: (operations, { resourceId }) =>
    resourceId === undefined
      ? undefined
      : rewriteOperations(operations, (operation) => {
          const { op, path, value } = operation;
          if (op === 'remove' || path !== undefined || !isJsonObject(value)) return undefined;
          const key = Object.keys(value).find((name) => name.toLowerCase() === 'id');
          if (key === undefined || value[key] !== resourceId) return undefined;
          const { [key]: _id, ...rest } = value;
          return { op, value: rest };
        }),
};
