import type { ControlledTransaction, Kysely } from 'kysely';
import { StoreError } from '../../provisioning/ports.js';
import type { Database } from './tables.js';

type Transaction = ControlledTransaction<Database>;

interface Batch {
  readonly trx: Transaction;
  size: number;
  readonly committed: Promise<void>;
  resolve(): void;
  reject(error: unknown): void;
}

type Outcome<T> =
  { ok: true; value: T; batch: Batch } | { ok: false; error: unknown; batch: Batch | undefined };

/** The most units one commit carries; beyond it a batch commits even while more are waiting. */
const maxBatchSize = 256;

/**
 * Group commit for a single-connection database (SQLite): units of work that arrive while one is
 * running share the next COMMIT instead of paying for one each. Units still run one after
 * another, each inside its own savepoint (the caller's), so a failing unit leaves no trace; and a
 * unit's promise settles only after the COMMIT that carries it, so an acknowledged write is as
 * durable as with one transaction per write. If that COMMIT fails, every unit in the batch fails.
 */
export class GroupCommitter {
  readonly #db: Kysely<Database>;
  readonly #translate: (error: unknown) => unknown;
  #batch: Batch | undefined;
  #tail: Promise<unknown> = Promise.resolve();
  #waiting = 0;

  constructor(db: Kysely<Database>, translate: (error: unknown) => unknown) {
    this.#db = db;
    this.#translate = translate;
  }

  /** Runs `work` inside the current batch transaction; settles once that batch has committed. */
  async run<T>(work: (trx: Transaction) => Promise<T>): Promise<T> {
    this.#waiting++;
    const step = this.#tail.then(() => this.#step(work));
    this.#tail = step;
    const outcome = await step;
    if (!outcome.ok) throw outcome.error;
    await outcome.batch.committed;
    return outcome.value;
  }

  async #step<T>(work: (trx: Transaction) => Promise<T>): Promise<Outcome<T>> {
    this.#waiting--;
    let batch: Batch | undefined;
    try {
      batch = this.#batch ?? (this.#batch = await this.#open());
      batch.size++;
      const value = await work(batch.trx);
      await this.#settle(batch);
      return { ok: true, value, batch };
    } catch (error) {
      // A unit that ended the whole transaction (disk full, I/O error) takes its batch with it.
      const fatal = error instanceof StoreError && error.failure.kind === 'unavailable';
      if (fatal) await this.#flush();
      else if (batch) await this.#settle(batch);
      return { ok: false, error, batch };
    }
  }

  /**
   * After a unit: commit at once when the batch is full; otherwise let the event loop take in the
   * requests that arrived meanwhile (one turn), and commit if none of them joined.
   */
  async #settle(batch: Batch): Promise<void> {
    if (batch.size >= maxBatchSize) return this.#flush();
    if (this.#waiting > 0) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (this.#waiting === 0 && this.#batch === batch) await this.#flush();
  }

  async #open(): Promise<Batch> {
    const trx = await this.#db.startTransaction().execute();
    let resolve!: () => void;
    let reject!: (error: unknown) => void;
    const committed = new Promise<void>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    committed.catch(() => undefined);
    return { trx, size: 0, committed, resolve, reject };
  }

  async #flush(): Promise<void> {
    const batch = this.#batch;
    if (!batch) return;
    this.#batch = undefined;
    try {
      await batch.trx.commit().execute();
      batch.resolve();
    } catch (error) {
      await batch.trx
        .rollback()
        .execute()
        .catch(() => undefined);
      batch.reject(this.#translate(error));
    }
  }
}
