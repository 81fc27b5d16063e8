// Clients waiting for a run to close (`handle.result()`): answered when the close commits.
import type { WorkflowOutcome } from '@rewind/sdk/protocol';

export class ResultWaiters {
  private readonly waiters = new Map<string, Set<(outcome: WorkflowOutcome) => void>>();

  wait(runId: string, onClose: (outcome: WorkflowOutcome) => void): () => void {
    let set = this.waiters.get(runId);
    if (!set) {
      set = new Set();
      this.waiters.set(runId, set);
    }
    set.add(onClose);
    return () => {
      set!.delete(onClose);
      if (set!.size === 0) this.waiters.delete(runId);
    };
  }

  get size(): number {
    return this.waiters.size;
  }

  closed(runId: string, outcome: WorkflowOutcome): void {
    const set = this.waiters.get(runId);
    if (!set) return;
    this.waiters.delete(runId);
    for (const fn of set) fn(outcome);
  }
}
