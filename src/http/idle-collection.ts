import type { Server } from 'node:http';
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** V8's young generation, as far as Roster looks at it. */
export interface YoungGeneration {
  /** Bytes allocated in it since its last collection, and the bytes it can hold. */
  usage(): { used: number; capacity: number };
  /** Runs a young-generation collection (a scavenge) now. */
  collect(): void;
}

type GcFunction = (options?: { type?: 'major' | 'minor'; execution?: 'sync' | 'async' }) => void;

/**
 * V8's young generation in this process, or undefined where its collector cannot be reached.
 * Node.js gives scripts the collector only with `--expose-gc`; setting that flag for a moment
 * and reading `gc` from a new context gets it without starting Node.js with the flag, and
 * without putting `gc` on the global object.
 */
export function v8YoungGeneration(): YoungGeneration | undefined {
  let gc = (globalThis as { gc?: GcFunction }).gc;
  if (typeof gc !== 'function') {
    try {
      setFlagsFromString('--expose-gc');
      gc = runInNewContext('gc') as GcFunction | undefined;
    } catch {
      gc = undefined;
    } finally {
      setFlagsFromString('--no-expose-gc');
    }
  }
  if (typeof gc !== 'function') return undefined;
  const collect = gc;
  return {
    usage() {
      const space = getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
      const used = space?.space_used_size ?? 0;
      return { used, capacity: used + (space?.space_available_size ?? 0) };
    },
    collect: () => collect({ type: 'minor', execution: 'sync' }),
  };
}

/**
 * Collect only once the young generation is at least this full: a collection costs about the
 * same whatever it frees, so one after every small request would be work for nothing.
 */
export const IDLE_COLLECTION_MIN_SHARE = 0.25;

/**
 * How long the server must stay without requests before it collects. Clients that keep several
 * requests in flight leave gaps far shorter than this between their answers and their next
 * requests; an identity provider sending Bulk requests one after another takes longer.
 */
export const IDLE_COLLECTION_DELAY_MS = 1;

/**
 * Runs a young-generation collection whenever `server` falls idle (its last response closed and
 * no request arrived for IDLE_COLLECTION_DELAY_MS) with the young generation at least a quarter
 * full. Garbage of finished requests is then collected between requests, while
 * it costs nothing to wait for, instead of in the middle of the next one: a 1,000-operation Bulk
 * request allocates about 7 MB, and a collection inside it copies everything the request still
 * holds. Under steady load the server is never idle that long and V8 collects as usual. Returns
 * a function that stops watching.
 */
export function collectWhenIdle(
  server: Server,
  young: YoungGeneration,
  delayMs = IDLE_COLLECTION_DELAY_MS,
): () => void {
  let inFlight = 0;
  let pending: NodeJS.Timeout | undefined;
  const collectIfStillIdle = (): void => {
    pending = undefined;
    if (inFlight > 0) return;
    const { used, capacity } = young.usage();
    if (used > 0 && used >= capacity * IDLE_COLLECTION_MIN_SHARE) young.collect();
  };
  const onRequest = (_request: unknown, response: NodeJS.EventEmitter): void => {
    inFlight += 1;
    // Idle means idle for the whole delay: a request in between starts the wait over.
    if (pending !== undefined) {
      clearTimeout(pending);
      pending = undefined;
    }
    // 'close' comes once for every response: sent in full, or cut off with its connection.
    response.once('close', () => {
      inFlight -= 1;
      if (inFlight === 0 && pending === undefined) {
        pending = setTimeout(collectIfStillIdle, delayMs);
        pending.unref();
      }
    });
  };
  server.on('request', onRequest);
  return () => {
    server.off('request', onRequest);
    if (pending !== undefined) clearTimeout(pending);
    pending = undefined;
  };
}
