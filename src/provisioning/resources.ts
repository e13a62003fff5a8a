import { isScimError, scimError } from '../scim/errors.js';
import {
  applyPatch,
  atOperation,
  splitMemberOperations,
  type MemberChange,
  type PatchOperation,
} from '../scim/patch/index.js';
import { projectResource, validateResource } from '../scim/schema/index.js';
import type { ResourceTypeName, ScimResource } from '../scim/schema/types.js';
import { withStore, type TenantContext } from './context.js';
import { createResourceId, createVersion } from './ids.js';
import { isPasswordHash } from './password.js';
import { StoreError, type MemberRecord, type ResourceRecord, type TenantStore } from './ports.js';
import { checkIfMatch } from './preconditions.js';
import { present } from './present-resources.js';
import { locationOf, membersOf, toRecord, toResource } from './resource-mapping.js';

/** `attributes` / `excludedAttributes` of a request (RFC 7644 §3.4.2.5). */
export interface ReadOptions {
  readonly attributes?: readonly string[];
  readonly excludedAttributes?: readonly string[];
  /**
   * The caller sends no body (204, or a bulk entry without `response`): the written resource is
   * not assembled, so a group's members are never loaded for nothing. `resource` then holds only
   * the `id`.
   */
  readonly omitBody?: boolean;
}

/** What a write returns: the projected resource and its meta values. */
export interface WriteResult {
  readonly resource: ScimResource;
  readonly location: string;
  readonly version: string;
  /** False when a PATCH changed nothing (meta.version kept). */
  readonly changed: boolean;
}

const MAX_OPTIMISTIC_RETRIES = 5;

function translateStoreError(
  error: unknown,
  resourceType: ResourceTypeName,
  name: string | null,
): never {
  if (error instanceof StoreError) {
    if (error.failure.kind === 'uniqueness') {
      const attribute = resourceType === 'User' ? 'userName' : 'displayName';
      throw scimError.uniqueness(`${attribute} "${name ?? ''}" is already taken in this tenant`);
    }
    if (error.failure.kind === 'versionMismatch') {
      throw scimError.preconditionFailed('the resource was changed by another request');
    }
    if (error.failure.kind === 'unavailable') {
      throw scimError.unavailable('the database is unavailable; retry later');
    }
  }
  throw error;
}

async function loadRecord(
  store: TenantStore,
  resourceType: ResourceTypeName,
  id: string,
): Promise<ResourceRecord> {
  const record = await store.getResource(resourceType, id);
  if (!record) throw scimError.notFound(`${resourceType} ${id} not found`);
  return record;
}

/** Checks that every member exists in this tenant and takes its real type (RFC 7643 §4.2). */
async function resolveMembers(
  store: TenantStore,
  groupId: string,
  members: readonly MemberRecord[],
): Promise<MemberRecord[]> {
  if (members.length === 0) return [];
  const types = await store.findResourceTypes(members.map((m) => m.value));
  return members.map((m) => {
    if (m.value === groupId) throw scimError.invalidValue('a group cannot be a member of itself');
    const type = types.get(m.value);
    if (!type)
      throw scimError.invalidValue(`members: no User or Group with id "${m.value}" in this tenant`);
    return { value: m.value, type, display: m.display };
  });
}

async function hashIfPlain(
  ctx: TenantContext,
  resource: ScimResource,
  previous?: unknown,
): Promise<void> {
  const password = resource.password;
  if (typeof password !== 'string') {
    if (previous !== undefined) resource.password = previous;
    return;
  }
  if (password === previous && isPasswordHash(password)) return;
  resource.password = await ctx.hashPassword(password);
}

/** A new resource validated and given its id and meta, before the store sees it. */
export interface PreparedCreate {
  readonly record: ResourceRecord;
  /** The members a new Group names, their types not yet resolved; empty for a User. */
  readonly members: readonly MemberRecord[];
}

/** The ISO 8601 form of the last instant asked for: a bulk request stamps many at once. */
let lastStampMs = Number.NaN;
let lastStamp = '';

function stampOf(date: Date): string {
  const ms = date.getTime();
  if (ms !== lastStampMs) {
    lastStamp = date.toISOString();
    lastStampMs = ms;
  }
  return lastStamp;
}

function preparedOf(
  ctx: TenantContext,
  resourceType: ResourceTypeName,
  resource: ScimResource,
  at: Date | undefined,
): PreparedCreate {
  const now = stampOf(at ?? ctx.now());
  const record = toRecord(resourceType, createResourceId(), resource, {
    created: now,
    lastModified: now,
    version: createVersion(),
  });
  return { record, members: resourceType === 'Group' ? membersOf(resource) : [] };
}

/**
 * What createResource does before it writes: validation, password hashing, id and meta. Returns
 * a promise only when a password must be hashed, so that a bulk request of thousands of
 * resources without passwords waits for none of them. `at` is the creation time (default: now);
 * resources written by one statement share it.
 */
