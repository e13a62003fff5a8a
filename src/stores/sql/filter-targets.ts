import { sql } from 'kysely';
import type { Expression, SqlBool } from 'kysely';
import { scimError } from '../../scim/errors.js';
import { schemasAttribute } from '../../scim/filter/index.js';
import type { AttrPath } from '../../scim/path/types.js';
import type {
  AttributeDefinition,
  ResourceTypeName,
  SchemaRegistry,
} from '../../scim/schema/index.js';
import type { JsonNode, JsonType, SqlDialectHooks } from './dialect-hooks.js';

/** One candidate value of an attribute, as SQL expressions. */
export interface ValueRef {
  /** A condition that the value has this JSON type; undefined when a column guarantees it. */
  typeIs(type: JsonType): Expression<SqlBool> | undefined;
  readonly text: Expression<unknown>;
  /** The lower-cased text when the store keeps one (an indexed column). */
  readonly folded?: Expression<unknown>;
  readonly number: Expression<unknown>;
  booleanIs(value: boolean): Expression<SqlBool>;
  readonly present: Expression<SqlBool>;
}

/** The value of one sub-attribute of one element of a complex attribute. */
export type ElementScope = (subAttribute: AttributeDefinition) => ValueRef;

/** Where an attribute path's values live, and how to ask "does some value satisfy this". */
export interface FilterTarget {
  /** The definition compared against (the sub-attribute's when one is named). */
  readonly definition: AttributeDefinition;
  some(test: (value: ValueRef) => Expression<SqlBool>): Expression<SqlBool>;
  /** For complex attributes: does some element satisfy `test` over its sub-attributes. */
  someElement(test: (element: ElementScope) => Expression<SqlBool>): Expression<SqlBool>;
}

const falseExpression = sql<SqlBool>`1 = 0`;
const trueExpression = sql<SqlBool>`1 = 1`;
const elementAlias = 'element';

function columnValue(column: Expression<unknown>, folded?: Expression<unknown>): ValueRef {
  return {
    typeIs: (type) => (type === 'string' ? undefined : falseExpression),
    text: column,
    ...(folded ? { folded } : {}),
    number: sql`cast(null as numeric)`,
    booleanIs: () => falseExpression,
    present: sql<SqlBool>`(${column} is not null and ${column} <> '')`,
  };
}

function constantValue(value: string | null): ValueRef {
  return value === null
    ? {
        typeIs: () => falseExpression,
        text: sql`cast(null as text)`,
        number: sql`cast(null as numeric)`,
        booleanIs: () => falseExpression,
        present: falseExpression,
      }
    : columnValue(sql`cast(${sql.lit(value)} as text)`);
}

function jsonValue(hooks: SqlDialectHooks, node: JsonNode, keys: readonly string[]): ValueRef {
  return {
    typeIs: (type) => hooks.jsonTypeIs(node, keys, type),
    text: hooks.jsonText(node, keys),
    number: hooks.jsonNumber(node, keys),
    booleanIs: (value) => hooks.jsonBooleanIs(node, keys, value),
    present: hooks.jsonPresent(node, keys),
  };
}

function unsupported(): never {
  throw scimError.invalidFilter('value filters apply to complex attributes only');
}

/** Values kept in the resource document at `keys` (with `[schema, attribute]` for extensions). */
function jsonTarget(
  hooks: SqlDialectHooks,
  attribute: AttributeDefinition,
  keys: string[],
  sub?: AttributeDefinition,
): FilterTarget {
  const element: JsonNode = { kind: 'element', alias: elementAlias };
  const exists = (where: Expression<SqlBool>) =>
    sql<SqlBool>`exists (select 1 from ${hooks.jsonElements({ kind: 'document' }, keys, elementAlias)} where ${where})`;
  const elementScope: ElementScope = (subAttribute) =>
    jsonValue(hooks, element, [subAttribute.name]);
  if (!attribute.multiValued) {
    const documentKeys = sub ? [...keys, sub.name] : keys;
    return {
      definition: sub ?? attribute,
      some: (test) => test(jsonValue(hooks, { kind: 'document' }, documentKeys)),
      someElement: (test) =>
        sql<SqlBool>`(${hooks.jsonTypeIs({ kind: 'document' }, keys, 'object')} and ${test(
          (subAttribute) => jsonValue(hooks, { kind: 'document' }, [...keys, subAttribute.name]),
        )})`,
    };
  }
  return {
    definition: sub ?? attribute,
    some: (test) => exists(test(jsonValue(hooks, element, sub ? [sub.name] : []))),
    someElement: (test) =>
      exists(sql<SqlBool>`${hooks.jsonTypeIs(element, [], 'object')} and ${test(elementScope)}`),
  };
}

