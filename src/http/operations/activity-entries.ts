import type { ActivityEntry } from '../../provisioning/index.js';
import type { ResourceTypeName, SchemaRegistry } from '../../scim/schema/index.js';
import { normalisePatchRequest } from '../compat/index.js';
import type { WriteEvent } from './observe-writes.js';

const noNormalisers: readonly string[] = Object.freeze([]);

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

/**
 * The versions around each resource's writes in one request: the last one read before its first
 * write, and the last one written (null for a delete). Found in one pass, no list per resource,
 * and only when asked for: a request that read nothing has no version before any write, and a
 * Bulk answer carries each operation's new version itself.
 */
class Versions {
  readonly #events: readonly WriteEvent[];
  readonly #anyRead: boolean;
  #readBefore: Map<string, string | null> | undefined;
  #lastWritten: Map<string, string | null> | undefined;

  constructor(events: readonly WriteEvent[]) {
    this.#events = events;
    this.#anyRead = events.some((event) => event.kind === 'read');
  }

  #scan(): void {
    const readBefore = new Map<string, string | null>();
    const lastWritten = new Map<string, string | null>();
    for (let i = 0; i < this.#events.length; i++) {
      const event = this.#events[i] as WriteEvent;
      if (event.kind !== 'read') lastWritten.set(event.id, event.version);
      else if (!lastWritten.has(event.id)) readBefore.set(event.id, event.version);
    }
    this.#readBefore = readBefore;
    this.#lastWritten = lastWritten;
  }

  /** The version of `id` read before its first write in the request, if any. */
  before(id: string): string | null {
    if (!this.#anyRead) return null;
    if (this.#readBefore === undefined) this.#scan();
    return this.#readBefore?.get(id) ?? null;
  }

  /** The version the request's last write of `id` left, if any. */
  after(id: string): string | null {
    if (this.#lastWritten === undefined) this.#scan();
    return this.#lastWritten?.get(id) ?? null;
  }
}

function versionsOf(versions: Versions, id: string | null, succeeded: boolean) {
  if (id === null) return { versionBefore: null, versionAfter: null };
  return {
    versionBefore: versions.before(id),
    versionAfter: succeeded ? versions.after(id) : null,
  };
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
  const versions = versionsOf(new Versions(events), resourceId, write.status < 400);
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

interface ResponseOperation {
  method?: unknown;
  bulkId?: unknown;
  location?: unknown;
  status?: unknown;
  version?: unknown;
}

type RawOperation = Record<string, unknown>;

const noOperation: RawOperation = {};

/** The request's operations as sent (members read as the Bulk parser reads them). */
function requestOperations(body: unknown): readonly unknown[] {
  const operations = (body as { Operations?: unknown } | null)?.Operations;
  return Array.isArray(operations) ? operations : [];
}

function rawOperation(value: unknown): RawOperation {
  return typeof value === 'object' && value !== null ? (value as RawOperation) : noOperation;
}

function methodOf(op: RawOperation): string {
  const method = op.method;
  if (typeof method !== 'string') return '';
  // Clients send methods upper-case: only the others need a new string.
  return method === 'POST' || method === 'PUT' || method === 'PATCH' || method === 'DELETE'
    ? method
    : method.toUpperCase();
}

function pathOf(op: RawOperation): string {
  return typeof op.path === 'string' ? op.path : '';
}

function bulkIdOf(op: RawOperation): string | null {
  return typeof op.bulkId === 'string' ? op.bulkId : null;
}

function resourceTypeOfPath(path: string): ResourceTypeName | undefined {
  // Nearly every operation's path is one of these two: no pattern needed.
  if (path === '/Users') return 'User';
  if (path === '/Groups') return 'Group';
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
  // A path without a second segment (a POST's `/Users`) names no id.
  if (path.lastIndexOf('/') <= 0) return undefined;
  const id = /^\/?(?:Users|Groups)\/([^/]+)$/.exec(path)?.[1];
  return id === undefined || id.startsWith('bulkId:') ? undefined : id;
}

/**
 * A response entry answers a request operation when the method and bulkId agree and, for a
 * literal target id, the location names it. Answers come in request order, but `failOnErrors`
 * may leave some operations unanswered, so the match is a subsequence walk.
 */
function answers(op: RawOperation, entry: ResponseOperation, located: string | null): boolean {
  const method = typeof entry.method === 'string' ? entry.method : String(entry.method ?? '');
  const opMethod = methodOf(op);
  if (method !== opMethod && method.toUpperCase() !== opMethod) return false;
  if ((typeof entry.bulkId === 'string' ? entry.bulkId : null) !== bulkIdOf(op)) return false;
  const id = literalId(pathOf(op));
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
  const versions = new Versions(events);
  const entries: ActivityEntry[] = [];
  let index = 0;
  for (let i = 0; i < answered.length; i++) {
    const raw: unknown = answered[i];
    const entry = (typeof raw === 'object' && raw !== null ? raw : {}) as ResponseOperation;
    const located = idOfLocation(entry.location);
    while (index < operations.length && !answers(rawOperation(operations[index]), entry, located)) {
      index += 1;
    }
    const op = index < operations.length ? rawOperation(operations[index]) : undefined;
    const opStatus = Number(entry.status);
    const succeeded = opStatus < 400;
    const path = op ? pathOf(op) : '';
    const method = op ? methodOf(op) : String(entry.method ?? '');
    const resourceType = op ? resourceTypeOfPath(path) : undefined;
    const resourceId = located ?? (op ? (literalId(path) ?? null) : null);
    entries.push(
      entryOf(base, {
        method,
        resourceType: resourceType ?? 'Bulk',
        resourceId,
        operationIndex: op ? index : null,
        bulkId: op ? bulkIdOf(op) : null,
        status: Number.isFinite(opStatus) ? opStatus : 0,
        normalisers:
          op && method === 'PATCH' && resourceType
            ? normalisersApplied(registry, resourceType, op.data, resourceId ?? undefined)
            : noNormalisers,
        versionBefore: resourceId === null ? null : versions.before(resourceId),
        versionAfter: !succeeded
          ? null
          : typeof entry.version === 'string'
            ? entry.version
            : resourceId === null
              ? null
              : versions.after(resourceId),
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
