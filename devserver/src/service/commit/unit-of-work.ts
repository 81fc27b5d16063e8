// What one database transaction must do in memory once it commits (replies, updates of the in-memory
// task queues and timers), and what may go out just before it commits (tasks handed to workers).

export class UnitOfWork {
  private readonly committed: (() => void)[] = [];
  private readonly early: (() => void)[] = [];
  /** Set once this unit wrote to the database (a refusal after that would leave a half-done change). */
  wrote = false;

  /**
   * Runs just before the commit: for handing tasks to workers, so that a worker starts while the
   * server commits. Safe because whatever the worker sends back is committed after this batch, and
   * if this commit fails the server forgets the task (its completion is then refused).
   */
  beforeCommit(fn: () => void): void {
    this.early.push(fn);
  }

  runEarly(onError: (err: unknown) => void): void {
    runAll(this.early, onError);
  }

  afterCommit(fn: () => void): void {
    this.committed.push(fn);
  }

  /** Takes over another unit's hooks (a part that succeeded inside a larger transaction). */
  absorb(other: UnitOfWork): void {
    this.committed.push(...other.committed);
    this.early.push(...other.early);
    if (other.wrote) this.wrote = true;
  }

  commit(onError: (err: unknown) => void): void {
    runAll(this.committed, onError);
  }
}

/** Runs every hook; one that throws does not stop the others. */
function runAll(fns: readonly (() => void)[], onError: (err: unknown) => void): void {
  for (const fn of fns) {
    try {
      fn();
    } catch (err) {
      onError(err);
    }
  }
}
