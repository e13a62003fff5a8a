import { sql } from 'kysely';
import type { Expression } from 'kysely';
import { scimError } from '../../scim/errors.js';
import type { SchemaRegistry } from '../../scim/schema/index.js';
import type { AttributeDefinition, ResourceTypeName } from '../../scim/schema/types.js';
import type { JsonNode, SqlDialectHooks } from './dialect-hooks.js';

const attributeName = /^[A-Za-z][A-Za-z0-9_$-]*$/;
const schemaUrn = /^urn:[A-Za-z0-9._-]+(?::[A-Za-z0-9._-]+)+$/i;
const elementAlias = 'sort_element';

/**
 * The value rows are ordered by: a text key (binary order, already case-folded where the
 * attribute is caseExact=false) or a number key (booleans read false = 0, true = 1).
 */
export interface SortKey {
  readonly expression: Expression<unknown>;
  readonly kind: 'text' | 'number';
  /** False for columns every resource fills, which then order and seek straight from their index. */
  readonly nullable: boolean;
}

interface SortPath {
  readonly schema: string | undefined;
  readonly names: string[];
}

function notAPath(sortBy: string): never {
  throw scimError.invalidValue(`sortBy "${sortBy}" is not an attribute path`);
}

/** Splits `[URN ":"] attr["." sub]` into its schema and names. */
function splitSortBy(sortBy: string): SortPath {
  let schema: string | undefined;
  let rest = sortBy;
  if (/^urn:/i.test(sortBy)) {
    const dot = sortBy.indexOf('.', sortBy.lastIndexOf(':'));
    const head = dot === -1 ? sortBy : sortBy.slice(0, dot);
    const colon = head.lastIndexOf(':');
    schema = sortBy.slice(0, colon);
    rest = sortBy.slice(colon + 1);
    if (!schemaUrn.test(schema)) notAPath(sortBy);
  }
  const names = rest.split('.');
  if (names.length > 2 || !names.every((name) => attributeName.test(name))) notAPath(sortBy);
  return { schema, names };
}

function kindOf(definition: AttributeDefinition): SortKey['kind'] {
  return definition.type === 'integer' ||
    definition.type === 'decimal' ||
    definition.type === 'boolean'
    ? 'number'
    : 'text';
}

/** The sortable SQL value of one JSON value, typed by its definition; NULL when absent or mistyped. */
function jsonKey(
  hooks: SqlDialectHooks,
  definition: AttributeDefinition,
  node: JsonNode,
  keys: readonly string[],
): Expression<unknown> {
  if (definition.type === 'integer' || definition.type === 'decimal')
    return hooks.jsonNumber(node, keys);
  if (definition.type === 'boolean') {
    return sql`(case when ${hooks.jsonBooleanIs(node, keys, false)} then 0 when ${hooks.jsonBooleanIs(node, keys, true)} then 1 end)`;
  }
  const text = sql`(case when ${hooks.jsonTypeIs(node, keys, 'string')} then ${hooks.jsonText(node, keys)} end)`;
  const folded =
    definition.caseExact || definition.type === 'binary' || definition.type === 'dateTime'
      ? text
      : hooks.foldCase(text);
  return hooks.binaryText(folded);
}

/** RFC 7644 §3.4.2.3: a multi-valued attribute sorts by its primary value, else its first. */
function primaryElementKey(
  hooks: SqlDialectHooks,
  definition: AttributeDefinition,
  keys: readonly string[],
  subKeys: readonly string[],
): Expression<unknown> {
  const { from, position } = hooks.jsonOrderedElements(keys, elementAlias);
  const element: JsonNode = { kind: 'element', alias: elementAlias };
  const primary = hooks.jsonBooleanIs(element, ['primary'], true);
  return sql`(select ${jsonKey(hooks, definition, element, subKeys)} from ${from} order by (case when ${primary} then 0 else 1 end), ${position} limit 1)`;
}

function columnKey(resourceType: ResourceTypeName, path: string): SortKey | undefined {
  const nameAttribute = resourceType === 'User' ? 'username' : 'displayname';
  // userName and Group displayName are required, so their key column is always filled.
  const columns: Record<string, [string, boolean]> = {
    [nameAttribute]: ['resources.name_key', false],
    id: ['resources.id', false],
    externalid: ['resources.external_id', true],
    'meta.created': ['resources.created', false],
    'meta.lastmodified': ['resources.last_modified', false],
    'meta.version': ['resources.version', false],
  };
  const column = columns[path];
  return column === undefined
    ? undefined
    : { expression: sql.ref(column[0]), kind: 'text', nullable: column[1] };
}

/**
 * The ORDER BY key for a `sortBy` attribute path, RFC 7644 §3.4.2.3: hot attributes sort on their
 * indexed columns, anything else on the JSON value in the document, case-folded when the
 * attribute is caseExact=false; a multi-valued attribute sorts by its primary (or first) value.
 * Unknown attributes, complex attributes without a `value`, and `members` / `groups` answer 400
 * invalidValue.
 */
export function resolveSort(
  hooks: SqlDialectHooks,
  registry: SchemaRegistry,
  resourceType: ResourceTypeName,
  sortBy: string,
): SortKey {
  const { schema, names } = splitSortBy(sortBy);
  const [attribute = '', subAttribute] = names;
  const resolved = registry.resolveAttribute(resourceType, {
    attribute,
    ...(schema === undefined ? {} : { schema }),
    ...(subAttribute === undefined ? {} : { subAttribute }),
  });
  if (!resolved)
    throw scimError.invalidValue(`sortBy "${sortBy}" names no attribute of ${resourceType}`);
  const parent = resolved.attribute;
  if (!resolved.isExtension) {
    const path = [parent.name, ...(resolved.subAttribute ? [resolved.subAttribute.name] : [])];
    const column = columnKey(resourceType, path.join('.').toLowerCase());
    if (column) return column;
    if (parent.name === 'meta' || parent.name === 'members' || parent.name === 'groups') {
      throw scimError.invalidValue(`sortBy "${sortBy}" is not sortable`);
    }
  }
  let leaf = resolved.subAttribute;
  if (!leaf && parent.type === 'complex') {
    leaf = parent.subAttributes?.find((sub) => sub.name === 'value');
    if (!leaf)
      throw scimError.invalidValue(
        `sortBy "${sortBy}" is a complex attribute without a value; name a sub-attribute`,
      );
  }
  const keys = resolved.isExtension ? [resolved.schema, parent.name] : [parent.name];
  const definition = leaf ?? parent;
  const subKeys = leaf ? [leaf.name] : [];
  const expression = parent.multiValued
    ? primaryElementKey(hooks, definition, keys, subKeys)
    : jsonKey(hooks, definition, { kind: 'document' }, [...keys, ...subKeys]);
  return { expression, kind: kindOf(definition), nullable: true };
}
