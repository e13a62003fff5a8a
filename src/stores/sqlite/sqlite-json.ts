import { sql } from 'kysely';
import type { Expression, RawBuilder, SqlBool } from 'kysely';
import type { JsonNode, JsonType, JsonFilterHooks, SubstringOperator } from '../sql/index.js';

/** A JSON path for json_extract with every key quoted (URN keys contain '.' and ':'). */
export function sqliteJsonPath(path: readonly string[]): string {
  return '$' + path.map((key) => `."${key.replace(/["\\]/g, '')}"`).join('');
}

const typeNames: Record<JsonType, readonly string[]> = {
  string: ['text'],
  number: ['integer', 'real'],
  boolean: ['true', 'false'],
  object: ['object'],
};

function column(alias: string, name: 'type' | 'value'): RawBuilder<unknown> {
  return sql.ref(`${alias}.${name}`);
}

/** json_type of the value at `keys`; an element that is not an object has no keys below it. */
function typeOf(node: JsonNode, keys: readonly string[]): RawBuilder<unknown> {
  if (node.kind === 'document')
    return sql`json_type(${sql.ref('resources.document')}, ${sqliteJsonPath(keys)})`;
  if (keys.length === 0) return column(node.alias, 'type');
  return sql`(case when ${column(node.alias, 'type')} = 'object' then json_type(${column(node.alias, 'value')}, ${sqliteJsonPath(keys)}) end)`;
}

function valueOf(node: JsonNode, keys: readonly string[]): RawBuilder<unknown> {
  if (node.kind === 'document')
    return sql`json_extract(${sql.ref('resources.document')}, ${sqliteJsonPath(keys)})`;
  if (keys.length === 0) return column(node.alias, 'value');
  return sql`(case when ${column(node.alias, 'type')} = 'object' then json_extract(${column(node.alias, 'value')}, ${sqliteJsonPath(keys)}) end)`;
}

/** Arguments of json_each over the container at `keys` ('[]' when an element has nothing there). */
function containerOf(node: JsonNode, keys: readonly string[]): RawBuilder<unknown> {
  if (node.kind === 'document')
    return sql`${sql.ref('resources.document')}, ${sqliteJsonPath(keys)}`;
  const json = sql`(case when ${column(node.alias, 'type')} in ('object', 'array') then ${column(node.alias, 'value')} else '[]' end)`;
  return keys.length === 0 ? json : sql`${json}, ${sqliteJsonPath(keys)}`;
}

function memberPresent(alias: string): RawBuilder<SqlBool> {
  const type = column(alias, 'type');
  const value = column(alias, 'value');
  return sql<SqlBool>`((${type} = 'text' and ${value} <> '') or ${type} in ('integer', 'real', 'true', 'false') or (${type} = 'object' and ${value} <> '{}') or (${type} = 'array' and ${value} <> '[]'))`;
}

/** The filter-compiler hooks of SQLite: json_type / json_extract / json_each and literal substring tests. */
export const sqliteJsonHooks: JsonFilterHooks = {
  jsonTypeIs: (node, keys, type) =>
    sql<SqlBool>`${typeOf(node, keys)} in (${sql.join(typeNames[type].map((name) => sql.lit(name)))})`,
  jsonText: valueOf,
  jsonNumber: (node, keys) =>
    sql`(case when ${typeOf(node, keys)} in ('integer', 'real') then ${valueOf(node, keys)} end)`,
  jsonBooleanIs: (node, keys, value) =>
    sql<SqlBool>`${typeOf(node, keys)} = ${sql.lit(value ? 'true' : 'false')}`,
  jsonPresent(node, keys) {
    const type = typeOf(node, keys);
    const member = node.kind === 'document' ? 'document_member' : `${node.alias}_member`;
    return sql<SqlBool>`(case
      when ${type} = 'text' then ${valueOf(node, keys)} <> ''
      when ${type} in ('integer', 'real', 'true', 'false') then 1
      when ${type} in ('object', 'array') then exists (select 1 from json_each(${containerOf(node, keys)}) as ${sql.id(member)} where ${memberPresent(member)})
      else 0 end)`;
  },
  jsonElements: (node, keys, alias) =>
    sql`json_each(${containerOf(node, keys)}) as ${sql.id(alias)}`,
  // roster_lower is JavaScript's toLowerCase, registered on the connection: SQLite's lower() folds ASCII only.
  foldCase: (text: Expression<unknown>) => sql`roster_lower(${text})`,
  binaryText: (text) => text,
  textMatches(text, operator: SubstringOperator, needle) {
    // substr counts code points, as JavaScript's string iterator does.
    const length = [...needle].length;
    if (operator === 'co') return sql<SqlBool>`instr(${text}, ${needle}) > 0`;
    if (operator === 'sw') return sql<SqlBool>`substr(${text}, 1, ${length}) = ${needle}`;
    if (needle === '') return sql<SqlBool>`${text} is not null`;
    return sql<SqlBool>`substr(${text}, ${-length}) = ${needle}`;
  },
  definite: (predicate) => sql<SqlBool>`coalesce(${predicate}, 0)`,
};
