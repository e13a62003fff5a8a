import type { Store } from './ports.js';

const DAY_MS = 86_400_000;

/** Deletes activity older than `retentionDays` before `now`; returns how many entries went. */
export function pruneExpiredActivity(
  store: Store,
  retentionDays: number,
  now: Date,
): Promise<number> {
  return store.pruneActivity(new Date(now.getTime() - retentionDays * DAY_MS).toISOString());
}

/** Prunes now and then every `intervalMs` until the returned stop function is called. */
export function scheduleActivityPruning(
  store: Store,
  options: {
    retentionDays: number;
    intervalMs: number;
    onPruned: (count: number) => void;
    onError: (error: unknown) => void;
  },
): () => void {
  const prune = () => {
    pruneExpiredActivity(store, options.retentionDays, new Date()).then(
      options.onPruned,
      options.onError,
    );
  };
  prune();
  const timer = setInterval(prune, options.intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
