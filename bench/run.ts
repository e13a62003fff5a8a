// `npm run bench [-- --quick] [--systems=peer,roster-sqlite,roster-postgres] [--users=N] [--profile]
// [--update-docs]`:
// issue 7's benchmark.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { measureLimits } from './limits/measure-limits.js';
import type { Measured, Phase, RunConfig } from './lib/measured.js';
import { oneLine } from './lib/one-line.js';
import { killAllNow, runToEnd, stopAll } from './lib/processes.js';
import { removeScratch, ROOT, startSystem, type SystemName } from './lib/systems.js';
import { renderLimits, renderTables, renderTargets } from './lib/table.js';
import { judgeTargets } from './lib/targets.js';
import { bulkPhase } from './scenarios/bulk.js';
import { readsPhase } from './scenarios/reads.js';
import { writesPhase } from './scenarios/writes.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const profile = args.includes('--profile');
const updateDocs = args.includes('--update-docs');
const systemsArg = args.find((a) => a.startsWith('--systems='))?.slice('--systems='.length);
const systems = (systemsArg?.split(',') ?? [
  'peer',
  'roster-sqlite',
  'roster-postgres',
]) as SystemName[];

const config: RunConfig = quick
  ? {
      quick,
      users: 5_000,
      sequentialPosts: 100,
      concurrentSeconds: 2,
      bulkWarmups: 3,
      bulkRepeats: 3,
      bulkLarge: 5_000,
      loadBudgetMs: 30_000,
      lookups: 30,
      peerTimeoutMs: 5_000,
    }
  : {
      quick,
      users: 100_000,
      sequentialPosts: 1_000,
      concurrentSeconds: 10,
      bulkWarmups: 10,
      bulkRepeats: 21,
      bulkLarge: 10_000,
      loadBudgetMs: 150_000,
      lookups: 200,
      peerTimeoutMs: 60_000,
    };
const usersArg = args.find((a) => a.startsWith('--users='))?.slice('--users='.length);
if (usersArg !== undefined) {
  if (!/^\d+$/.test(usersArg) || Number(usersArg) < 200)
    throw new Error('--users must be a number ≥ 200');
  config.users = Number(usersArg);
}
const PHASE_LIMIT_MS = quick ? 90_000 : 270_000;

const PHASES: [string, Phase][] = [
  ['writes', writesPhase],
  ['bulk', bulkPhase],
  ['reads', readsPhase],
];

function log(line: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
}

async function cleanup(): Promise<void> {
  await stopAll();
  removeScratch();
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`${signal}: stopping everything started`);
    void cleanup().finally(() => process.exit(130));
  });
}
process.once('exit', killAllNow);

async function runPhase(name: string, phase: Phase, system: SystemName): Promise<Measured> {
  log(`${name} on ${system}`);
  let instance;
  try {
    instance = await startSystem(system, name, profile);
  } catch (error) {
    return { [`${name}.start`]: oneLine(`failed to start: ${(error as Error).message}`) };
  }
  let timer: NodeJS.Timeout | undefined;
  const out: Measured = {};
  try {
    const bounded = new Promise<Measured>((resolve) => {
      timer = setTimeout(
        () => resolve({ ...out, [`${name}.phase`]: `stopped after ${PHASE_LIMIT_MS / 1000} s` }),
        PHASE_LIMIT_MS,
      );
    });
    return await Promise.race([phase(instance, config, out), bounded]);
  } catch (error) {
    return { ...out, [`${name}.phase`]: oneLine(`failed: ${(error as Error).message}`) };
  } finally {
    clearTimeout(timer);
    await instance.stop();
  }
}

const DOC_BEGIN = '<!-- bench:begin -->';
const DOC_END = '<!-- bench:end -->';

/** Replaces the generated part of docs/performance.md (between its markers) with this run's report. */
function updatePerformanceDoc(report: string): void {
  const path = join(ROOT, 'docs/performance.md');
  const doc = readFileSync(path, 'utf8');
  const begin = doc.indexOf(DOC_BEGIN);
  const end = doc.indexOf(DOC_END);
  if (begin < 0 || end < begin)
    throw new Error(`docs/performance.md lacks ${DOC_BEGIN} … ${DOC_END}`);
  writeFileSync(path, `${doc.slice(0, begin + DOC_BEGIN.length)}\n${report}\n${doc.slice(end)}`);
  log('updated docs/performance.md');
}

async function main(): Promise<void> {
  const started = Date.now();
  const loadAtStart = loadavg().map((l) => Number(l.toFixed(2)));
  log(`building Roster (${quick ? 'quick' : 'full'} run, systems: ${systems.join(', ')})`);
  try {
    await runToEnd('npm', ['run', '-s', 'build'], { timeoutMs: 180_000 });
  } catch (error) {
    if (!existsSync(join(ROOT, 'dist/cli/main.js'))) throw error;
    log(
      `build reported errors; benchmarking the emitted dist/ anyway: ${(error as Error).message.slice(0, 300)}`,
    );
  }
  log('physical limits');
  const limits = await measureLimits(config);
  if (typeof limits['sqlite.lookup.big.us'] === 'number')
    limits['sqlite.lookup.big.ms'] = limits['sqlite.lookup.big.us'] / 1000;
  const results: Partial<Record<SystemName, Measured>> = {};
  for (const [name, phase] of PHASES) {
    for (const system of systems) {
      results[system] = { ...results[system], ...(await runPhase(name, phase, system)) };
    }
  }
  const targets = judgeTargets(results, limits, config);
  const machine = {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGb: Math.round(totalmem() / 2 ** 30),
    freeGb: Math.round(freemem() / 2 ** 30),
    node: process.version,
    loadAverageAtStart: loadAtStart,
    loadAverageAtEnd: loadavg().map((l) => Number(l.toFixed(2))),
  };
  const failures = systems.flatMap((system) =>
    Object.entries(results[system] ?? {})
      .filter(([key, value]) => typeof value === 'string' && /\.(phase|start)$/.test(key))
      .map(([key, value]) => `- ${system}, ${key}: ${String(value)}`),
  );
  const report = [
    `## Roster benchmark (${quick ? 'quick' : 'full'}, N = ${config.users.toLocaleString('en-US')} users, ${new Date().toISOString()})`,
    '',
    `Machine: ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGb} GB RAM, Node ${machine.node}; load average ${machine.loadAverageAtStart.join(' ')} at start, ${machine.loadAverageAtEnd.join(' ')} at end (other work on the machine inflates latencies).`,
    'Cells: figure (ratio to the peer, higher is better; fraction of the physical limit).',
    '',
    renderTables(systems, results, limits),
    renderLimits(limits),
    renderTargets(targets),
    failures.length ? `### Phases that stopped early\n\n${failures.join('\n')}\n` : '',
  ].join('\n');
  process.stdout.write(report + '\n');
  mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
  writeFileSync(
    join(ROOT, 'bench/results/latest.json'),
    JSON.stringify(
      {
        date: new Date().toISOString(),
        quick,
        config,
        machine,
        limits,
        results,
        targets,
        markdown: report,
      },
      null,
      2,
    ) + '\n',
  );
  if (updateDocs) updatePerformanceDoc(report);
  log(`done in ${Math.round((Date.now() - started) / 1000)} s; wrote bench/results/latest.json`);
}

try {
  await main();
} catch (error) {
  log(`failed: ${error instanceof Error ? error.stack : String(error)}`);
  process.exitCode = 1;
} finally {
  await cleanup();
}
