import type { ActivityEntry } from '../../provisioning/index.js';
import type { ResourceTypeName, SchemaRegistry } from '../../scim/schema/index.js';
import { normalisePatchRequest } from '../compat/index.js';
import type { WriteEvent } from './observe-writes.js';

/** What every entry of one request shares. */
export type ActivityBase = Pick<
  ActivityEntry,
  'time' | 'tenantId' | 'clientId' | 'tokenId' | 'requestId'
>;

/**
 * An entry with the request's shared fields, copied one by one: spreading `base` and then adding
 * properties builds each object through slow map transitions (about 10 µs an entry on Node 20),
 * which a bulk request of 1,000 operations pays 1,000 times.
 */
function entryOf(base: ActivityBase, own: Omit<ActivityEntry, keyof ActivityBase>): ActivityEntry {
  return {
    time: base.time,
    tenantId: base.tenantId,
    clientId: base.clientId,
    tokenId: base.tokenId,
    requestId: base.requestId,
    method: own.method,
    resourceType: own.resourceType,
    resourceId: own.resourceId,
    operationIndex: own.operationIndex,
    bulkId: own.bulkId,
    status: own.status,
    normalisers: own.normalisers,
    versionBefore: own.versionBefore,
    versionAfter: own.versionAfter,
  };
}

/** A write route: the single-resource writes of RFC 7644 §3.3/§3.5.1/§3.5.2/§3.6, or Bulk (§3.7). */
export type WriteRoute =
  { readonly kind: 'single'; readonly resourceType: ResourceTypeName } | { readonly kind: 'bulk' };

const SINGLE = /\/scim\/v2\/(Users|Groups)(\/:id)?$/;

/** Classifies a route template and method as a provisioning write, or undefined for anything else. */
export function writeRouteOf(method: string, url: string | undefined): WriteRoute | undefined {
  if (url === undefined) return undefined;
  if (method === 'POST' && url.endsWith('/scim/v2/Bulk')) return { kind: 'bulk' };
  const match = SINGLE.exec(url);
  if (!match) return undefined;
  const withId = match[2] !== undefined;
  const writes = withId ? ['PUT', 'PATCH', 'DELETE'] : ['POST'];
  if (!writes.includes(method)) return undefined;
  return { kind: 'single', resourceType: match[1] === 'Users' ? 'User' : 'Group' };
}

/** Client quirks the PATCH normalisers rewrote; empty when the body is not a PatchOp at all. */
export function normalisersApplied(
  registry: SchemaRegistry,
  resourceType: ResourceTypeName,
  body: unknown,
  resourceId?: string,
): string[] {
  try {
    return normalisePatchRequest(registry, resourceType, body, resourceId).applied;
  } catch {
    return [];
  }
}

/** Versions around the write to `id`: the last one seen before the first write, and the last written. */
/** The write events of each resource id, in the order they happened. */
function eventsById(events: readonly WriteEvent[]): Map<string, WriteEvent[]> {
  const byId = new Map<string, WriteEvent[]>();
  for (const event of events) {
    const list = byId.get(event.id);
    if (list) list.push(event);
    else byId.set(event.id, [event]);
  }
  return byId;
}

function versionsOf(
  byId: ReadonlyMap<string, readonly WriteEvent[]>,
  id: string | null,
  succeeded: boolean,
) {
  if (id === null) return { versionBefore: null, versionAfter: null };
  let versionBefore: string | null = null;
  let versionAfter: string | null = null;
  let written = false;
  for (const event of byId.get(id) ?? []) {
    if (event.kind === 'read') {
      if (!written) versionBefore = event.version;
    } else {
      written = true;
      versionAfter = event.version;
    }
  }
  return { versionBefore, versionAfter: succeeded ? versionAfter : null };
}

/** The activity entry of one single-resource write. */
export function singleWriteEntry(
  base: ActivityBase,
  write: {
    method: string;
    resourceType: ResourceTypeName;
    resourceId: string | undefined;
    status: number;
    normalisers: readonly string[];
  },
  events: readonly WriteEvent[],
): ActivityEntry {
  const inserted = events.find((e) => e.kind === 'insert' && e.resourceType === write.resourceType);
  const resourceId = write.resourceId ?? (write.status < 400 ? inserted?.id : undefined) ?? null;
  const versions = versionsOf(eventsById(events), resourceId, write.status < 400);
  return entryOf(base, {
    method: write.method,
    resourceType: write.resourceType,
    resourceId,
    operationIndex: null,
    bulkId: null,
    status: write.status,
    normalisers: write.normalisers,
    versionBefore: versions.versionBefore,
    versionAfter: versions.versionAfter,
  });
}

