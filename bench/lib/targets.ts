import type { Measured, RunConfig } from './measured.js';
import { formatNumber } from './table.js';
import type { SystemName } from './systems.js';

/** One target of issues 3, 5 and 7, judged for one Roster system. */
export interface TargetResult {
  target: string;
  system: SystemName;
  measured: string;
  met: boolean | undefined;
}

type Check = {
  target: string;
  judge: (
    own: Measured,
    peer: Measured,
    limits: Measured,
    config: RunConfig,
    system: SystemName,
  ) => [string, boolean | undefined];
};

const num = (m: Measured, key: string): number | undefined =>
  typeof m[key] === 'number' ? (m[key] as number) : undefined;
const f = formatNumber;

function ratio(
  own: Measured,
  key: string,
  baseKey: string,
  max: number,
): [string, boolean | undefined] {
  const value = num(own, key);
  const base = num(own, baseKey);
  if (value === undefined || base === undefined) {
    const reason = [own[key], own[baseKey]].find((v) => typeof v === 'string');
    return [String(reason ?? 'not measured'), undefined];
  }
  return [`${f(value)} vs ${f(base)} ms = ${f(value / base)}×`, value / base <= max];
}

function below(
  own: Measured,
  key: string,
  max: number,
  unit: string,
): [string, boolean | undefined] {
  const value = num(own, key);
  if (value === undefined) return [String(own[key] ?? 'not measured'), undefined];
  return [`${f(value)} ${unit}`, value < max];
}

const CHECKS: Check[] = [
  {
    target: 'POST /Users, 16 connections: ≥ 7× peer and ≥ 20% of bare node:http',
    judge: (own, peer, limits) => {
      const value = num(own, 'post.c16.rps');
      const p = num(peer, 'post.c16.rps');
      const h = num(limits, 'http.c16.rps');
      if (value === undefined || p === undefined || h === undefined)
        return [String(own['post.c16.rps'] ?? 'not measured'), undefined];
      return [
        `${f(value)} req/s = ${f(value / p)}× peer, ${f((100 * value) / h)}% of http`,
        value >= 7 * p && value >= 0.2 * h,
      ];
    },
  },
  {
    target:
      "Bulk of 1,000 user POSTs: ≥ 10,000 ops/s and within 3× of raw inserts of the same rows into Roster's table",
    judge: (own, _peer, limits, _config, system) => {
      const value = num(own, 'bulk.users1k.ops');
      const postgres = system === 'roster-postgres';
      // On SQLite, the raw inserts measured beside Roster's requests (same moments, same table
      // size, median of as many); the limits phase's best-of-five is shown next to it.
      const paired = postgres ? undefined : num(own, 'bulk.users1k.raw.rows');
      const separate = num(
        limits,
        postgres ? 'pg.insert1k.batched.rows' : 'sqlite.insert1k.roster.rows',
      );
      const raw = paired ?? separate;
      const minimal = postgres ? undefined : num(limits, 'sqlite.insert1k.rows');
      if (value === undefined || raw === undefined)
        return [String(own['bulk.users1k.ops'] ?? 'not measured'), undefined];
      const where = postgres
        ? 'raw into a PostgreSQL table in one batch'
        : paired !== undefined
          ? "raw into Roster's table beside each request"
          : "raw into Roster's table";
      const others = [
        paired !== undefined && separate !== undefined
          ? `best of five fresh files ${f(separate)} rows/s (${f(separate / value)}×)`
          : '',
        minimal === undefined
          ? ''
          : `minimal 4-column table ${f(minimal)} rows/s (${f(minimal / value)}×)`,
      ].filter(Boolean);
      return [
        `${f(value)} ops/s, ${where} ${f(raw)} rows/s (${f(raw / value)}× slower)${others.length ? `; ${others.join('; ')}` : ''}`,
        value >= 10_000 && value * 3 >= raw,
      ];
    },
  },
  {
    target: 'Bulk of 1,000 mixed ops with bulkId members: ≥ 5,000 ops/s, members correct',
    judge: (own) => {
      const value = num(own, 'bulk.mixed1k.ops');
      const check = own['bulk.mixed1k.check'];
      if (value === undefined)
        return [String(own['bulk.mixed1k.ops'] ?? 'not measured'), undefined];
      return [`${f(value)} ops/s, ${String(check)}`, value >= 5_000 && check === 'correct'];
    },
  },
  {
    target: 'Two groups with forward bulkId references: answered, members correct',
    judge: (own) => [
      String(own['bulk.forward.check'] ?? 'not measured'),
      own['bulk.forward.check'] === undefined ? undefined : own['bulk.forward.check'] === 'correct',
    ],
  },
  {
    target: 'Bulk cost linear: 10,000 ops ≤ 12× the time of 1,000 (quick: 5,000 ≤ 6×)',
    judge: (own, _peer, _limits, config) =>
      below(own, 'bulk.linearity', (1.2 * config.bulkLarge) / 1000 + 1e-9, '×'),
  },
  {
    target: 'userName eq at N users: p50 ≤ 1.5× the same at 100 users',
    judge: (own) => ratio(own, 'lookup.big.p50', 'lookup.small.p50', 1.5),
  },
  {
    target: 'Deep index page (startIndex 50,001) ≤ 2× first page',
    judge: (own) => ratio(own, 'page.index.deep', 'page.index.first', 2),
  },
  {
    target: 'Deep cursor page ≤ 2× first page',
    judge: (own) => ratio(own, 'page.cursor.deep', 'page.cursor.first', 2),
  },
  {
    target: 'Group of N: PATCH add one member ≤ 2× group of 10',
    judge: (own) => ratio(own, 'group.big.patch.p50', 'group.small.patch.p50', 2),
  },
  {
    target: 'Group of N: GET excludedAttributes=members ≤ 2× group of 10',
    judge: (own) => ratio(own, 'group.big.get.p50', 'group.small.get.p50', 2),
  },
  {
    target: 'Group of N: GET excludedAttributes=members < 5 ms (issue 3)',
    judge: (own) => below(own, 'group.big.get.p50', 5, 'ms'),
  },
  { target: 'RSS serving N users < 150 MB', judge: (own) => below(own, 'rss.loaded', 150, 'MB') },
  {
    target: 'RSS during a 10,000-op bulk < 200 MB (issue 5; issue 7 allows 250)',
    judge: (own) => below(own, 'rss.bulkLarge.max', 200, 'MB'),
  },
];

/** Judges every target for each Roster system against the peer and the limits from the same run. */
export function judgeTargets(
  results: Partial<Record<SystemName, Measured>>,
  limits: Measured,
  config: RunConfig,
): TargetResult[] {
  const out: TargetResult[] = [];
  for (const system of ['roster-sqlite', 'roster-postgres'] as const) {
    const own = results[system];
    if (!own) continue;
    for (const check of CHECKS) {
      const [measured, met] = check.judge(own, results.peer ?? {}, limits, config, system);
      out.push({ target: check.target, system, measured, met });
    }
  }
  return out;
}
