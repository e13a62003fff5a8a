import { join } from 'node:path';
import { measure, type Measured, type RunConfig } from '../lib/measured.js';
import { runToEnd, startProcess } from '../lib/processes.js';
import { ScimClient } from '../lib/scim-client.js';
import { ADMIN_DATABASE_URL, ROOT, type Instance } from '../lib/systems.js';
import { writesPhase } from '../scenarios/writes.js';

const TSX = ['--import', 'tsx'];

/** Measures the physical limits of this machine: bare node:http, raw better-sqlite3 and raw pg. */
export async function measureLimits(config: RunConfig): Promise<Measured> {
  const out: Measured = {};
  await measure(out, ['http.seq.p50', 'http.seq.p99', 'http.c16.rps'], async () => {
    const server = await startProcess(
      process.execPath,
      [join(ROOT, 'bench/limits/bare-http-server.mjs')],
      { ready: /listening/ },
    );
    const base = /(http:\S+)/.exec(server.lines.at(-1) ?? '')?.[1] ?? '';
    const client = new ScimClient(base, 'none');
    try {
      const bare: Instance = {
        system: 'peer',
        client,
        pid: server.pid,
        load: () => Promise.reject(new Error('no store')),
        stop: server.stop,
      };
      const figures = await writesPhase(bare, config);
      return Object.fromEntries(
        Object.entries(figures).map(([key, value]) => [key.replace(/^post\./, 'http.'), value]),
      );
    } finally {
      await client.close();
      await server.stop();
    }
  });
  await measure(
    out,
    ['sqlite.insert1k.rows', 'sqlite.insert1k.roster.rows', 'sqlite.lookup.big.us'],
    async () =>
      JSON.parse(
        await runToEnd(process.execPath, [
          ...TSX,
          join(ROOT, 'bench/limits/sqlite-limits.ts'),
          String(config.users),
        ]),
      ) as Measured,
  );
  await measure(
    out,
    ['pg.insert1k.rows', 'pg.insert1k.batched.rows'],
    async () =>
      JSON.parse(
        await runToEnd(process.execPath, [
          ...TSX,
          join(ROOT, 'bench/limits/postgres-limits.ts'),
          ADMIN_DATABASE_URL,
        ]),
      ) as Measured,
  );
  return out;
}