interface RequestOperation {
  method: string;
  path: string;
  bulkId: string | null;
  data: unknown;
}

interface ResponseOperation {
  method?: unknown;
  bulkId?: unknown;
  location?: unknown;
  status?: unknown;
  version?: unknown;
}

function requestOperations(body: unknown): RequestOperation[] {
  const operations = (body as { Operations?: unknown } | null)?.Operations;
  if (!Array.isArray(operations)) return [];
  return operations.map((raw: unknown) => {
    const op = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
    return {
      method: typeof op.method === 'string' ? op.method.toUpperCase() : '',
      path: typeof op.path === 'string' ? op.path : '',
      bulkId: typeof op.bulkId === 'string' ? op.bulkId : null,
      data: op.data,
    };
  });
}

function resourceTypeOfPath(path: string): ResourceTypeName | undefined {
  if (/^\/?Users(\/|$)/.test(path)) return 'User';
  if (/^\/?Groups(\/|$)/.test(path)) return 'Group';
  return undefined;
}

function idOfLocation(location: unknown): string | null {
  if (typeof location !== 'string') return null;
  const last = location.slice(location.lastIndexOf('/') + 1);
  if (last === '') return null;
  return last.includes('%') ? decodeURIComponent(last) : last;
}

function literalId(path: string): string | undefined {
  const id = /^\/?(?:Users|Groups)\/([^/]+)$/.exec(path)?.[1];
  return id === undefined || id.startsWith('bulkId:') ? undefined : id;
}

/**
 * A response entry answers a request operation when the method and bulkId agree and, for a
 * literal target id, the location names it. Answers come in request order, but `failOnErrors`
 * may leave some operations unanswered, so the match is a subsequence walk.
 */
function answers(op: RequestOperation, entry: ResponseOperation): boolean {
  if (String(entry.method ?? '').toUpperCase() !== op.method) return false;
  if ((typeof entry.bulkId === 'string' ? entry.bulkId : null) !== op.bulkId) return false;
  const id = literalId(op.path);
  const located = idOfLocation(entry.location);
  return id === undefined || located === null || located === id;
}

/** Activity entries of a bulk request: one per answered operation, or one for a rejected request. */
export function bulkEntries(
  base: ActivityBase,
  registry: SchemaRegistry,
  requestBody: unknown,
  status: number,
  responseBody: unknown,
  events: readonly WriteEvent[],
): ActivityEntry[] {
  const answered = (responseBody as { Operations?: unknown } | null)?.Operations;
  if (status >= 400 || !Array.isArray(answered)) {
    return [
      entryOf(base, {
        method: 'POST',
        resourceType: 'Bulk',
        resourceId: null,
        operationIndex: null,
        bulkId: null,
        status,
        normalisers: [],
        versionBefore: null,
        versionAfter: null,
      }),
    ];
  }
  const operations = requestOperations(requestBody);
  const byId = eventsById(events);
  const entries: ActivityEntry[] = [];
  let index = 0;
  for (const raw of answered as unknown[]) {
    const entry = (typeof raw === 'object' && raw !== null ? raw : {}) as ResponseOperation;
    while (index < operations.length && !answers(operations[index]!, entry)) index += 1;
    const op = operations[index];
    const opStatus = Number(entry.status);
    const resourceType = op ? resourceTypeOfPath(op.path) : undefined;
    const resourceId = idOfLocation(entry.location) ?? (op ? (literalId(op.path) ?? null) : null);
    const versions = versionsOf(byId, resourceId, opStatus < 400);
    entries.push(
      entryOf(base, {
        method: op?.method ?? String(entry.method ?? ''),
        resourceType: resourceType ?? 'Bulk',
        resourceId,
        operationIndex: op ? index : null,
        bulkId: op?.bulkId ?? null,
        status: Number.isFinite(opStatus) ? opStatus : 0,
        normalisers:
          op && op.method === 'PATCH' && resourceType
            ? normalisersApplied(registry, resourceType, op.data, resourceId ?? undefined)
            : [],
        versionBefore: versions.versionBefore,
        versionAfter:
          typeof entry.version === 'string' && opStatus < 400
            ? entry.version
            : versions.versionAfter,
      }),
    );
    if (op) index += 1;
  }
  return entries;
}

/** Counts of bulk response operations by status, for the request's one log line. */
export function countByStatus(entries: readonly ActivityEntry[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const entry of entries) counts[entry.status] = (counts[entry.status] ?? 0) + 1;
  return counts;
}
