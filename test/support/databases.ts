import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Store } from '../../src/provisioning/ports.js';
import { createPostgresStore } from '../../src/stores/postgres/index.js';
import { createSqliteStore } from '../../src/stores/sqlite/index.js';

export type TestDatabaseName = 'sqlite' | 'postgres';

/** A freshly created, migrated database for one test file; `drop()` closes and removes it. */
export interface TestDatabase {
  name: TestDatabaseName;
  /** The `ROSTER_DATABASE_URL` form of the database. */
  url: string;
  store: Store;
  drop(): Promise<void>;
}

const adminUrl =
  process.env['ROSTER_TEST_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

function postgresAnswers(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname || '127.0.0.1', port: Number(port || 5432) });
    const done = (answered: boolean) => {
      socket.destroy();
      resolve(answered);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

async function resolveNames(): Promise<TestDatabaseName[]> {
  const listed = process.env['ROSTER_TEST_DATABASES'];
  if (listed === undefined || listed.trim() === '') {
    return (await postgresAnswers(adminUrl)) ? ['sqlite', 'postgres'] : ['sqlite'];
  }
  const names = listed
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  for (const name of names) {
    if (name !== 'sqlite' && name !== 'postgres')
      throw new Error(`ROSTER_TEST_DATABASES: unknown database "${name}"`);
  }
  if (names.includes('postgres') && !(await postgresAnswers(adminUrl))) {
    throw new Error(
      `ROSTER_TEST_DATABASES names postgres but ${new URL(adminUrl).host} does not answer`,
    );
  }
  return names as TestDatabaseName[];
}

/**
 * The databases every database test runs against: ROSTER_TEST_DATABASES (comma-separated), or by
 * default sqlite plus postgres when 127.0.0.1:5432 answers.
 */
export const testDatabaseNames: TestDatabaseName[] = await resolveNames();

async function withAdmin<T>(action: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await action(client);
  } finally {
    await client.end();
  }
}

async function createSqlite(): Promise<TestDatabase> {
  const directory = mkdtempSync(join(tmpdir(), 'roster-test-'));
  const filename = join(directory, 'roster.db');
  const store = createSqliteStore({ filename });
  await store.migrate();
  return {
    name: 'sqlite',
    url: `sqlite:${filename}`,
    store,
    async drop() {
      await store.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

async function createPostgres(): Promise<TestDatabase> {
  const database = `roster_test_${randomBytes(6).toString('hex')}`;
  await withAdmin((client) => client.query(`create database ${database}`));
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  const store = createPostgresStore({ connectionString: url.toString(), poolSize: 10 });
  await store.migrate();
  return {
    name: 'postgres',
    url: url.toString(),
    store,
    async drop() {
      await store.close();
      await withAdmin((client) => client.query(`drop database if exists ${database} with (force)`));
    },
  };
}

/** Creates an empty, migrated database of the given kind; never touches any other database. */
export function createTestDatabase(name: TestDatabaseName): Promise<TestDatabase> {
  return name === 'sqlite' ? createSqlite() : createPostgres();
}
