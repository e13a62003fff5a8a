import { CompiledQuery, type Insertable, type Kysely } from 'kysely';
import type { Database } from './tables.js';

type Table = 'resources' | 'activity';
type Row<T extends Table> = Insertable<Database[T]>;

/** Rows per statement: 14 columns × 200 rows stays well under every parameter limit. */
export const rowsPerInsert = 200;

const statements = new Map<string, string>();

/**
 * The SQL text of a multi-row INSERT of `count` rows into `table`, built by the query builder
 * once per dialect, column list and row count, then reused with fresh parameters: building a
 * 200-row statement value by value for every chunk costs more than the database takes to insert
 * the rows. Every value is a parameter, so the text does not depend on the values.
 */
function statementText<T extends Table>(
  db: Kysely<Database>,
  dialect: string,
  table: T,
  columns: readonly string[],
  count: number,
): string {
  const key = `${dialect}|${table}|${columns.join(',')}|${count}`;
  let text = statements.get(key);
  if (text === undefined) {
    const placeholder = Object.fromEntries(columns.map((column) => [column, null]));
    const rows = Array.from({ length: count }, () => placeholder) as Row<T>[];
    text = db.insertInto(table).values(rows).compile().sql;
    // Full chunks and small counts recur; keep those, not every remainder size.
    if (count === rowsPerInsert || count <= 8) statements.set(key, text);
  }
  return text;
}

/** Inserts rows (all with the same columns, in the same order) in multi-row statements. */
export async function insertRows<T extends Table>(
  db: Kysely<Database>,
  dialect: string,
  table: T,
  rows: readonly Row<T>[],
): Promise<void> {
  const [first] = rows;
  if (first === undefined) return;
  const columns = Object.keys(first);
  for (let start = 0; start < rows.length; start += rowsPerInsert) {
    const chunk = rows.slice(start, start + rowsPerInsert);
    const parameters: unknown[] = [];
    for (const row of chunk) {
      const values = row as Record<string, unknown>;
      for (const column of columns) parameters.push(values[column] ?? null);
    }
    const text = statementText(db, dialect, table, columns, chunk.length);
    await db.executeQuery(CompiledQuery.raw(text, parameters));
  }
}
