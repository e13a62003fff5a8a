import { oneLine } from './one-line.js';
import type { Instance } from './systems.js';

/** Figures one system produced, by metric key; a string is the failure that stood in for a figure. */
export type Measured = Record<string, number | string>;

/** Sizes and bounds of one run (`--quick` shrinks them). */
export interface RunConfig {
  quick: boolean;
  /** Users stored for the lookup, pagination, group and memory scenarios. */
  users: number;
  sequentialPosts: number;
  concurrentSeconds: number;
  /**
   * Unmeasured Bulk requests of 1,000 operations sent before each Bulk throughput scenario, so
   * that every server is measured in its steady state rather than while its code is still being
   * compiled (Roster's first few requests run several times slower than the tenth).
   */
  bulkWarmups: number;
  /** Measured Bulk requests per throughput scenario (the median counts); the peer runs at most 5. */
  bulkRepeats: number;
  /** Operations in the large bulk that checks linearity and memory (10,000; quick 5,000). */
  bulkLarge: number;
  lookups: number;
  /** Time allowed to load the N users and build the group; Roster stops early (and says so) past it. */
  loadBudgetMs: number;
  /** Per-request bound for requests the peer is known to answer slowly or never. */
  peerTimeoutMs: number;
}

/** Runs one measurement, recording its figures or, if it fails, the reason under each key. */
export async function measure(
  out: Measured,
  keys: string[],
  run: () => Promise<Record<string, number | string>>,
): Promise<void> {
  try {
    Object.assign(out, await run());
  } catch (error) {
    const reason = oneLine(`failed: ${error instanceof Error ? error.message : String(error)}`);
    for (const key of keys) if (!(key in out)) out[key] = reason;
  }
}

/** Repeats `task` `times` times one after the other and returns each wall time in ms. */
export async function timeEach(
  times: number,
  task: (i: number) => Promise<unknown>,
): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const start = performance.now();
    await task(i);
    samples.push(performance.now() - start);
  }
  return samples;
}

/** A phase of the benchmark run against one fresh instance; figures land in `out` as they are measured. */
export type Phase = (instance: Instance, config: RunConfig, out?: Measured) => Promise<Measured>;