/**
 * Group `members` (RFC 7643 §4.2) and User `groups` (§4.1.2) come from the memberships table.
 * Resource ids are generated lower-case, so the id columns serve as their own case-folded form and
 * `members.value eq` / `groups.value eq` compare the stored id directly: one primary-key probe
 * (tenant, group, member) per candidate resource, whatever the planner's statistics. (An
 * uncorrelated `id in (select …)` was tried: PostgreSQL without fresh statistics planned it as a
 * nested loop over both tables.)
 */
function membershipTarget(
  resourceType: ResourceTypeName,
  attribute: AttributeDefinition,
  sub: AttributeDefinition | undefined,
): FilterTarget {
  const isGroup = resourceType === 'Group';
  const rows = sql`from memberships as m where`;
  const columns: Record<string, ValueRef> = isGroup
    ? {
        value: columnValue(sql.ref('m.member_id'), sql.ref('m.member_id')),
        type: columnValue(sql.ref('m.member_type')),
        display: columnValue(sql.ref('m.display')),
      }
    : {
        value: columnValue(sql.ref('m.group_id'), sql.ref('m.group_id')),
        // A scalar lookup rather than a join, so `groups.value eq` stays a primary-key probe.
        display: columnValue(
          sql`(select g.name from resources as g where g.tenant_id = m.tenant_id and g.id = m.group_id)`,
        ),
        type: constantValue('direct'),
      };
  const scope: ElementScope = (subAttribute) => columns[subAttribute.name] ?? constantValue(null);
  const owner = sql.ref(isGroup ? 'm.group_id' : 'm.member_id');
  const exists = (where: Expression<SqlBool>) =>
    sql<SqlBool>`exists (select 1 ${rows} m.tenant_id = resources.tenant_id and ${owner} = resources.id and ${where})`;
  const row: ValueRef = { ...constantValue(null), present: trueExpression };
  return {
    definition: sub ?? attribute,
    some: (test) => exists(test(sub ? scope(sub) : row)),
    someElement: (test) => exists(test(scope)),
  };
}

/** The indexed column (or constant) holding a common or name attribute, if it has one. */
function columnTarget(
  resourceType: ResourceTypeName,
  attribute: AttributeDefinition,
  sub?: AttributeDefinition,
): ValueRef | undefined {
  if (attribute.name === 'id') return columnValue(sql.ref('resources.id'));
  if (attribute.name === 'externalId') return columnValue(sql.ref('resources.external_id'));
  if (attribute.name === (resourceType === 'User' ? 'userName' : 'displayName')) {
    return columnValue(sql.ref('resources.name'), sql.ref('resources.name_key'));
  }
  if (attribute.name !== 'meta' || !sub) return undefined;
  if (sub.name === 'created') return columnValue(sql.ref('resources.created'));
  if (sub.name === 'lastModified') return columnValue(sql.ref('resources.last_modified'));
  if (sub.name === 'version') return columnValue(sql.ref('resources.version'));
  if (sub.name === 'resourceType') return columnValue(sql.ref('resources.resource_type'));
  return constantValue(null);
}

/** Resolves a filter path over whole resources of one type to where its values are stored. */
export function resolveFilterTarget(
  hooks: SqlDialectHooks,
  registry: SchemaRegistry,
  resourceType: ResourceTypeName,
  path: AttrPath,
): FilterTarget {
  if (
    path.schema === undefined &&
    path.subAttribute === undefined &&
    path.attribute.toLowerCase() === 'schemas'
  ) {
    return jsonTarget(hooks, schemasAttribute, ['schemas']);
  }
  const resolved = registry.resolveAttribute(resourceType, {
    attribute: path.attribute,
    ...(path.schema === undefined ? {} : { schema: path.schema }),
    ...(path.subAttribute === undefined ? {} : { subAttribute: path.subAttribute }),
  });
  if (!resolved)
    throw scimError.invalidFilter(`at ${path.span.start}: unknown attribute "${path.attribute}"`);
  const { attribute, subAttribute } = resolved;
  if (!resolved.isExtension) {
    if (
      (resourceType === 'Group' && attribute.name === 'members') ||
      (resourceType === 'User' && attribute.name === 'groups')
    ) {
      return membershipTarget(resourceType, attribute, subAttribute);
    }
    const column = columnTarget(resourceType, attribute, subAttribute);
    if (column)
      return {
        definition: subAttribute ?? attribute,
        some: (test) => test(column),
        someElement: unsupported,
      };
    if (attribute.name === 'meta') {
      const meta = { ...constantValue(null), present: trueExpression };
      return {
        definition: attribute,
        some: (test) => test(meta),
        someElement: (test) =>
          test((sub) => columnTarget(resourceType, attribute, sub) ?? constantValue(null)),
      };
    }
  }
  const keys = resolved.isExtension ? [resolved.schema, attribute.name] : [attribute.name];
  return jsonTarget(hooks, attribute, keys, subAttribute);
}
