import { afterEach, describe, expect, it, vi } from 'vitest';
import { pruneExpiredActivity, scheduleActivityPruning } from './activity-retention.js';
import type { Store } from './ports.js';

function storeRecordingPrunes(cutOffs: string[]): Store {
  return {
    pruneActivity: async (before: string) => {
      cutOffs.push(before);
      return 1;
    },
  } as unknown as Store;
}

describe('activity retention', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('prunes entries older than the retention period before now', async () => {
    const cutOffs: string[] = [];
    await pruneExpiredActivity(storeRecordingPrunes(cutOffs), 30, new Date('2026-03-31T00:00:00Z'));
    expect(cutOffs).toEqual(['2026-03-01T00:00:00.000Z']);
  });

  it('prunes at once and then on every interval until stopped', async () => {
    vi.useFakeTimers({ now: new Date('2026-01-31T00:00:00Z') });
    const cutOffs: string[] = [];
    const pruned: number[] = [];
    const stop = scheduleActivityPruning(storeRecordingPrunes(cutOffs), {
      retentionDays: 1,
      intervalMs: 3_600_000,
      onPruned: (count) => pruned.push(count),
      onError: () => undefined,
    });
    expect(cutOffs).toEqual(['2026-01-30T00:00:00.000Z']);
    await vi.advanceTimersByTimeAsync(2 * 3_600_000);
    expect(cutOffs).toEqual([
      '2026-01-30T00:00:00.000Z',
      '2026-01-30T01:00:00.000Z',
      '2026-01-30T02:00:00.000Z',
    ]);
    stop();
    await vi.advanceTimersByTimeAsync(5 * 3_600_000);
    expect(cutOffs).toHaveLength(3);
    expect(pruned).toEqual([1, 1, 1]);
  });

  it('reports a failed prune instead of throwing', async () => {
    const errors: unknown[] = [];
    const failing = {
      pruneActivity: () => Promise.reject(new Error('database unreachable')),
    } as unknown as Store;
    const stop = scheduleActivityPruning(failing, {
      retentionDays: 1,
      intervalMs: 1000,
      onPruned: () => undefined,
      onError: (error) => errors.push(error),
    });
    await vi.waitFor(() => expect(errors).toHaveLength(1));
    stop();
  });
});
