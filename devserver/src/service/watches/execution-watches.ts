// Clients that keep a list of workflows live (the VS Code tree): told, in batches, of runs that started,
// closed or changed search attributes or memo, and of runs deleted; no polling. A watch with a list query gets
// only the runs that match it when the batch goes out (checked in the store with the same SQL as
// `workflow.list`, so both agree); a changed run that does not match is said to have left the list.
import type { HistoryEventType, WorkflowExecutionInfo } from '@rewind/sdk/protocol';
import { executionInfo } from '../../engine/execution-info';
import type { RunChange } from '../commit/runs';
import { ScopeKeys } from './watch-scope';
import type { Notify } from '../matching/workers';

/** The events that change what a list shows of a run (its search attributes, its memo). */
const LISTED_EVENTS = new Set<HistoryEventType>([
  'WorkflowExecutionStarted',
  'UpsertWorkflowSearchAttributes',
  'WorkflowPropertiesModified',
]);

interface Watch {
  key: string;
  watchId: string;
  namespace: string;
  notify: Notify;
  /** Waiting to be sent, by run id (a later change of a run replaces an earlier one). */
  changed: Map<string, WorkflowExecutionInfo>;
  deleted: Set<string>;
  scheduled: boolean;
  /** For a watch with a query: which of these runs match it now. */
  matching?: MatchingRuns;
}

/** Which of the given runs (of the watch's namespace) match the watch's query. */
export type MatchingRuns = (runIds: readonly string[]) => Set<string>;

export class ExecutionWatches {
  private readonly watches = new Map<string, Watch>();
  readonly perConnection = new ScopeKeys();

  has(key: string): boolean {
    return this.watches.has(key);
  }

  /** Starts a watch, or replaces the one of that key (a new query); `key` scopes the client's watch id to its connection. */
  add(key: string, watchId: string, namespace: string, notify: Notify, matching?: MatchingRuns): void {
    if (!this.watches.has(key)) this.perConnection.added(key);
    this.watches.set(key, {
      key,
      watchId,
      namespace,
      notify,
      changed: new Map(),
      deleted: new Set(),
      scheduled: false,
      ...(matching ? { matching } : {}),
    });
  }

  remove(key: string): void {
    if (this.watches.delete(key)) this.perConnection.removed(key);
  }

  get size(): number {
    return this.watches.size;
  }

  /** A committed change: lists care about starts, closes, search attributes and memo, not every event. */
  changed(change: RunChange): void {
    if (this.watches.size === 0) return;
    const visible = change.closed || change.events.some((e) => LISTED_EVENTS.has(e.type));
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

  /** The runs that match; all of them if the store cannot say (it is closing): better too many than a gap. */
  private matchingNow(matching: MatchingRuns, executions: WorkflowExecutionInfo[]): Set<string> {
    try {
      return matching(executions.map((e) => e.runId));
    } catch {
      return new Set(executions.map((e) => e.runId));
    }
  }

  /** One notification per watcher per turn of the event loop, however many runs changed. */
  private schedule(w: Watch): void {
    if (w.scheduled) return;
    w.scheduled = true;
    setImmediate(() => {
      w.scheduled = false;
      if (this.watches.get(w.key) !== w || (w.changed.size === 0 && w.deleted.size === 0)) return;
      let executions = [...w.changed.values()];
      const deletedRunIds = [...w.deleted];
      if (w.matching && executions.length > 0) {
        const matches = this.matchingNow(w.matching, executions);
        deletedRunIds.push(...executions.filter((e) => !matches.has(e.runId)).map((e) => e.runId));
        executions = executions.filter((e) => matches.has(e.runId));
      }
      w.changed.clear();
      w.deleted.clear();
      w.notify('executions.changed', { watchId: w.watchId, executions, deletedRunIds });
    });
  }
}