export function prepareCreateNow(
  ctx: TenantContext,
  resourceType: ResourceTypeName,
  body: unknown,
  at?: Date,
): PreparedCreate | Promise<PreparedCreate> {
  const resource = validateResource(ctx.registry, resourceType, body, { mode: 'create' });
  if (typeof resource.password === 'string') {
    return hashIfPlain(ctx, resource).then(() => preparedOf(ctx, resourceType, resource, at));
  }
  return preparedOf(ctx, resourceType, resource, at);
}

/** prepareCreateNow, always as a promise. */
export async function prepareCreate(
  ctx: TenantContext,
  resourceType: ResourceTypeName,
  body: unknown,
): Promise<PreparedCreate> {
  return prepareCreateNow(ctx, resourceType, body);
}

function createdResult(
  ctx: TenantContext,
  record: ResourceRecord,
  members: readonly MemberRecord[],
  read: ReadOptions,
): WriteResult {
  const { resourceType, id } = record;
  // A new resource's relations are known: its members as just resolved, and no groups yet.
  const created = read.omitBody
    ? { id }
    : projectResource(
        ctx.registry,
        resourceType,
        toResource(ctx, record, resourceType === 'Group' ? { members } : {}),
        read,
      );
  return {
    resource: created,
    location: locationOf(ctx, resourceType, id),
    version: record.version,
    changed: true,
  };
}

/** Creates a User or Group (RFC 7644 §3.3). */
export async function createResource(
  ctx: TenantContext,
  resourceType: ResourceTypeName,
  body: unknown,
  read: ReadOptions = {},
): Promise<WriteResult> {
  const { record, members: named } = await prepareCreate(ctx, resourceType, body);
  return ctx.store.transaction(async (store) => {
    const members = await resolveMembers(store, record.id, named);
    try {
      await store.insertResource(record);
    } catch (error) {
      translateStoreError(error, resourceType, record.name);
    }
    if (members.length > 0) await store.addMembers(record.id, members);
    return createdResult(ctx, record, members, read);
  });
}

/**
 * Creates prepared resources that name no members with one store call, all or none: when every
 * one succeeds the outcome is that of createResource for each in turn. Any failure (a taken
 * userName, say) writes nothing and is thrown untranslated; the caller then creates them one by
 * one to learn which failed and why.
 */
export async function createPrepared(
  ctx: TenantContext,
  prepared: readonly PreparedCreate[],
  read: ReadOptions = {},
): Promise<WriteResult[]> {
  if (prepared.some((p) => p.members.length > 0)) {
    throw scimError.internal('createPrepared takes only resources without members');
  }
  await ctx.store.insertResources(prepared.map((p) => p.record));
  return prepared.map((p) => createdResult(ctx, p.record, [], read));
}

/** Reads one resource (RFC 7644 §3.4.1). */
export async function getResource(
  ctx: TenantContext,
  resourceType: ResourceTypeName,
  id: string,
  read: ReadOptions = {},
): Promise<{ resource: ScimResource; version: string; location: string }> {
  const record = await loadRecord(ctx.store, resourceType, id);
  return {
    resource: await present(ctx, record, read),
    version: record.version,
    location: locationOf(ctx, resourceType, id),
  };
}

/** Runs a read-modify-write, retrying when another writer won the race and the client sent no If-Match. */
async function optimistic<T>(ifMatch: string | undefined, work: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      const lost = error instanceof StoreError && error.failure.kind === 'versionMismatch';
      if (!lost) throw error;
      if (ifMatch !== undefined || attempt >= MAX_OPTIMISTIC_RETRIES) {
        throw scimError.preconditionFailed('the resource was changed by another request');
      }
    }
  }
}

async function writeUpdate(
  ctx: TenantContext,
  store: TenantStore,
  previous: ResourceRecord,
  next: ScimResource,
): Promise<ResourceRecord> {
  const record = toRecord(previous.resourceType, previous.id, next, {
    created: previous.created,
    lastModified: ctx.now().toISOString(),
    version: createVersion(),
  });
  let updated: boolean;
  try {
    updated = await store.updateResource(record, previous.version);
  } catch (error) {
    if (error instanceof StoreError && error.failure.kind === 'versionMismatch') throw error;
    translateStoreError(error, previous.resourceType, record.name);
  }
  if (!updated) throw scimError.notFound(`${previous.resourceType} ${previous.id} not found`);
  return record;
}

