import { parsePatchPath } from '../../scim/path/index.js';
import { isJsonObject } from '../../scim/schema/index.js';
import { URN } from '../../scim/urns.js';
import { rewriteOperations } from './patch-normaliser.js';
import type { PatchNormaliser } from './patch-normaliser.js';

function isPlainMembersPath(path: string): boolean {
  try {
    const parsed = parsePatchPath(path);
    const { schema, attribute, subAttribute } = parsed.path;
    const inGroup = schema === undefined || schema.toLowerCase() === URN.group.toLowerCase();
    return inGroup && attribute.toLowerCase() === 'members' && !subAttribute && !parsed.valueFilter;
  } catch {
    return false;
  }
}

function memberValues(value: unknown): string[] | undefined {
  const items = Array.isArray(value) ? value : [value];
  const values = items.map((item) => {
    if (!isJsonObject(item)) return undefined;
    const key = Object.keys(item).find((name) => name.toLowerCase() === 'value');
    const member = key === undefined ? undefined : item[key];
    return typeof member === 'string' ? member : undefined;
  });
  return values.length > 0 && values.every((item) => item !== undefined)
    ? (values as string[])
    : undefined;
}

/**
 * Microsoft Entra ID removes group members with `{"op":"Remove","path":"members","value":[{"value":"id"}]}`,
 * a value where RFC 7644 §3.5.2.2 expects a filter; this rewrites it to
 * `members[value eq "id" or …]` so exactly those members go.
 */
export const entraRemoveMembersByValue: PatchNormaliser = {
  quirk: 'entra.removeMembersByValue',
  normalise: (operations, { resourceType }) =>
    resourceType !== 'Group'
      ? undefined
      : rewriteOperations(operations, (operation) => {
          if (operation.op !== 'remove' || operation.path === undefined) return undefined;
          if (operation.value === undefined || operation.value === null) return undefined;
          if (!isPlainMembersPath(operation.path)) return undefined;
          const values = memberValues(operation.value);
          if (!values) return undefined;
          const filter = values.map((value) => `value eq ${JSON.stringify(value)}`).join(' or ');
          return { op: 'remove', path: `${operation.path}[${filter}]` };
        }),
};
