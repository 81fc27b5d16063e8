// Group commit: the mutations that arrive in one turn of the event loop run in one SQLite transaction,
// each in its own savepoint (one failing leaves the others), and no reply is sent before the commit.
import type { Store } from '../store/store';
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
  onError: (err: unknown) => void;
}

export class Committer {
  private queue: Item[] = [];
  private scheduled = false;
  private closed = false;

  constructor(
    private readonly store: Store,
    private readonly options: CommitterOptions,
  ) {}

  /** Queues a mutation for the next batch; resolves with its result once the batch is committed. */
  run<T>(work: Work<T>): Promise<T> {
    if (this.closed) return Promise.reject(new Error('The server is shutting down.'));
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (v: unknown) => void, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
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

  flush(): void {
    this.scheduled = false;
    const items = this.queue;
    this.queue = [];
    const batch = new UnitOfWork();
    const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    try {
      this.store.transaction(() => {
        for (const item of items) {
          const uow = new UnitOfWork();
          try {
            const value = this.store.transaction(() => item.work(uow));
            batch.absorb(uow);
            outcomes.push({ ok: true, value });
          } catch (error) {
            uow.rollback(this.options.onError);
            outcomes.push({ ok: false, error });
          }
        }
        if (this.options.beforeCommit) {
          const uow = new UnitOfWork();
          try {
            this.store.transaction(() => this.options.beforeCommit!(uow));
            batch.absorb(uow);
          } catch (error) {
            uow.rollback(this.options.onError);
            this.options.onError(error);
          }
        }
      });
    } catch (error) {
      batch.rollback(this.options.onError);
      for (const item of items) item.reject(error);
      this.options.onError(error);
      return;
    }
    batch.commit(this.options.onError);
    items.forEach((item, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) item.resolve(outcome.value);
      else item.reject(outcome.error);
    });
  }
}
