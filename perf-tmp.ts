import { createSqliteStore } from './src/stores/sqlite/index.js';
import { createPostgresStore } from './src/stores/postgres/index.js';
import { parseFilter } from './src/scim/filter/index.js';
import { createResourceId } from './src/provisioning/ids.js';
import pg from 'pg';
const N = 100_000;
async function run(kind: string) {
  let store; let cleanup = async () => {};
  if (kind === 'sqlite') { store = createSqliteStore({ filename: '/tmp/perf-roster.db' }); }
  else {
    const admin = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/test' }); await admin.connect();
    await admin.query('drop database if exists roster_perf_tmp with (force)'); await admin.query('create database roster_perf_tmp'); await admin.end();
    store = createPostgresStore({ connectionString: 'postgres://postgres@127.0.0.1:5432/roster_perf_tmp', poolSize: 4 });
    cleanup = async () => { const a = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/test' }); await a.connect(); await a.query('drop database if exists roster_perf_tmp with (force)'); await a.end(); };
  }
  await store.migrate(); await store.createTenant('t', new Date().toISOString());
  const t = store.forTenant('t');
  const ids: string[] = [];
  const t0 = Date.now();
  await t.transaction(async (tx) => {
    for (let i = 0; i < N; i++) {
      const id = createResourceId(); ids.push(id);
      const now = new Date(Date.UTC(2026, 0, 1) + i).toISOString();
      await tx.insertResource({ resourceType: 'User', id, externalId: 'ext' + i, name: 'user' + String(i).padStart(6, '0'), created: now, lastModified: now, version: 'W/"1"',
        attributes: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'user' + i, emails: [{ value: `u${i}@example.com`, primary: true }] } });
    }
    const gid = createResourceId();
    await tx.insertResource({ resourceType: 'Group', id: gid, externalId: null, name: 'big', created: new Date().toISOString(), lastModified: new Date().toISOString(), version: 'W/"1"', attributes: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'big' } });
    await tx.addMembers(gid, ids.map((value) => ({ value, type: 'User' as const, display: null })));
  });
  console.log(kind, 'loaded in', Date.now() - t0, 'ms');
  const time = async (label: string, f: () => Promise<unknown>) => {
    await f(); const times: number[] = [];
    for (let i = 0; i < 20; i++) { const s = performance.now(); await f(); times.push(performance.now() - s); }
    times.sort((a, b) => a - b); console.log(kind, label.padEnd(44), 'median', times[10]!.toFixed(2), 'ms');
  };
  await time('userName eq', () => t.list({ resourceType: 'User', filter: parseFilter('userName eq "user77777"'), startIndex: 1, count: 100 }));
  await time('externalId eq', () => t.list({ resourceType: 'User', filter: parseFilter('externalId eq "ext77777"'), startIndex: 1, count: 100 }));
  await time('index page startIndex=1 count=100', () => t.list({ resourceType: 'User', startIndex: 1, count: 100 }));
  await time('index page startIndex=50001 count=100', () => t.list({ resourceType: 'User', startIndex: 50001, count: 100 }));
  const mid = await t.list({ resourceType: 'User', startIndex: 50000, count: 1, withPositions: true });
  await time('cursor first page count=100', () => t.list({ resourceType: 'User', startIndex: 1, count: 101, withPositions: true }));
  await time('cursor page after row 50,000 count=100', () => t.list({ resourceType: 'User', startIndex: 1, count: 101, after: mid.positions![0]! }));
  const midSorted = await t.list({ resourceType: 'User', sortBy: 'userName', startIndex: 50000, count: 1, withPositions: true });
  await time('sortBy=userName cursor first page', () => t.list({ resourceType: 'User', sortBy: 'userName', startIndex: 1, count: 101, withPositions: true }));
  await time('sortBy=userName cursor after row 50,000', () => t.list({ resourceType: 'User', sortBy: 'userName', startIndex: 1, count: 101, after: midSorted.positions![0]! }));
  await time('sortBy=userName index startIndex=50001', () => t.list({ resourceType: 'User', sortBy: 'userName', startIndex: 50001, count: 100 }));
  await time('Groups members.value eq', () => t.list({ resourceType: 'Group', filter: parseFilter(`members.value eq "${ids[4242]}"`), startIndex: 1, count: 100 }));
  const g = (await t.list({ resourceType: 'Group', startIndex: 1, count: 1 })).records[0]!.id;
  await time('Users groups.value eq (group of 100k) count=100', () => t.list({ resourceType: 'User', filter: parseFilter(`groups.value eq "${g}"`), startIndex: 1, count: 100 }));
  await time('count only (count=0), no filter', () => t.list({ resourceType: 'User', startIndex: 1, count: 0 }));
  await time('sortBy=userName descending cursor after 50,000', () => t.list({ resourceType: 'User', sortBy: 'userName', sortOrder: 'descending', startIndex: 1, count: 101, after: midSorted.positions![0]! }));
  await store.close(); await cleanup();
}
await run(process.argv[2] ?? 'sqlite');
