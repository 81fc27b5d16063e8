// What one database transaction must do in memory once it commits (or undo if it does not).

export class UnitOfWork {
  private readonly committed: (() => void)[] = [];
  private readonly rolledBack: (() => void)[] = [];

  /** Runs after the transaction commits: replies, pushes to workers, in-memory indexes. */
  afterCommit(fn: () => void): void {
    this.committed.push(fn);
  }

  /** Runs if the transaction (or this part of it) does not commit: drop cached state it touched. */
  onRollback(fn: () => void): void {
    this.rolledBack.push(fn);
  }

  /** Takes over another unit's hooks (a part that succeeded inside a larger transaction). */
  absorb(other: UnitOfWork): void {
    this.committed.push(...other.committed);
    this.rolledBack.push(...other.rolledBack);
  }

  commit(onError: (err: unknown) => void): void {
    for (const fn of this.committed) {
      try {
        fn();
      } catch (err) {
        onError(err);
      }
    }
  }

  rollback(onError: (err: unknown) => void): void {
    for (const fn of this.rolledBack) {
      try {
        fn();
      } catch (err) {
        onError(err);
      }
    }
  }
}
