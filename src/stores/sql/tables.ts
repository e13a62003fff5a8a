import type { ColumnType, Generated } from 'kysely';
import type { AuthTables } from './auth-tables.js';
import type { TenantSettingsTable } from './tenant-settings-queries.js';

/** `tenants`: one row per tenant; every other tenant-owned table leads with `tenant_id`. */
export interface TenantsTable {
  id: string;
  created: string;
}

/** `signing_keys`: JWKs Roster signs and verifies tokens with. */
export interface SigningKeysTable {
  kid: string;
  alg: string;
  private_jwk: string;
  public_jwk: string;
  created: string;
}

/**
 * `resources`: hot attributes as columns plus the canonical document. `row_key` is an integer
 * key (cheap inserts and offset scans); `id` is the public id, unique per tenant.
 */
export interface ResourcesTable {
  row_key: Generated<number | string>;
  tenant_id: string;
  resource_type: string;
  id: string;
  external_id: string | null;
  name: string | null;
  name_key: string | null;
  created: string;
  last_modified: string;
  version: string;
  /** JSON text in SQLite, jsonb (read back already parsed) in PostgreSQL. */
  document: ColumnType<unknown, string, string>;
}

/** `memberships`: one row per (group, member), indexed both ways. */
export interface MembershipsTable {
  tenant_id: string;
  group_id: string;
  member_id: string;
  member_type: string;
  display: string | null;
}

/** `activity`: the provisioning activity log, one row per write (single or bulk operation). */
export interface ActivityTable {
  seq: Generated<number | string>;
  tenant_id: string;
  time: string;
  client_id: string | null;
  token_id: string | null;
  request_id: string;
  method: string;
  resource_type: string;
  resource_id: string | null;
  operation_index: number | null;
  bulk_id: string | null;
  status: number;
  /** JSON array of normaliser names. */
  normalisers: string;
  version_before: string | null;
  version_after: string | null;
}

/** The Kysely database type shared by both dialects. */
export interface Database extends AuthTables {
  tenants: TenantsTable;
  signing_keys: SigningKeysTable;
  resources: ResourcesTable;
  memberships: MembershipsTable;
  activity: ActivityTable;
  tenant_settings: TenantSettingsTable;
}
