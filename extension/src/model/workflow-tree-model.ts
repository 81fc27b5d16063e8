// The Workflows tree without VS Code: runs grouped by status (or type) with counts, newest first, a
// page at a time, kept up to date by the server's `executions.changed` pushes.
import type { ExecutionStatus, WorkflowExecutionInfo } from '@rewind/sdk/protocol';

export type Grouping = 'status' | 'type';

export interface GroupNode {
  kind: 'group';
  key: string;
  label: string;
  count: number;
}
export interface WorkflowNode {
  kind: 'workflow';
  info: WorkflowExecutionInfo;
}
export interface MoreNode {
  kind: 'more';
  groupKey: string;
  /** How many are not shown yet. */
  remaining: number;
}

/** Each status with the words people use, in the order the tree lists them (a status left out does not compile). */
export const STATUS_LABELS: Readonly<Record<ExecutionStatus, string>> = {
  RUNNING: 'Running',
  COMPLETED: 'Completed',
  FAILED: 'Failed',
  CANCELLED: 'Canceled',
  TERMINATED: 'Terminated',
  TIMED_OUT: 'TimedOut',
  CONTINUED_AS_NEW: 'ContinuedAsNew',
};
const STATUS_ORDER = Object.keys(STATUS_LABELS) as ExecutionStatus[];

export class WorkflowTreeModel {
  private readonly runs = new Map<string, WorkflowExecutionInfo>();
  /** Each group's runs, newest first; rebuilt when the group changed. */
  private readonly sorted = new Map<string, WorkflowExecutionInfo[]>();
  /** The run ids of each workflow id (a reset, continue-as-new, cron or retry makes several). */
  private readonly byWorkflowId = new Map<string, Set<string>>();
  /** How many of a group's runs are shown (pages loaded). */
  private readonly shown = new Map<string, number>();

  constructor(
    private grouping: Grouping,
    private readonly pageSize: number,
  ) {}

  get size(): number {
    return this.runs.size;
  }

  get groupedBy(): Grouping {
    return this.grouping;
  }

  /** Regroups the same runs (no new list from the server); pages shown start again. */
  setGrouping(grouping: Grouping): void {
    if (grouping === this.grouping) return;
    this.grouping = grouping;
    this.sorted.clear();
    this.shown.clear();
  }

  /** How many runs have this status, whatever the grouping (for the status bar). */
  countOf(status: ExecutionStatus): number {
    let n = 0;
    for (const e of this.runs.values()) if (e.status === status) n++;
    return n;
  }

  /** Everything anew (the first list, or after a reconnect). */
  replaceAll(executions: readonly WorkflowExecutionInfo[]): void {
    this.runs.clear();
    this.sorted.clear();
    this.byWorkflowId.clear();
    for (const e of executions) this.add(e);
  }

  /** The listed runs of a workflow id. */
  runsOf(workflowId: string): WorkflowExecutionInfo[] {
    return [...(this.byWorkflowId.get(workflowId) ?? [])].map((runId) => this.runs.get(runId)!);
  }

  /** How many listed runs are running on each task queue. */
  runningByTaskQueue(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const r of this.runs.values()) if (r.status === 'RUNNING') counts.set(r.taskQueue, (counts.get(r.taskQueue) ?? 0) + 1);
    return counts;
  }

  private add(e: WorkflowExecutionInfo): void {
    this.runs.set(e.runId, e);
    let ids = this.byWorkflowId.get(e.workflowId);
    if (!ids) this.byWorkflowId.set(e.workflowId, (ids = new Set()));
    ids.add(e.runId);
  }

  /** A push from the server; returns the keys of the groups whose contents changed (to refresh just those). */
  apply(change: { executions: readonly WorkflowExecutionInfo[]; deletedRunIds: readonly string[] }): Set<string> {
    const touched = new Set<string>();
    const forget = (runId: string): void => {
      const old = this.runs.get(runId);
      if (old) {
        touched.add(this.groupOf(old));
        this.byWorkflowId.get(old.workflowId)?.delete(runId);
        if (this.byWorkflowId.get(old.workflowId)?.size === 0) this.byWorkflowId.delete(old.workflowId);
      }
      this.runs.delete(runId);
    };
    for (const e of change.executions) {
      forget(e.runId);
      this.add(e);
      touched.add(this.groupOf(e));
    }
    for (const runId of change.deletedRunIds) forget(runId);
    for (const key of touched) this.sorted.delete(key);
    return touched;
  }

  /** The groups that have runs, with their counts (statuses in their fixed order; types by name). */
  groups(): GroupNode[] {
    const counts = new Map<string, number>();
    for (const e of this.runs.values()) counts.set(this.groupOf(e), (counts.get(this.groupOf(e)) ?? 0) + 1);
    if (this.grouping === 'status') {
      return STATUS_ORDER.filter((s) => counts.has(s)).map((s) => ({
        kind: 'group',
        key: s,
        label: STATUS_LABELS[s],
        count: counts.get(s)!,
      }));
    }
    return [...counts.keys()].sort().map((t) => ({ kind: 'group', key: t, label: t, count: counts.get(t)! }));
  }

  /** A group's runs shown so far, newest first, then a "load more" node if there are more. */
  children(groupKey: string): Array<WorkflowNode | MoreNode> {
    const all = this.sortedOf(groupKey);
    const shown = Math.min(all.length, this.shown.get(groupKey) ?? this.pageSize);
    const nodes: Array<WorkflowNode | MoreNode> = all.slice(0, shown).map((info) => ({ kind: 'workflow', info }));
    if (all.length > shown) nodes.push({ kind: 'more', groupKey, remaining: all.length - shown });
    return nodes;
  }

  loadMore(groupKey: string): void {
    this.shown.set(groupKey, (this.shown.get(groupKey) ?? this.pageSize) + this.pageSize);
  }

  get(runId: string): WorkflowExecutionInfo | undefined {
    return this.runs.get(runId);
  }

  /** The key of the group a run is in. */
  groupKeyOf(e: WorkflowExecutionInfo): string {
    return this.groupOf(e);
  }

  private groupOf(e: WorkflowExecutionInfo): string {
    return this.grouping === 'status' ? e.status : e.workflowType;
  }

  private sortedOf(groupKey: string): WorkflowExecutionInfo[] {
    let list = this.sorted.get(groupKey);
    if (!list) {
      list = [...this.runs.values()].filter((e) => this.groupOf(e) === groupKey);
      list.sort((a, b) => (a.startTime < b.startTime ? 1 : a.startTime > b.startTime ? -1 : a.runId < b.runId ? 1 : -1));
      this.sorted.set(groupKey, list);
    }
    return list;
  }
}

/** "12 s ago", "5 min ago", "3 h ago", "2 d ago": for a row's description. */
export function relativeTime(iso: string, now: number): string {
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ago`;
  return `${Math.floor(s / 86_400)} d ago`;
}
