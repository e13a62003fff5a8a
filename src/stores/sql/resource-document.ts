import type { MemberRecord, ResourceRecord } from '../../provisioning/ports.js';
import type { ScimResource } from '../../scim/schema/types.js';

/** Group members carried in a record's attributes at insert (RFC 7643 §4.2), if any. */
export function initialMembers(record: ResourceRecord): MemberRecord[] {
  const members = record.attributes['members'];
  if (record.resourceType !== 'Group' || !Array.isArray(members)) return [];
  return members.flatMap((member: unknown) => {
    if (typeof member !== 'object' || member === null) return [];
    const { value, type, display } = member as Record<string, unknown>;
    if (typeof value !== 'string') return [];
    return [
      {
        value,
        type: type === 'Group' ? 'Group' : 'User',
        display: typeof display === 'string' ? display : null,
      },
    ];
  });
}

/** The document without the attributes that live elsewhere (membership table, derived groups). */
export function documentOf(attributes: ScimResource): string {
  if (
    !('members' in attributes) &&
    !('groups' in attributes) &&
    !('id' in attributes) &&
    !('meta' in attributes)
  ) {
    return JSON.stringify(attributes);
  }
  const { members: _members, groups: _groups, id: _id, meta: _meta, ...rest } = attributes;
  return JSON.stringify(rest);
}
