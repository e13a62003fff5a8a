import { sql } from 'kysely';
import type { Expression } from 'kysely';
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

/** The SQLite side of the dialect hooks. */
export const sqliteHooks: SqlDialectHooks = {
  name: 'sqlite',
  rowKeyType: 'integer',
  rowKeyColumn: (column) => column.primaryKey(),
  documentType: 'text',
  keyTextType: 'text',
  decodeDocument: (value) => JSON.parse(value as string) as ScimResource,
  jsonSortValue: (document: Expression<unknown>, path) =>
    sql`json_extract(${document}, ${sqliteJsonPath(path)})`,
  ...sqliteJsonHooks,
  classifyError(error): DriverFailure | undefined {
    if (typeof error !== 'object' || error === null) return undefined;
    const { code, message } = error as { code?: unknown; message?: unknown };
    if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
      return { kind: 'unique', constraint: constraintOf(String(message)) };
    }
    if (
      code === 'SQLITE_BUSY' ||
      code === 'SQLITE_CANTOPEN' ||
      code === 'SQLITE_IOERR' ||
      code === 'SQLITE_FULL'
    ) {
      return { kind: 'unavailable' };
    }
    return undefined;
  },
};
