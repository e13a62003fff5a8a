import type { ColumnDataType, ColumnDefinitionBuilder, Expression, SqlBool } from 'kysely';
import type { ScimResource } from '../../scim/schema/types.js';

/** What a driver error means to the store, independent of the dialect that raised it. */
export type DriverFailure =
  | { readonly kind: 'unique'; readonly constraint: string }
  | { readonly kind: 'unavailable' }
  | { readonly kind: 'retry' };

/** A JSON value a filter reads from: inside the resource's document, or inside one element of an iterated array. */
export type JsonNode =
  { readonly kind: 'document' } | { readonly kind: 'element'; readonly alias: string };

/** JSON types a filter tests for. */
export type JsonType = 'string' | 'number' | 'boolean' | 'object';

/** The substring operators of RFC 7644 §3.4.2.2. */
export type SubstringOperator = 'co' | 'sw' | 'ew';

/**
 * The few places where SQLite and PostgreSQL differ, kept as small hooks so the shared store,
 * migrations and filter compiler stay dialect-neutral (as kysely's own dialect folders do).
 */
export interface SqlDialectHooks {
  readonly name: 'sqlite' | 'postgres';
  /**
   * A statement that fails inside a transaction undoes only its own changes and leaves the
   * transaction usable (SQLite); otherwise the transaction is aborted (PostgreSQL) and a single
   * statement that may fail needs a savepoint of its own.
   */
  readonly failedStatementKeepsTransaction: boolean;
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
   * A FROM item over the elements of the JSON array at `keys` in the document as `alias` (read
   * through an element JsonNode), with each element's array position to order by.
   */
  jsonOrderedElements(
    keys: readonly string[],
    alias: string,
  ): { readonly from: Expression<unknown>; readonly position: Expression<unknown> };
  /** True when the JSON value at `keys` under `node` has the given type (NULL or false otherwise). */
  jsonTypeIs(node: JsonNode, keys: readonly string[], type: JsonType): Expression<SqlBool>;
  /** The JSON string at `keys` under `node` as SQL text. */
  jsonText(node: JsonNode, keys: readonly string[]): Expression<unknown>;
  /** The JSON number at `keys` under `node` as an SQL number (NULL when it is not a number). */
  jsonNumber(node: JsonNode, keys: readonly string[]): Expression<unknown>;
  /** True when the JSON value at `keys` under `node` is the given boolean. */
  jsonBooleanIs(node: JsonNode, keys: readonly string[], value: boolean): Expression<SqlBool>;
  /** RFC 7644 §3.4.2.2 `pr` on one value: a non-empty string, a number, a boolean, or an object or array holding one. */
  jsonPresent(node: JsonNode, keys: readonly string[]): Expression<SqlBool>;
  /** A FROM item iterating the elements of the JSON array at `keys` under `node` as `alias` (a lone value is one element). */
  jsonElements(node: JsonNode, keys: readonly string[], alias: string): Expression<unknown>;
  /** Case folding for caseExact=false comparisons (matches JavaScript's toLowerCase as closely as the dialect can). */
  foldCase(text: Expression<unknown>): Expression<unknown>;
  /** Text that orders by code point, as the in-memory evaluator compares strings. */
  binaryText(text: Expression<unknown>): Expression<unknown>;
  /** Case-sensitive, literal substring match (`needle` is matched as text, never as a pattern). */
  textMatches(
    text: Expression<unknown>,
    operator: SubstringOperator,
    needle: string,
  ): Expression<SqlBool>;
  /** `predicate`, with NULL read as false (needed under NOT, where NULL would stay NULL). */
  definite(predicate: Expression<SqlBool>): Expression<SqlBool>;
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

/** The hooks through which the filter compiler reads JSON documents and compares text. */
export type JsonFilterHooks = Pick<
  SqlDialectHooks,
  | 'jsonTypeIs'
  | 'jsonText'
  | 'jsonNumber'
  | 'jsonBooleanIs'
  | 'jsonPresent'
  | 'jsonElements'
  | 'foldCase'
  | 'binaryText'
  | 'textMatches'
  | 'definite'
>;
