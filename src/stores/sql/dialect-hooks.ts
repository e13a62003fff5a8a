import type { ColumnDataType, ColumnDefinitionBuilder, Expression } from 'kysely';
import type { ScimResource } from '../../scim/schema/types.js';

/** What a driver error means to the store, independent of the dialect that raised it. */
export type DriverFailure =
  | { readonly kind: 'unique'; readonly constraint: string }
  | { readonly kind: 'unavailable' }
  | { readonly kind: 'retry' };

/**
 * The few places where SQLite and PostgreSQL differ, kept as small hooks so the shared store,
 * migrations and filter compiler stay dialect-neutral (as kysely's own dialect folders do).
 */
export interface SqlDialectHooks {
  readonly name: 'sqlite' | 'postgres';
  /** Column type of the integer row key. */
  readonly rowKeyType: ColumnDataType;
  /** Marks the row key column as the generated primary key. */
  rowKeyColumn(column: ColumnDefinitionBuilder): ColumnDefinitionBuilder;
  /** Column type of `resources.document`. */
  readonly documentType: ColumnDataType;
  /** Turns a `document` column value as the driver returns it into the attributes object. */
  decodeDocument(value: unknown): ScimResource;
  /** Column type of the text key columns (id, external_id, name_key, timestamps): binary-ordered in both dialects. */
  readonly keyTextType: ColumnDataType | Expression<unknown>;
  /**
   * The JSON value at `path` (object keys, already validated) inside `document`, as a value that
   * orders like the JSON value (numbers numerically, strings by code point).
   */
  jsonSortValue(document: Expression<unknown>, path: readonly string[]): Expression<unknown>;
  /** Classifies a driver error; undefined when it is not one the store translates. */
  classifyError(error: unknown): DriverFailure | undefined;
}

/** Index names the migrations create; driver errors are mapped back through them. */
export const indexNames = {
  resourceName: 'resources_tenant_type_name_key_unique',
  resourceId: 'resources_tenant_id_unique',
  resourceExternalId: 'resources_tenant_type_external_id',
  resourceCreated: 'resources_tenant_type_created',
  resourceLastModified: 'resources_tenant_type_last_modified',
  membershipMember: 'memberships_tenant_member',
} as const;
