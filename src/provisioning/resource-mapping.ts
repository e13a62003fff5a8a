import type { ResourceTypeName, ScimResource } from '../scim/schema/types.js';
import type { TenantContext } from './context.js';
import type { GroupRef, MemberRecord, ResourceRecord } from './ports.js';

/** Attributes kept outside the stored document: server-managed or derived (RFC 7643 §3.1, §4.1.2, §4.2). */
const NOT_STORED: readonly string[] = ['id', 'meta', 'members', 'groups'];

/** The endpoint of a resource type (RFC 7643 §6). */
export function endpointOf(resourceType: ResourceTypeName): '/Users' | '/Groups' {
  return resourceType === 'User' ? '/Users' : '/Groups';
}

/** The absolute URL of a resource (meta.location, RFC 7643 §3.1). */
export function locationOf(ctx: TenantContext, resourceType: ResourceTypeName, id: string): string {
  return `${ctx.baseUrl}${endpointOf(resourceType)}/${id}`;
}

/**
 * Splits a validated resource into the stored record; the record's attributes may be `resource`
 * itself, so the caller hands it over.
 */
export function toRecord(
  resourceType: ResourceTypeName,
  id: string,
  resource: ScimResource,
  stamps: { created: string; lastModified: string; version: string },
): ResourceRecord {
  let attributes = resource;
  // A validated new resource seldom carries any of them: then it is the stored part as it is.
  if (NOT_STORED.some((key) => key in resource)) {
    attributes = {};
    for (const [key, value] of Object.entries(resource)) {
      if (!NOT_STORED.includes(key)) attributes[key] = value;
    }
  }
  const nameKey = resourceType === 'User' ? 'userName' : 'displayName';
  const name = resource[nameKey];
  const externalId = resource.externalId;
  return {
    resourceType,
    id,
    externalId: typeof externalId === 'string' ? externalId : null,
    name: typeof name === 'string' ? name : null,
    created: stamps.created,
    lastModified: stamps.lastModified,
    version: stamps.version,
    attributes,
  };
}

/** Reads `members` from a validated Group into membership rows (types resolved later). */
export function membersOf(resource: ScimResource): MemberRecord[] {
  const members = resource.members;
  if (!Array.isArray(members)) return [];
  const seen = new Map<string, MemberRecord>();
  for (const member of members as Record<string, unknown>[]) {
    const value = member.value;
    if (typeof value !== 'string') continue;
    seen.set(value, {
      value,
      type: member.type === 'Group' ? 'Group' : 'User',
      display: typeof member.display === 'string' ? member.display : null,
    });
  }
  return [...seen.values()];
}

/** Assembles the wire form of a stored record (RFC 7643 §3.1 meta, §4.2 members, §4.1.2 groups). */
export function toResource(
  ctx: TenantContext,
  record: ResourceRecord,
  related: {
    members?: readonly MemberRecord[];
    groups?: readonly (GroupRef & { type: string })[];
  } = {},
): ScimResource {
  const { schemas, ...rest } = record.attributes;
  const resource: ScimResource = { schemas, id: record.id, ...rest };
  if (related.members && related.members.length > 0) {
    resource.members = related.members.map((m) => {
      const out: Record<string, unknown> = {
        value: m.value,
        $ref: locationOf(ctx, m.type, m.value),
        type: m.type,
      };
      if (m.display !== null) out.display = m.display;
      return out;
    });
  }
  if (related.groups && related.groups.length > 0) {
    resource.groups = related.groups.map((g) => {
      const out: Record<string, unknown> = {
        value: g.id,
        $ref: locationOf(ctx, 'Group', g.id),
        type: g.type,
      };
      if (g.displayName !== null) out.display = g.displayName;
      return out;
    });
  }
  resource.meta = {
    resourceType: record.resourceType,
    created: record.created,
    lastModified: record.lastModified,
    location: locationOf(ctx, record.resourceType, record.id),
    version: record.version,
  };
  return resource;
}
