// Clients that keep a list of workflows live (the VS Code tree): told, in batches, of runs that started,
// closed or changed search attributes, and of runs deleted; no polling.
import type { WorkflowExecutionInfo } from '@rewind/sdk/protocol';
import { executionInfo } from '../engine/execution-info';
import type { RunChange } from './runs';
import type { Notify } from './workers';

interface Watch {
  watchId: string;
  namespace: string;
  notify: Notify;
  /** Waiting to be sent, by run id (a later change of a run replaces an earlier one). */
  changed: Map<string, WorkflowExecutionInfo>;
  deleted: Set<string>;
  scheduled: boolean;
}

export class ExecutionWatches {
  private readonly watches = new Map<string, Watch>();

  add(watchId: string, namespace: string, notify: Notify): void {
    this.watches.set(watchId, { watchId, namespace, notify, changed: new Map(), deleted: new Set(), scheduled: false });
  }

  remove(watchId: string): void {
    this.watches.delete(watchId);
  }

  get size(): number {
    return this.watches.size;
  }

  /** A committed change: lists care about starts, closes and search attributes, not every event. */
  changed(change: RunChange): void {
    if (this.watches.size === 0) return;
    const visible =
      change.closed || change.events.some((e) => e.type === 'WorkflowExecutionStarted' || e.type === 'UpsertWorkflowSearchAttributes');
    if (!visible) return;
    const info = executionInfo(change.state);
    for (const w of this.watches.values()) {
      if (w.namespace !== info.namespace) continue;
      w.changed.set(info.runId, info);
      this.schedule(w);
    }
  }

  deleted(namespace: string, runId: string): void {
    for (const w of this.watches.values()) {
      if (w.namespace !== namespace) continue;
      w.changed.delete(runId);
      w.deleted.add(runId);
      this.schedule(w);
    }
  }

  /** One notification per watcher per turn of the event loop, however many runs changed. */
  private schedule(w: Watch): void {
    if (w.scheduled) return;
    w.scheduled = true;
    setImmediate(() => {
      w.scheduled = false;
      if (!this.watches.has(w.watchId) || (w.changed.size === 0 && w.deleted.size === 0)) return;
      const executions = [...w.changed.values()];
      const deletedRunIds = [...w.deleted];
      w.changed.clear();
      w.deleted.clear();
      w.notify('executions.changed', { watchId: w.watchId, executions, deletedRunIds });
    });
  }
}
