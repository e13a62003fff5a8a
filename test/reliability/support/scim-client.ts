import { URN } from '../../../src/scim/urns.js';

/** One HTTP answer, its body parsed when it is JSON. */
export interface HttpAnswer {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

export interface RequestOptions {
  body?: unknown;
  headers?: Record<string, string>;
  tenant?: string;
}

/** A SCIM client for one Roster base URL, over a real socket (fetch). */
export interface ScimClient {
  readonly url: string;
  request(method: string, path: string, options?: RequestOptions): Promise<HttpAnswer>;
}

/** Builds a client for `url` that authenticates as `tokenOf(tenant)` (tenant defaults to acme). */
export function createScimClient(
  url: string,
  tokenOf: (tenant: string) => Promise<string> | string,
): ScimClient {
  return {
    url,
    async request(method, path, options = {}) {
      const tenant = options.tenant ?? 'acme';
      const headers: Record<string, string> = {
        authorization: `Bearer ${await tokenOf(tenant)}`,
        ...options.headers,
      };
      let body: string | undefined;
      if (options.body !== undefined) {
        headers['content-type'] ??= 'application/scim+json';
        body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
      }
      const response = await fetch(`${url}/api/v1/tenants/${tenant}/scim/v2${path}`, {
        method,
        headers,
        ...(body !== undefined ? { body } : {}),
      });
      const text = await response.text();
      let parsed: Record<string, unknown> = {};
      if (text !== '') {
        try {
          parsed = JSON.parse(text) as Record<string, unknown>;
        } catch {
          parsed = { unparsed: text };
        }
      }
      return { status: response.status, headers: response.headers, body: parsed };
    },
  };
}

/** A user body (RFC 7643 §4.1) with the given userName. */
export function userBody(userName: string, extra: Record<string, unknown> = {}) {
  return { schemas: [URN.user], userName, ...extra };
}

/** A group body (RFC 7643 §4.2) with optional member ids. */
export function groupBody(displayName: string, members: readonly string[] = []) {
  return {
    schemas: [URN.group],
    displayName,
    ...(members.length > 0 ? { members: members.map((value) => ({ value })) } : {}),
  };
}

/** A PatchOp (RFC 7644 §3.5.2) adding members to a group. */
export function addMembersPatch(ids: readonly string[]) {
  return {
    schemas: [URN.patchOp],
    Operations: [{ op: 'add', path: 'members', value: ids.map((value) => ({ value })) }],
  };
}

/** A PatchOp (RFC 7644 §3.5.2.2) removing one member through a value filter. */
export function removeMemberPatch(id: string) {
  return {
    schemas: [URN.patchOp],
    Operations: [{ op: 'remove', path: `members[value eq "${id}"]` }],
  };
}

/** Creates `count` users named `${prefix}-${i}` and returns their ids, failing on any non-201. */
export async function createUsers(
  client: ScimClient,
  prefix: string,
  count: number,
  tenant = 'acme',
): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const answer = await client.request('POST', '/Users', {
      body: userBody(`${prefix}-${i}`),
      tenant,
    });
    if (answer.status !== 201) throw new Error(`creating ${prefix}-${i}: ${answer.status}`);
    ids.push(answer.body['id'] as string);
  }
  return ids;
}

/** Creates a group and returns its id, failing on any non-201. */
export async function createGroup(
  client: ScimClient,
  displayName: string,
  members: readonly string[] = [],
  tenant = 'acme',
): Promise<string> {
  const answer = await client.request('POST', '/Groups', {
    body: groupBody(displayName, members),
    tenant,
  });
  if (answer.status !== 201) throw new Error(`creating group ${displayName}: ${answer.status}`);
  return answer.body['id'] as string;
}

/** The member ids of a group as GET /Groups/{id} reports them, sorted. */
export async function memberIdsOf(
  client: ScimClient,
  groupId: string,
  tenant = 'acme',
): Promise<string[]> {
  const answer = await client.request('GET', `/Groups/${groupId}`, { tenant });
  if (answer.status !== 200) throw new Error(`reading group ${groupId}: ${answer.status}`);
  const members = (answer.body['members'] ?? []) as { value: string }[];
  return members.map((member) => member.value).sort();
}
