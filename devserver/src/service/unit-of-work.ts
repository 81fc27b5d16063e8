// What one database transaction must do in memory once it commits: replies, pushes to workers,
// updates of the in-memory task queues and timers.

export class UnitOfWork {
  private readonly committed: (() => void)[] = [];

  afterCommit(fn: () => void): void {
    this.committed.push(fn);
  }

  /** Takes over another unit's hooks (a part that succeeded inside a larger transaction). */
  absorb(other: UnitOfWork): void {
    this.committed.push(...other.committed);
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
}
