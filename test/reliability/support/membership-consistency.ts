import type { Store } from '../../../src/provisioning/index.js';

/**
 * Checks that the membership table and the documents agree for a tenant: every member row names
 * an existing resource, and every group a user row names exists. Returns the problems found.
 */
export async function membershipProblems(store: Store, tenantId: string): Promise<string[]> {
  const tenant = store.forTenant(tenantId);
  const problems: string[] = [];
  const { records: groups } = await tenant.list({
    resourceType: 'Group',
    startIndex: 1,
    count: 100_000,
  });
  for (const group of groups) {
    const members = await tenant.listMembers(group.id);
    const found = await tenant.findResourceTypes(members.map((member) => member.value));
    for (const member of members) {
      if (found.get(member.value) !== member.type) {
        problems.push(
          `group ${group.id} lists ${member.type} ${member.value}, which is not stored`,
        );
      }
    }
    const back = await tenant.listGroupsOf(members.map((member) => member.value));
    for (const member of members) {
      if (!(back.get(member.value) ?? []).some((ref) => ref.id === group.id)) {
        problems.push(`${member.value} does not list group ${group.id} among its groups`);
      }
    }
  }
  return problems;
}
