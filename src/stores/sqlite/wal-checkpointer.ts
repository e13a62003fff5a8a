import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** A background thread that copies committed WAL pages into the database file. */
export interface WalCheckpointer {
  /** Tells the thread that a transaction committed: it checkpoints soon after. */
  committed(): void;
  /** Asks the thread to close its connection and end; never blocks. */
  stop(): void;
}

/** Slots of the shared signal: commits so far, and whether to stop. */
const COMMITS = 0;
const STOP = 1;

/**
 * The thread's code (CommonJS, run with `eval`): its own connection to the file, and a PASSIVE
 * checkpoint after each commit it is told of (at most one per `gapMs`), or every `intervalMs`
 * when told of none (writes of other processes). PASSIVE never waits for readers or writers and
 * never blocks them; what it cannot copy yet it copies next time. The thread blocks on the shared
 * signal between checkpoints, so it needs no event loop turns. Failures (the file busy in another
 * process, say) are left to the next turn.
 */
const threadCode = `
const { workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const signal = new Int32Array(workerData.signal);
let db;
try {
  db = new Database(workerData.filename, { fileMustExist: true });
  db.pragma('busy_timeout = 0');
} catch {
  process.exit(0);
}
const pause = new Int32Array(new SharedArrayBuffer(4));
let seen = Atomics.load(signal, ${COMMITS});
while (Atomics.load(signal, ${STOP}) === 0) {
  Atomics.wait(signal, ${COMMITS}, seen, workerData.intervalMs);
  if (Atomics.load(signal, ${STOP}) !== 0) break;
  seen = Atomics.load(signal, ${COMMITS});
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {}
  Atomics.wait(pause, 0, 0, workerData.gapMs);
}
try {
  db.close();
} catch {}
`;

/**
 * Starts checkpointing `filename` from a worker thread, so that copying WAL pages into the
 * database file (and syncing both) happens beside the event loop instead of inside whichever
 * commit crosses the auto-checkpoint threshold. Checkpointing right after commits lets the next
 * write transaction start the WAL over, which keeps the file small. The thread never keeps the
 * process alive.
 */
export function startWalCheckpointer(
  filename: string,
  options: { intervalMs: number; gapMs: number },
): WalCheckpointer {
  const signal = new Int32Array(new SharedArrayBuffer(8));
  const worker = new Worker(threadCode, {
    eval: true,
    workerData: {
      driver: createRequire(import.meta.url).resolve('better-sqlite3'),
      filename,
      signal: signal.buffer,
      intervalMs: options.intervalMs,
      gapMs: options.gapMs,
    },
  });
  worker.unref();
  // A thread that could not start leaves checkpoints to the connection's own threshold.
  worker.on('error', () => undefined);
  return {
    committed() {
      Atomics.add(signal, COMMITS, 1);
      Atomics.notify(signal, COMMITS, 1);
    },
    stop() {
      Atomics.store(signal, STOP, 1);
      Atomics.notify(signal, COMMITS, 1);
    },
  };
}
