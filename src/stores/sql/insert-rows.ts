import { CompiledQuery, type Kysely } from 'kysely';
import type { Database } from './tables.js';

type Table = 'resources' | 'activity';

/** Rows per statement: 14 columns × 200 rows stays well under every parameter limit. */
export const rowsPerInsert = 200;

/** Statement texts by shape (dialect, table, columns, row count); the least recently used go first. */
const statements = new Map<string, string>();
const maxStatements = 64;

/**
 * The statement text of one shape, built once and then reused with fresh parameters: building a
 * 200-row statement value by value for every chunk costs more than the database takes to insert
 * the rows. Every value is a parameter, so the text does not depend on the values.
 */
function cachedText(key: string, build: () => string): string {
  let text = statements.get(key);
  if (text !== undefined) {
    statements.delete(key);
  } else {
    text = build();
    if (statements.size >= maxStatements) {
      const oldest = statements.keys().next().value;
      if (oldest !== undefined) statements.delete(oldest);
    }
  }
  statements.set(key, text);
  return text;
}

/** A multi-row INSERT of `count` rows into `table`, as the query builder writes it. */
function builtText(
  db: Kysely<Database>,
  table: Table,
  columns: readonly string[],
  count: number,
): string {
  const placeholder = Object.fromEntries(columns.map((column) => [column, null]));
  const rows = Array.from({ length: count }, () => placeholder);
  const compiled = db
    .insertInto(table)
    .values(rows as never)
    .compile();
  if (compiled.parameters.length !== count * columns.length) {
    throw new Error(`insertRows: the ${table} statement does not bind every value`);
  }
  return compiled.sql;
}

/**
 * An SQLite INSERT of `count` rows whose `shared` columns hold the same values for every row:
 * those are bound once in the select list, the others come from a VALUES list (whose columns
 * SQLite names column1, column2, …) in row order. Identifiers are Roster's own column names,
 * never client text.
 */
function sharingText(
  table: Table,
  shared: readonly string[],
  perRow: readonly string[],
  count: number,
): string {
  const columns = [...shared, ...perRow].map((column) => `"${column}"`).join(', ');
  const select = [
    ...shared.map(() => '?'),
    ...perRow.map((_, position) => `"column${position + 1}"`),
  ].join(', ');
  const row = `(${perRow.map(() => '?').join(', ')})`;
  return `insert into "${table}" (${columns}) select ${select} from (values ${Array.from({ length: count }, () => row).join(', ')})`;
}

/**
 * Runs `items` through statements of up to `rowsPerInsert` rows: each statement's parameters are
 * `leading` followed by what `write` appends for each of its rows (`perRow` values each).
 */
async function insertInChunks<T>(
  db: Kysely<Database>,
  table: Table,
  items: readonly T[],
  leading: readonly unknown[],
  perRow: number,
  textFor: (count: number) => string,
  write: (item: T, parameters: unknown[]) => void,
): Promise<void> {
  for (let start = 0; start < items.length; start += rowsPerInsert) {
    const end = Math.min(start + rowsPerInsert, items.length);
    const parameters: unknown[] = [...leading];
    for (let i = start; i < end; i++) write(items[i] as T, parameters);
    if (parameters.length !== leading.length + (end - start) * perRow) {
      throw new Error(`insertRows: ${table} rows must have ${perRow} values each`);
    }
    await db.executeQuery(CompiledQuery.raw(textFor(end - start), parameters));
  }
}

/**
 * Inserts one row per item in multi-row statements. `write` appends an item's values to the
 * statement's parameters, one per column in the order of `columns`; no row object is built.
 */
async function insertRows<T>(
  db: Kysely<Database>,
  dialect: string,
  table: Table,
  columns: readonly string[],
  items: readonly T[],
  write: (item: T, parameters: unknown[]) => void,
): Promise<void> {
  const shape = `${dialect}|${table}|${columns.join(',')}`;
  await insertInChunks(
    db,
    table,
    items,
    [],
    columns.length,
    (count) => cachedText(`${shape}|${count}`, () => builtText(db, table, columns, count)),
    write,
  );
}

/**
 * Inserts one row per item, where every row has the same values in the `shared` columns. On
 * SQLite those values are bound once per statement instead of once per row: binding a value
 * costs about as much as storing it, and the activity rows of a Bulk of user POSTs share ten of
 * fourteen columns, its resource rows four of ten (insertRowsOf finds which). Other dialects get
 * the plain multi-row statement. `write` appends an item's `perRow` values.
 */
async function insertRowsSharing<T>(
  db: Kysely<Database>,
  dialect: string,
  table: Table,
  shared: { readonly columns: readonly string[]; readonly values: readonly unknown[] },
  perRow: readonly string[],
  items: readonly T[],
  write: (item: T, parameters: unknown[]) => void,
): Promise<void> {
  if (shared.values.length !== shared.columns.length) {
    throw new Error(`insertRowsSharing: ${table} needs one shared value per shared column`);
  }
  if (dialect !== 'sqlite') {
    await insertRows(db, dialect, table, [...shared.columns, ...perRow], items, (item, values) => {
      for (const value of shared.values) values.push(value);
      write(item, values);
    });
    return;
  }
  const shape = `sqlite-shared|${table}|${shared.columns.join(',')}|${perRow.join(',')}`;
  await insertInChunks(
    db,
    table,
    items,
    shared.values,
    perRow.length,
    (count) =>
      cachedText(`${shape}|${count}`, () => sharingText(table, shared.columns, perRow, count)),
    write,
  );
}

/** A column of an inserted row and how an item gives its value. */
export interface RowColumn<T> {
  readonly name: string;
  readonly value: (item: T) => unknown;
}

/** Whether every item gives the same value for a column. */
function constantIn<T>(items: readonly T[], value: (item: T) => unknown): boolean {
  const first = value(items[0] as T);
  for (let i = 1; i < items.length; i++) if (value(items[i] as T) !== first) return false;
  return true;
}

/**
 * Inserts one row per item (insertRowsSharing), giving once per statement every column whose
 * value is the same for all items: the tenant always, and for a Bulk of user POSTs the type and
 * meta times of its resource rows and the request, method, status and normalisers of its
 * activity rows. A statement needs at least one column from its VALUES list, so the last column
 * is shared only if another is not.
 */
export async function insertRowsOf<T>(
  db: Kysely<Database>,
  dialect: string,
  table: Table,
  columns: readonly RowColumn<T>[],
  items: readonly T[],
): Promise<void> {
  const first = items[0];
  if (first === undefined) return;
  const sharedColumns: string[] = [];
  const sharedValues: unknown[] = [];
  const perRowColumns: string[] = [];
  const perRow: ((item: T) => unknown)[] = [];
  columns.forEach(({ name, value }, index) => {
    const last = index === columns.length - 1 && perRow.length === 0;
    if (items.length > 1 && !last && constantIn(items, value)) {
      sharedColumns.push(name);
      sharedValues.push(value(first));
    } else {
      perRowColumns.push(name);
      perRow.push(value);
    }
  });
  await insertRowsSharing(
    db,
    dialect,
    table,
    { columns: sharedColumns, values: sharedValues },
    perRowColumns,
    items,
    (item, values) => {
      for (let i = 0; i < perRow.length; i++)
        values.push((perRow[i] as (item: T) => unknown)(item));
    },
  );
}
