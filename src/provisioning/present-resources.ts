import { projectResource } from '../scim/schema/index.js';
import type { ResourceTypeName, ScimResource } from '../scim/schema/types.js';
import type { TenantContext } from './context.js';
import type { ResourceRecord, TenantStore } from './ports.js';
import type { ReadOptions } from './resources.js';
import { toResource } from './resource-mapping.js';

/** Whether a projection keeps a (derived) attribute, so it is only loaded when returned. */
function isReturned(
  ctx: TenantContext,
  resourceType: ResourceTypeName,
  attribute: string,
  read: ReadOptions,
): boolean {
  if (!read.attributes && !read.excludedAttributes) return true;
  const probe: ScimResource = { schemas: [], id: 'x', [attribute]: [{ value: 'x' }] };
  return attribute in projectResource(ctx.registry, resourceType, probe, read);
}

type UserGroup = { id: string; displayName: string | null; type: string };

/**
 * Direct and indirect groups of users (RFC 7643 §4.1.2), one membership lookup per nesting level
 * for all of them together, following each nested group once.
 */
async function groupsOfUsers(
  store: TenantStore,
  userIds: readonly string[],
): Promise<Map<string, UserGroup[]>> {
  const parents = new Map<string, { id: string; displayName: string | null }[]>();
  let frontier = [...new Set(userIds)];
  while (frontier.length > 0) {
    const byMember = await store.listGroupsOf(frontier);
    const next: string[] = [];
    for (const [member, groups] of byMember) {
      parents.set(member, groups);
      for (const group of groups) {
        if (!parents.has(group.id) && !next.includes(group.id)) next.push(group.id);
      }
    }
    frontier = next.filter((id) => !parents.has(id));
  }
  const result = new Map<string, UserGroup[]>();
  for (const userId of userIds) {
    const groups: UserGroup[] = [];
    const seen = new Set<string>();
    let level = parents.get(userId) ?? [];
    let type = 'direct';
    while (level.length > 0) {
      const next: { id: string; displayName: string | null }[] = [];
      for (const group of level) {
        if (seen.has(group.id)) continue;
        seen.add(group.id);
        groups.push({ ...group, type });
        next.push(...(parents.get(group.id) ?? []));
      }
      level = next;
      type = 'indirect';
    }
    result.set(userId, groups);
  }
  return result;
}

/**
 * Builds the projected wire form of records (RFC 7644 §3.4.2.5), loading members and groups only
 * when the projection returns them, and the groups of all users of a page together.
 */
export async function presentAll(
  ctx: TenantContext,
  records: readonly ResourceRecord[],
  read: ReadOptions,
): Promise<ScimResource[]> {
  const userIds = records.filter((r) => r.resourceType === 'User').map((r) => r.id);
  const groups =
    userIds.length > 0 && isReturned(ctx, 'User', 'groups', read)
      ? await groupsOfUsers(ctx.store, userIds)
      : undefined;
  const loadMembers = isReturned(ctx, 'Group', 'members', read);
  const resources: ScimResource[] = [];
  for (const record of records) {
    const related: Parameters<typeof toResource>[2] = {};
    if (record.resourceType === 'Group' && loadMembers) {
      related.members = await ctx.store.listMembers(record.id);
    }
    if (record.resourceType === 'User' && groups) related.groups = groups.get(record.id) ?? [];
    resources.push(
      projectResource(ctx.registry, record.resourceType, toResource(ctx, record, related), read),
    );
  }
  return resources;
}

/** Builds the projected wire form of one record (RFC 7644 §3.4.2.5). */
export async function present(
  ctx: TenantContext,
  record: ResourceRecord,
  read: ReadOptions,
): Promise<ScimResource> {
  const [resource] = await presentAll(ctx, [record], read);
  return resource!;
}
