import { sql } from 'kysely';
import type { ScimResource } from '../../scim/schema/types.js';
import type { DriverFailure, SqlDialectHooks } from '../sql/index.js';
import { postgresJsonHooks } from './postgres-json.js';

const unavailableCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  '57P01',
  '57P02',
  '57P03',
  '53300',
]);

/** The PostgreSQL side of the dialect hooks. */
export const postgresHooks: SqlDialectHooks = {
  name: 'postgres',
  failedStatementKeepsTransaction: false,
  rowKeyType: 'bigint',
  rowKeyColumn: (column) => column.primaryKey().generatedAlwaysAsIdentity(),
  documentType: 'jsonb',
  // Binary collation: ordering and range comparisons match SQLite's, and indexes still serve them.
  keyTextType: sql`text collate "C"`,
  decodeDocument: (value) =>
    (typeof value === 'string' ? JSON.parse(value) : value) as ScimResource,
  jsonOrderedElements(keys, alias) {
    const value = sql`(${sql.ref('resources.document')} #> ${[...keys]}::text[])`;
    return {
      from: sql`jsonb_array_elements(case when jsonb_typeof(${value}) = 'array' then ${value} else '[]'::jsonb end) with ordinality as ${sql.id(alias)}(value, position)`,
      position: sql.ref(`${alias}.position`),
    };
  },
  ...postgresJsonHooks,
  classifyError(error): DriverFailure | undefined {
    if (typeof error !== 'object' || error === null) return undefined;
    const { code, constraint, message } = error as {
      code?: unknown;
      constraint?: unknown;
      message?: unknown;
    };
    if (code === '23505') return { kind: 'unique', constraint: String(constraint) };
    if (code === '40001' || code === '40P01') return { kind: 'retry' };
    if (typeof code === 'string' && (unavailableCodes.has(code) || code.startsWith('08'))) {
      return { kind: 'unavailable' };
    }
    if (
      typeof message === 'string' &&
      /Connection terminated|timeout exceeded when trying to connect/i.test(message)
    ) {
      return { kind: 'unavailable' };
    }
    return undefined;
  },
};
