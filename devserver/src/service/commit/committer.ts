// Group commit: the mutations that arrive in one turn of the event loop run in one SQLite transaction,
// and no reply is sent before the commit.
//
// A mutation may be refused (an expected error: validation, a stale task) only before it writes or
// changes anything, so it fails alone and needs no savepoint. Any other error, or a refusal after a
// write, is a bug; a failed commit leaves memory unsure too: then the whole batch is rolled back, the
// server reloads its state from the database (`onReset`), and the other mutations run again.
import type { Store } from '../../store/store';
import { UnitOfWork } from './unit-of-work';

type Work<T> = (uow: UnitOfWork) => T;

interface Item {
  work: Work<unknown>;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

export interface CommitterOptions {
  /** Runs at the end of every batch, inside its transaction (hands ready tasks to workers). */
  beforeCommit?: (uow: UnitOfWork) => void;
  /** Errors that refuse one mutation without having changed anything. */
  isExpected: (err: unknown) => boolean;
  /** Memory may disagree with the database: reload it. */
  onReset: (err: unknown) => void;
  /** Sends what the batch's early hooks queued (they run just before the commit). */
  flushEarly?: () => void;
  /** After every batch. */
  afterBatch?: () => void;
  onError: (err: unknown) => void;
}

class BatchAborted extends Error {
  constructor(
    readonly culprit: Item | undefined,
    readonly error: unknown,
  ) {
    super('batch aborted');
  }
}

export class Committer {
  private queue: Item[] = [];
  private scheduled = false;
  private closed = false;
  /** When the last batch ran (performance.now()), to find idle moments. */
  lastFlushAt = 0;

  constructor(
    private readonly store: Store,
    private readonly options: CommitterOptions,
  ) {}

  /** Queues a mutation for the next batch; resolves with its result once the batch is committed. */
  run<T>(work: Work<T>): Promise<T> {
    if (this.closed) return Promise.reject(new Error('The server is shutting down.'));
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (v: unknown) => void, reject });
      this.poke();
    });
  }

  /** Wakes a batch even without queued work (so that `beforeCommit` runs: new capacity, new tasks). */
  poke(): void {
    if (this.scheduled || this.closed) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  close(): void {
    this.closed = true;
  }

  /** The server is stopping: nothing more is written. */
  get isClosed(): boolean {
    return this.closed;
  }

  /** Work is queued or a batch is about to run. */
  get busy(): boolean {
    return this.scheduled || this.queue.length > 0;
  }

  flush(): void {
    this.scheduled = false;
    if (this.closed) {
      // A batch woken just before the server closed: the database may be closed already.
      for (const item of this.queue.splice(0)) item.reject(new Error('The server is shutting down.'));
      return;
    }
    this.lastFlushAt = performance.now();
    const items = this.queue;
    this.queue = [];
    const batch = new UnitOfWork();
    const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    try {
      this.store.transaction(() => {
        for (const item of items) {
          const uow = new UnitOfWork();
          try {
            const value = item.work(uow);
            batch.absorb(uow);
            outcomes.push({ ok: true, value });
          } catch (error) {
            if (uow.wrote || !this.options.isExpected(error)) throw new BatchAborted(item, error);
            outcomes.push({ ok: false, error });
          }
        }
        if (this.options.beforeCommit) {
          try {
            this.options.beforeCommit(batch);
          } catch (error) {
            throw new BatchAborted(undefined, error);
          }
        }
        batch.runEarly(this.options.onError);
        this.options.flushEarly?.();
      });
    } catch (err) {
      this.abort(items, err);
      return;
    }
    batch.commit(this.options.onError);
    items.forEach((item, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) item.resolve(outcome.value);
      else item.reject(outcome.error);
    });
    this.options.afterBatch?.();
  }

  private abort(items: Item[], err: unknown): void {
    const culprit = err instanceof BatchAborted ? err.culprit : undefined;
    // A write refused by the database (full disk, say) fails inside a mutation: say what it is.
    const error = this.store.explain(err instanceof BatchAborted ? err.error : err);
    this.options.onError(error);
    this.options.onReset(error);
    if (!culprit) {
      // The commit itself failed (disk full, database locked) or the batch's own step did: nothing was saved.
      for (const item of items) item.reject(error);
      return;
    }
    culprit.reject(error);
    // The others did nothing wrong: run them again, in a batch of their own.
    this.queue = items.filter((i) => i !== culprit).concat(this.queue);
    if (this.queue.length > 0) this.poke();
  }
}
