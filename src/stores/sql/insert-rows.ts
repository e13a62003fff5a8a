import { CompiledQuery, type Kysely } from 'kysely';
import type { Database } from './tables.js';

type Table = 'resources' | 'activity';

/** Rows per statement: 14 columns × 200 rows stays well under every parameter limit. */
export const rowsPerInsert = 200;

/** Statement texts by dialect, table, columns and row count; the least recently used go first. */
const statements = new Map<string, string>();
const maxStatements = 64;

/**
 * The SQL text of a multi-row INSERT of `count` rows into `table`, built by the query builder
 * once per dialect, column list and row count, then reused with fresh parameters: building a
 * 200-row statement value by value for every chunk costs more than the database takes to insert
 * the rows. Every value is a parameter, so the text does not depend on the values.
 */
function statementText(
  db: Kysely<Database>,
  dialect: string,
  table: Table,
  columns: readonly string[],
  count: number,
): string {
  const key = `${dialect}|${table}|${columns.join(',')}|${count}`;
  let text = statements.get(key);
  if (text !== undefined) {
    statements.delete(key);
  } else {
    const placeholder = Object.fromEntries(columns.map((column) => [column, null]));
    const rows = Array.from({ length: count }, () => placeholder);
    const compiled = db
      .insertInto(table)
      .values(rows as never)
      .compile();
    if (compiled.parameters.length !== count * columns.length) {
      throw new Error(`insertRows: the ${table} statement does not bind every value`);
    }
    text = compiled.sql;
    if (statements.size >= maxStatements) {
      const oldest = statements.keys().next().value;
      if (oldest !== undefined) statements.delete(oldest);
    }
  }
  statements.set(key, text);
  return text;
}

/**
 * Inserts one row per item in multi-row statements. `write` appends an item's values to the
 * statement's parameters, one per column in the order of `columns`; no row object is built.
 */
export async function insertRows<T>(
  db: Kysely<Database>,
  dialect: string,
  table: Table,
  columns: readonly string[],
  items: readonly T[],
  write: (item: T, parameters: unknown[]) => void,
): Promise<void> {
  for (let start = 0; start < items.length; start += rowsPerInsert) {
    const end = Math.min(start + rowsPerInsert, items.length);
    const parameters: unknown[] = [];
    for (let i = start; i < end; i++) write(items[i] as T, parameters);
    if (parameters.length !== (end - start) * columns.length) {
      throw new Error(`insertRows: ${table} rows must have ${columns.length} values each`);
    }
    const text = statementText(db, dialect, table, columns, end - start);
    await db.executeQuery(CompiledQuery.raw(text, parameters));
  }
}
