// Raw PostgreSQL insert rates through pg for the rows Roster stores: the PostgreSQL ceiling.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { userResource } from '../lib/payloads.js';

const admin = process.argv[2] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const name = `roster_bench_limits_${process.pid}`;

async function withAdmin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function row(prefix: string, i: number): [string, string, string] {
  const doc = userResource(prefix, i);
  return [randomUUID(), String(doc.userName), JSON.stringify(doc)];
}

await withAdmin(`CREATE DATABASE ${name}`);
try {
  const url = new URL(admin);
  url.pathname = `/${name}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  await client.query(
    'CREATE TABLE users (rk BIGSERIAL PRIMARY KEY, id UUID NOT NULL UNIQUE, user_name TEXT NOT NULL UNIQUE, doc JSONB NOT NULL)',
  );
  const rows = 1000;
  let start = performance.now();
  await client.query('BEGIN');
  for (let i = 0; i < rows; i++) {
    await client.query({
      name: 'ins',
      text: 'INSERT INTO users (id, user_name, doc) VALUES ($1, $2, $3)',
      values: row('each', i),
    });
  }
  await client.query('COMMIT');
  const perRow = rows / ((performance.now() - start) / 1000);
  start = performance.now();
  const batch = Array.from({ length: rows }, (_, i) => row('batch', i));
  await client.query(
    'INSERT INTO users (id, user_name, doc) SELECT * FROM unnest($1::uuid[], $2::text[], $3::jsonb[])',
    [batch.map((r) => r[0]), batch.map((r) => r[1]), batch.map((r) => r[2])],
  );
  const batched = rows / ((performance.now() - start) / 1000);
  await client.end();
  process.stdout.write(
    JSON.stringify({ 'pg.insert1k.rows': perRow, 'pg.insert1k.batched.rows': batched }) + '\n',
  );
} finally {
  await withAdmin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}
