import type { Filter } from '../scim/path/types.js';
import type { ActivityEntry, ActivityPage, ActivityQuery } from './activity.js';
import type { ResourceTypeName, ScimResource } from '../scim/schema/types.js';
import type { AuthStore } from './auth-ports.js';
import type { TenantSettings } from './tenant-settings.js';

export type * from './auth-ports.js';

/**
 * A resource as the store keeps it: the hot attributes as columns plus the canonical document.
 * `attributes` never holds `id`, `meta`, Group `members` (membership table) or User `groups` (derived).
 */
export interface ResourceRecord {
  readonly resourceType: ResourceTypeName;
  readonly id: string;
  readonly externalId: string | null;
  /** User.userName or Group.displayName as given (uniqueness is checked case-insensitively). */
  readonly name: string | null;
  readonly created: string;
  readonly lastModified: string;
  readonly version: string;
  readonly attributes: ScimResource;
}

/** One row of the membership table: a member of a group (RFC 7643 §4.2 `members`). */
export interface MemberRecord {
  readonly value: string;
  readonly type: ResourceTypeName;
  readonly display: string | null;
}

/** A group a resource belongs to, directly. */
export interface GroupRef {
  readonly id: string;
  readonly displayName: string | null;
}

export type SortOrder = 'ascending' | 'descending';

/** A list query, RFC 7644 §3.4.2. Paths in `filter` are resolved against the resource type's schemas. */
export interface ListQuery {
  readonly resourceType: ResourceTypeName;
  readonly filter?: Filter;
  /** An attribute path as written (e.g. `name.familyName`); the store resolves it. */
  readonly sortBy?: string;
  readonly sortOrder?: SortOrder;
  /** 1-based. */
  readonly startIndex: number;
  readonly count: number;
  /** Keyset page (RFC 9865 cursors): rows strictly after this position; `startIndex` is ignored. */
  readonly after?: ListPosition;
  /** Keyset page backwards: the `count` rows just before this position, returned in list order. */
  readonly before?: ListPosition;
  /** Also return each record's position (implied by `after` / `before`). */
  readonly withPositions?: boolean;
}

/** Where a record sits in a sorted list: its sort value (null when it has none) and its row key. */
export interface ListPosition {
  readonly sortValue: string | number | null;
  readonly rowKey: string;
}

export interface ListResult {
  readonly totalResults: number;
  readonly records: readonly ResourceRecord[];
  /** The position of each record, when the query asked for them. */
  readonly positions?: readonly ListPosition[];
}

/** Thrown-by-contract failure classes a store reports (stores translate driver errors into these). */
export type StoreFailure =
  | { kind: 'uniqueness'; attribute: 'userName' | 'displayName' | 'id' }
  | { kind: 'versionMismatch' }
  | { kind: 'unavailable'; cause: unknown };

/** Error a store throws for an expected failure; use-cases turn it into a ScimError. */
export class StoreError extends Error {
  constructor(readonly failure: StoreFailure) {
    super(`store: ${failure.kind}`);
    this.name = 'StoreError';
  }
}

/**
 * Everything a use-case may do with one tenant's data. Every method is scoped to `tenantId`:
 * no id of another tenant ever resolves.
 */
export interface TenantStore {
  readonly tenantId: string;

  /** Insert a new resource (and, for a Group, its initial members). Throws StoreError uniqueness. */
  insertResource(record: ResourceRecord): Promise<void>;
  /**
   * Insert several new resources (with their initial members), all or none, in as few statements
   * as the database allows. Throws StoreError uniqueness when any of them collides with a stored
   * resource or with another of them.
   */
  insertResources(records: readonly ResourceRecord[]): Promise<void>;
  getResource(resourceType: ResourceTypeName, id: string): Promise<ResourceRecord | undefined>;
  /**
   * Replace a stored resource's columns and document. When `expectedVersion` is given and the
   * stored version differs, throws StoreError versionMismatch. Returns false when the id is unknown.
   */
  updateResource(record: ResourceRecord, expectedVersion?: string): Promise<boolean>;
  /** Delete a resource and every membership row naming it (as group or as member). */
  deleteResource(resourceType: ResourceTypeName, id: string): Promise<boolean>;

  listMembers(groupId: string): Promise<MemberRecord[]>;
  /** Add members that are not present yet (idempotent per member value); returns how many rows were inserted. */
  addMembers(groupId: string, members: readonly MemberRecord[]): Promise<number>;
  /** Remove the given members; returns how many rows were deleted. */
  removeMembers(groupId: string, memberIds: readonly string[]): Promise<number>;
  replaceMembers(groupId: string, members: readonly MemberRecord[]): Promise<void>;
  /** Direct groups of each given member id. */
  listGroupsOf(memberIds: readonly string[]): Promise<Map<string, GroupRef[]>>;
  /** Which of the given ids exist, and as which resource type. */
  findResourceTypes(ids: readonly string[]): Promise<Map<string, ResourceTypeName>>;

  list(query: ListQuery): Promise<ListResult>;

  /**
   * Append this tenant's activity entries in this handle's transaction (so they commit or roll
   * back with the writes they describe), or in their own outside one. Rejects entries of
   * another tenant.
   */
  recordActivity(entries: readonly ActivityEntry[]): Promise<void>;

  /** Run `work` in one transaction (nested calls use a savepoint); rolls back when it throws. */
  transaction<T>(work: (store: TenantStore) => Promise<T>): Promise<T>;
}

export interface TenantRecord {
  readonly id: string;
  readonly created: string;
}

export interface SigningKeyRecord {
  readonly kid: string;
  readonly alg: string;
  readonly privateJwk: string;
  readonly publicJwk: string;
  readonly created: string;
}

/** The whole store: tenants, keys, and a tenant-bound handle for resources. */
export interface Store {
  readonly dialect: 'sqlite' | 'postgres';
  /** Apply pending migrations. */
  migrate(): Promise<void>;
  /** Pending migration names (empty when up to date). */
  pendingMigrations(): Promise<string[]>;
  /** Cheap reachability check for readiness. */
  ping(): Promise<void>;
  close(): Promise<void>;

  createTenant(id: string, created: string): Promise<TenantRecord>;
  getTenant(id: string): Promise<TenantRecord | undefined>;
  listTenants(): Promise<TenantRecord[]>;
  /** Delete a tenant and all its data. */
  deleteTenant(id: string): Promise<boolean>;

  listSigningKeys(): Promise<SigningKeyRecord[]>;
  insertSigningKey(key: SigningKeyRecord): Promise<void>;

  /** Append provisioning activity entries (outside any resource transaction, so failures stay recorded). */
  recordActivity(entries: readonly ActivityEntry[]): Promise<void>;
  /** One page of a tenant's activity, newest first. */
  listActivity(query: ActivityQuery): Promise<ActivityPage>;
  /** Delete activity older than `before` (ISO 8601) across all tenants; returns how many rows went. */
  pruneActivity(before: string): Promise<number>;

  /** OAuth clients, issued and revoked tokens, external issuers. */
  readonly auth: AuthStore;

  /** A tenant's overrides of deployment settings (all null when it has none). */
  getTenantSettings(tenantId: string): Promise<TenantSettings>;
  /** Replace a tenant's overrides; false when the tenant does not exist. */
  setTenantSettings(tenantId: string, settings: TenantSettings): Promise<boolean>;

  forTenant(tenantId: string): TenantStore;
}
