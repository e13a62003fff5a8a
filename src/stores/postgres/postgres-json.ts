import { sql } from 'kysely';
import type { RawBuilder, SqlBool } from 'kysely';
import type { JsonNode, JsonType, JsonFilterHooks } from '../sql/index.js';

/** The jsonb value at `keys` under `node`. */
function valueAt(node: JsonNode, keys: readonly string[]): RawBuilder<unknown> {
  const base =
    node.kind === 'document' ? sql.ref('resources.document') : sql.ref(`${node.alias}.value`);
  return keys.length === 0 ? base : sql`(${base} #> ${[...keys]}::text[])`;
}

/** The jsonb value as text, or NULL when it is not a JSON string. */
function textAt(node: JsonNode, keys: readonly string[]): RawBuilder<unknown> {
  const value = valueAt(node, keys);
  return sql`(case when jsonb_typeof(${value}) = 'string' then ${value} #>> '{}' end)`;
}

/** LIKE pattern matching `needle` literally. */
function literalPattern(needle: string): string {
  return needle.replace(/[\\%_]/g, (special) => `\\${special}`);
}

function memberPresent(value: RawBuilder<unknown>): RawBuilder<SqlBool> {
  return sql<SqlBool>`((jsonb_typeof(${value}) = 'string' and ${value} #>> '{}' <> '') or jsonb_typeof(${value}) in ('number', 'boolean') or (jsonb_typeof(${value}) = 'object' and ${value} <> '{}'::jsonb) or (jsonb_typeof(${value}) = 'array' and ${value} <> '[]'::jsonb))`;
}

/** The filter-compiler hooks of PostgreSQL: jsonb operators, jsonb_array_elements and LIKE with escaping. */
export const postgresJsonHooks: JsonFilterHooks = {
  jsonTypeIs: (node, keys, type: JsonType) =>
    sql<SqlBool>`jsonb_typeof(${valueAt(node, keys)}) = ${sql.lit(type)}`,
  jsonText: textAt,
  jsonNumber(node, keys) {
    const value = valueAt(node, keys);
    return sql`(case when jsonb_typeof(${value}) = 'number' then (${value} #>> '{}')::numeric end)`;
  },
  jsonBooleanIs: (node, keys, value) =>
    sql<SqlBool>`${valueAt(node, keys)} = ${sql.lit(value ? 'true' : 'false')}::jsonb`,
  jsonPresent(node, keys) {
    const value = valueAt(node, keys);
    const member = sql.ref(
      node.kind === 'document' ? 'document_member.value' : `${node.alias}_member.value`,
    );
    const alias = sql.id(node.kind === 'document' ? 'document_member' : `${node.alias}_member`);
    return sql<SqlBool>`(case jsonb_typeof(${value})
      when 'string' then ${value} #>> '{}' <> ''
      when 'number' then true
      when 'boolean' then true
      when 'object' then exists (select 1 from jsonb_each(case when jsonb_typeof(${value}) = 'object' then ${value} else '{}'::jsonb end) as ${alias} where ${memberPresent(member)})
      when 'array' then exists (select 1 from jsonb_array_elements(case when jsonb_typeof(${value}) = 'array' then ${value} else '[]'::jsonb end) as ${alias}(value) where ${memberPresent(member)})
      else false end)`;
  },
  jsonElements(node, keys, alias) {
    const value = valueAt(node, keys);
    return sql`jsonb_array_elements(case when jsonb_typeof(${value}) = 'array' then ${value} when ${value} is null then '[]'::jsonb else jsonb_build_array(${value}) end) as ${sql.id(alias)}(value)`;
  },
  // Key columns are collated "C", whose lower() folds ASCII only; the database collation folds Unicode.
  foldCase: (text) => sql`lower((${text})::text collate "default")`,
  binaryText: (text) => sql`((${text})::text collate "C")`,
  textMatches(text, operator, needle) {
    const literal = literalPattern(needle);
    const pattern =
      operator === 'co' ? `%${literal}%` : operator === 'sw' ? `${literal}%` : `%${literal}`;
    return sql<SqlBool>`((${text})::text collate "C") like ${pattern} escape '\\'`;
  },
  definite: (predicate) => sql<SqlBool>`coalesce(${predicate}, false)`,
};
