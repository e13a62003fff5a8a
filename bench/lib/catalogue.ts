import type { SystemName } from './systems.js';

/** One line of a scenario table: a metric, which way is better, and the physical limit it is held against. */
export interface Metric {
  key: string;
  label: string;
  unit: string;
  better: 'higher' | 'lower' | 'text';
  /** False when the peer's figure is not comparable (e.g. data seeded directly into memory). */
  compare?: boolean;
  /** Limit key per system (a `default` applies to the others). */
  limit?: Partial<Record<SystemName | 'default', string>>;
  /**
   * A figure of the same system measured beside this one (request by request) that stands in
   * for the limit where the system has it.
   */
  pairedLimit?: string;
}

export interface Scenario {
  title: string;
  metrics: Metric[];
}

/** The six scenarios of issue 7, in order. */
export const SCENARIOS: Scenario[] = [
  {
    title: '1. POST /Users',
    metrics: [
      {
        key: 'post.seq.p50',
        label: 'sequential p50',
        unit: 'ms',
        better: 'lower',
        limit: { default: 'http.seq.p50' },
      },
      {
        key: 'post.seq.p99',
        label: 'sequential p99',
        unit: 'ms',
        better: 'lower',
        limit: { default: 'http.seq.p99' },
      },
      {
        key: 'post.c16.rps',
        label: '16 connections',
        unit: 'req/s',
        better: 'higher',
        limit: { default: 'http.c16.rps' },
      },
    ],
  },
  {
    title: '2. Bulk',
    metrics: [
      {
        key: 'bulk.users1k.ops',
        label: '1,000 user POSTs',
        unit: 'ops/s',
        better: 'higher',
        limit: {
          default: 'sqlite.insert1k.roster.rows',
          'roster-postgres': 'pg.insert1k.batched.rows',
        },
        pairedLimit: 'bulk.users1k.raw.rows',
      },
      {
        key: 'bulk.users1k.raw.rows',
        label: "raw inserts of the same 1,000 rows into Roster's table, beside each request",
        unit: 'rows/s',
        better: 'higher',
        compare: false,
      },
      {
        key: 'bulk.mixed1k.ops',
        label: '1,000 mixed, bulkId members',
        unit: 'ops/s',
        better: 'higher',
        limit: { default: 'sqlite.insert1k.rows', 'roster-postgres': 'pg.insert1k.rows' },
      },
      { key: 'bulk.mixed1k.check', label: 'mixed: stored members', unit: '', better: 'text' },
      { key: 'bulk.forward.check', label: '2 groups, forward bulkIds', unit: '', better: 'text' },
      {
        key: 'bulk.large.s',
        label: 'large bulk of user POSTs (10,000; quick: 5,000)',
        unit: 's',
        better: 'lower',
      },
      { key: 'bulk.linearity', label: 'time large bulk / time 1,000', unit: '×', better: 'lower' },
    ],
  },
  {
    title: '3. userName eq lookup',
    metrics: [
      { key: 'lookup.small.p50', label: 'p50 at 100 users', unit: 'ms', better: 'lower' },
      {
        key: 'lookup.big.p50',
        label: 'p50 at N users',
        unit: 'ms',
        better: 'lower',
        limit: { default: 'sqlite.lookup.big.ms' },
      },
      { key: 'lookup.big.p99', label: 'p99 at N users', unit: 'ms', better: 'lower' },
    ],
  },
  {
    title: '4. Pagination (count=100)',
    metrics: [
      { key: 'page.index.first', label: 'index: first page', unit: 'ms', better: 'lower' },
      { key: 'page.index.deep', label: 'index: deep page', unit: 'ms', better: 'lower' },
      { key: 'page.cursor.first', label: 'cursor: first pages', unit: 'ms', better: 'lower' },
      { key: 'page.cursor.deep', label: 'cursor: deep pages', unit: 'ms', better: 'lower' },
    ],
  },
  {
    title: '5. Large group',
    metrics: [
      {
        key: 'group.small.patch.p50',
        label: 'PATCH add 1 member, group of 10',
        unit: 'ms',
        better: 'lower',
      },
      {
        key: 'group.big.patch.p50',
        label: 'PATCH add 1 member, group of N',
        unit: 'ms',
        better: 'lower',
      },
      {
        key: 'group.small.get.p50',
        label: 'GET excl. members, group of 10',
        unit: 'ms',
        better: 'lower',
      },
      {
        key: 'group.big.get.p50',
        label: 'GET excl. members, group of N',
        unit: 'ms',
        better: 'lower',
      },
    ],
  },
  {
    title: '6. Memory',
    metrics: [
      { key: 'rss.loaded', label: 'RSS serving N users', unit: 'MB', better: 'lower' },
      {
        key: 'rss.bulkLarge.max',
        label: 'RSS peak during the large bulk',
        unit: 'MB',
        better: 'lower',
      },
      {
        key: 'rss.bulkLarge3.max',
        label: 'RSS peak over three large bulks in a row',
        unit: 'MB',
        better: 'lower',
      },
      {
        key: 'load.users',
        label: 'N: users stored (fewer if the load budget ran out)',
        unit: '',
        better: 'text',
      },
      { key: 'load.members', label: 'members of the group of N', unit: '', better: 'text' },
      {
        key: 'load.seconds',
        label: 'time to load N users + group (peer: seeded in memory)',
        unit: 's',
        better: 'lower',
        compare: false,
      },
    ],
  },
];

export const LIMIT_LABELS: Record<string, string> = {
  'http.seq.p50': 'bare node:http',
  'http.seq.p99': 'bare node:http',
  'http.c16.rps': 'bare node:http',
  'sqlite.insert1k.rows': 'better-sqlite3 rows/s (pg: pg rows/s)',
  'sqlite.insert1k.roster.rows':
    "better-sqlite3 rows/s into Roster's table (pg: one batched insert)",
  'sqlite.lookup.big.ms': 'better-sqlite3 indexed lookup',
};