/** Replaces a resource's writable attributes (RFC 7644 §3.5.1). */
export async function replaceResource(
  ctx: TenantContext,
  resourceType: ResourceTypeName,
  id: string,
  body: unknown,
  ifMatch?: string,
  read: ReadOptions = {},
): Promise<WriteResult> {
  const result = await optimistic(ifMatch, () =>
    ctx.store.transaction(async (store) => {
      const txCtx = withStore(ctx, store);
      const previous = await loadRecord(store, resourceType, id);
      checkIfMatch(ifMatch, previous.version);
      const existing = toResource(txCtx, previous);
      const resource = validateResource(ctx.registry, resourceType, body, {
        mode: 'replace',
        existing,
      });
      await hashIfPlain(ctx, resource, previous.attributes.password);
      const members =
        resourceType === 'Group' ? await resolveMembers(store, id, membersOf(resource)) : [];
      const record = await writeUpdate(ctx, store, previous, resource);
      if (resourceType === 'Group') await store.replaceMembers(id, members);
      return { record, ctx: txCtx };
    }),
  );
  return {
    resource: read.omitBody ? { id } : await present(ctx, result.record, read),
    location: locationOf(ctx, resourceType, id),
    version: result.record.version,
    changed: true,
  };
}

/** Applies one membership delta; returns whether the membership changed. */
async function applyMemberChange(
  store: TenantStore,
  groupId: string,
  change: MemberChange,
): Promise<boolean> {
  if (change.kind === 'remove') {
    const removed = await store.removeMembers(groupId, change.values);
    // As for any value path that selects nothing (RFC 7644 §3.5.2), whether loaded or not.
    if (removed === 0) throw scimError.noTarget(`No value of 'members' matches the filter`);
    return true;
  }
  if (change.kind === 'add') {
    const members = await resolveMembers(store, groupId, membersOf({ members: change.members }));
    return (await store.addMembers(groupId, members)) > 0;
  }
  const members =
    change.kind === 'replace'
      ? await resolveMembers(store, groupId, membersOf({ members: change.members }))
      : [];
  const before = await store.listMembers(groupId);
  await store.replaceMembers(groupId, members);
  return (
    before.length !== members.length ||
    !members.every((m) => before.some((b) => b.value === m.value))
  );
}

/** Applies membership deltas without loading the member list (RFC 7644 §3.5.2 on Group members). */
async function applyMemberChanges(
  store: TenantStore,
  groupId: string,
  changes: readonly MemberChange[],
): Promise<boolean> {
  let changed = false;
  for (const change of changes) {
    try {
      changed = (await applyMemberChange(store, groupId, change)) || changed;
    } catch (error) {
      throw isScimError(error) ? atOperation(error, change.operation) : error;
    }
  }
  return changed;
}

/**
 * Modifies a resource with PATCH operations, atomically (RFC 7644 §3.5.2). `requestIndexes`
 * gives each operation's index in the request when a normaliser split some, for error details.
 */
export async function patchResource(
  ctx: TenantContext,
  resourceType: ResourceTypeName,
  id: string,
  operations: readonly PatchOperation[],
  ifMatch?: string,
  read: ReadOptions = {},
  requestIndexes?: readonly number[],
): Promise<WriteResult> {
  const requestIndex = (index: number) => requestIndexes?.[index] ?? index;
  const result = await optimistic(ifMatch, () =>
    ctx.store.transaction(async (store) => {
      const txCtx = withStore(ctx, store);
      const previous = await loadRecord(store, resourceType, id);
      checkIfMatch(ifMatch, previous.version);
      const split = resourceType === 'Group' ? splitMemberOperations(operations) : undefined;
      const loadMembers = resourceType === 'Group' && split === undefined;
      const members = loadMembers ? await store.listMembers(id) : undefined;
      const existing = toResource(txCtx, previous, { members });
      const patched = applyPatch(
        ctx.registry,
        resourceType,
        existing,
        split ? split.otherOperations : operations,
        (split ? split.otherIndexes : operations.map((_, index) => index)).map(requestIndex),
      );
      let membershipChanged = false;
      if (split) {
        const changes = split.memberChanges.map((change) => ({
          ...change,
          operation: requestIndex(change.operation),
        }));
        membershipChanged = await applyMemberChanges(store, id, changes);
      }
      if (!patched.changed && !membershipChanged) return { record: previous, changed: false };
      const resource = validateResource(ctx.registry, resourceType, patched.resource, {
        mode: 'replace',
        existing,
      });
      await hashIfPlain(ctx, resource, previous.attributes.password);
      if (loadMembers) {
        await store.replaceMembers(id, await resolveMembers(store, id, membersOf(resource)));
      }
      const record = await writeUpdate(ctx, store, previous, resource);
      return { record, changed: true };
    }),
  );
  return {
    resource: read.omitBody ? { id } : await present(ctx, result.record, read),
    location: locationOf(ctx, resourceType, id),
    version: result.record.version,
    changed: result.changed,
  };
}

/** Deletes a resource and its memberships (RFC 7644 §3.6). */
export async function deleteResource(
  ctx: TenantContext,
  resourceType: ResourceTypeName,
  id: string,
  ifMatch?: string,
): Promise<void> {
  await ctx.store.transaction(async (store) => {
    const previous = await loadRecord(store, resourceType, id);
    checkIfMatch(ifMatch, previous.version);
    await store.deleteResource(resourceType, id);
  });
}
