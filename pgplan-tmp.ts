import pg from 'pg';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { createPostgresStore } from './src/stores/postgres/index.js';
import { postgresHooks } from './src/stores/postgres/postgres-hooks.js';
import { compileFilter } from './src/stores/sql/index.js';
import { parseFilter } from './src/scim/filter/index.js';
import { createSchemaRegistry } from './src/scim/schema/index.js';
const url = 'postgres://postgres@127.0.0.1:5432/roster_perf_tmp2';
const admin = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/test' }); await admin.connect();
await admin.query('drop database if exists roster_perf_tmp2 with (force)'); await admin.query('create database roster_perf_tmp2'); await admin.end();
const store = createPostgresStore({ connectionString: url, poolSize: 2 }); await store.migrate(); await store.close();
const pool = new pg.Pool({ connectionString: url, max: 2 });
const c = await pool.connect();
await c.query("insert into tenants values ('t', 'x')");
await c.query(`insert into resources (tenant_id, resource_type, id, external_id, name, name_key, created, last_modified, version, document)
  select 't', 'User', gen_random_uuid()::text, 'ext'||i, 'user'||i, 'user'||lpad(i::text, 6, '0'), to_char(timestamp '2026-01-01' + i * interval '1 millisecond', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'x', 'v', jsonb_build_object('userName', 'user'||i) from generate_series(1, 100000) i`);
await c.query(`insert into resources (tenant_id, resource_type, id, name, name_key, created, last_modified, version, document) values ('t','Group','g1','big','big','2026','x','v','{}')`);
await c.query(`insert into memberships select 't', 'g1', id, 'User', null from resources where resource_type='User'`);
const db = new Kysely<any>({ dialect: new PostgresDialect({ pool }) });
const registry = createSchemaRegistry();
const base = (type: string) => db.selectFrom('resources').selectAll().where('tenant_id','=','t').where('resource_type','=',type);
const mid = (await c.query("select created, row_key from resources where resource_type='User' order by created, row_key offset 50000 limit 1")).rows[0];
const queries: [string, any][] = [
  ['groups.value count', db.selectFrom('resources').select(sql`count(*)`.as('n')).where('tenant_id','=','t').where('resource_type','=','User').where(compileFilter(postgresHooks, registry, 'User', parseFilter('groups.value eq "g1"'), 't'))],
  ['groups.value page', base('User').where(compileFilter(postgresHooks, registry, 'User', parseFilter('groups.value eq "g1"'), 't')).orderBy('row_key').limit(100)],
  ['first page', base('User').orderBy('created').orderBy('row_key').limit(101)],
  ['keyset 50000', base('User').where(sql`(resources.created >= ${mid.created} and (resources.created > ${mid.created} or resources.row_key > ${Number(mid.row_key)}))`).orderBy('created').orderBy('row_key').limit(101)],
  ['count', db.selectFrom('resources').select(sql`count(*)`.as('n')).where('tenant_id','=','t').where('resource_type','=','User')],
];
for (const analyzed of [false, true]) {
  if (analyzed) await c.query('analyze');
  for (const [label, q] of queries) {
    const compiled = q.compile();
    const s = performance.now();
    await c.query("set statement_timeout = '20s'");
    let res: any;
    try { res = await c.query('explain (analyze, costs off, timing off, summary on) ' + compiled.sql, compiled.parameters as any[]); }
    catch (e) { res = await c.query('explain (costs off) ' + compiled.sql, compiled.parameters as any[]); console.log('   TIMED OUT'); }
    console.log(analyzed ? 'analyzed' : 'fresh', label, (performance.now() - s).toFixed(1), 'ms');
    if (label !== 'count') console.log(res.rows.map((r: any) => '    ' + r['QUERY PLAN']).slice(0, 12).join('\n'));
  }
}
c.release(); await pool.end();
const a2 = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/test' }); await a2.connect(); await a2.query('drop database if exists roster_perf_tmp2 with (force)'); await a2.end();
