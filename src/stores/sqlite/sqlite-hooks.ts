import { sql } from 'kysely';
import type { ScimResource } from '../../scim/schema/types.js';
import { indexNames } from '../sql/index.js';
import { sqliteJsonHooks, sqliteJsonPath } from './sqlite-json.js';
import type { DriverFailure, SqlDialectHooks } from '../sql/index.js';

/** SQLite reports the columns of a violated unique index, not its name. */
function constraintOf(message: string): string {
  if (message.includes('resources.name_key')) return indexNames.resourceName;
  if (message.includes('resources.id')) return indexNames.resourceId;
  return message;
}

/** The database file cannot be written now (locked, unwritable, disk full, I/O failure). */
const unavailableCodes = [
  'SQLITE_BUSY',
  'SQLITE_CANTOPEN',
  'SQLITE_IOERR',
  'SQLITE_FULL',
  'SQLITE_READONLY',
];

/** The SQLite side of the dialect hooks. */
export const sqliteHooks: SqlDialectHooks = {
  name: 'sqlite',
  failedStatementKeepsTransaction: true,
  rowKeyType: 'integer',
  rowKeyColumn: (column) => column.primaryKey(),
  documentType: 'text',
  keyTextType: 'text',
  decodeDocument: (value) => JSON.parse(value as string) as ScimResource,
  jsonOrderedElements: (keys, alias) => ({
    from: sql`json_each(${sql.ref('resources.document')}, ${sqliteJsonPath(keys)}) as ${sql.id(alias)}`,
    position: sql.ref(`${alias}.key`),
  }),
  ...sqliteJsonHooks,
  classifyError(error): DriverFailure | undefined {
    if (typeof error !== 'object' || error === null) return undefined;
    const { code, message } = error as { code?: unknown; message?: unknown };
    if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
      return { kind: 'unique', constraint: constraintOf(String(message)) };
    }
    // better-sqlite3 reports extended result codes (SQLITE_IOERR_WRITE, SQLITE_READONLY_DBMOVED…).
    if (typeof code === 'string' && unavailableCodes.some((base) => code.startsWith(base))) {
      return { kind: 'unavailable' };
    }
    return undefined;
  },
};
