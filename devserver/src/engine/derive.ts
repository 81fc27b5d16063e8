// Tasks and timers are derived from a run's state, never tracked by hand: after each change the
// service compares the derived sets before and after and writes only the difference.
import type { RunState } from './run-state';

export type TaskKind = 'workflow' | 'activity';

export interface TaskRow {
  runId: string;
  kind: TaskKind;
  /** The scheduled event id of the workflow task or activity. */
  ref: number;
  namespace: string;
  taskQueue: string;
  attempt: number;
  /** The workflow type or activity type: workers are matched to tasks by it. */
  typeName: string;
  /** The worker holding the task, or null when it waits for one. */
  leaseWorkerId: string | null;
  /** For a workflow task: the worker that has the run cached and should get it first. */
  stickyWorkerId: string | null;
  /** For a workflow task of a pinned run: only workers of this build may take it. */
  buildId: string | null;
}

export type TimerKind =
  | 'user-timer'
  | 'activity-schedule-to-start'
  | 'activity-schedule-to-close'
  | 'activity-start-to-close'
  | 'activity-heartbeat'
  | 'activity-retry'
  | 'workflow-task-timeout'
  /** A workflow task that waits on a Temporal worker's sticky queue: it goes to the normal queue when this fires. */
  | 'workflow-task-schedule-to-start'
  /** The end of a backoff before a workflow task: after a failed attempt, or before the first (cron, start delay). */
  | 'workflow-task-retry'
  | 'run-timeout'
  | 'execution-timeout';

export interface TimerRow {
  runId: string;
  kind: TimerKind;
  /** Timer id, or the scheduled event id of the activity / workflow task, as text. */
  key: string;
  fireAt: number;
}

export const taskKey = (t: Pick<TaskRow, 'runId' | 'kind' | 'ref'>): string => `${t.runId}|${t.kind}|${t.ref}`;
export const timerKey = (t: Pick<TimerRow, 'runId' | 'kind' | 'key'>): string => `${t.runId}|${t.kind}|${t.key}`;

// Called twice for every change of a run: kept free of spreads and closures.
export function deriveTasks(state: RunState): TaskRow[] {
  if (state.status !== 'RUNNING') return [];
  const runId = state.runId;
  const namespace = state.namespace;
  const rows: TaskRow[] = [];
  const wt = state.workflowTask;
  if (wt && wt.status !== 'backoff') {
    rows.push({
      runId,
      namespace,
      kind: 'workflow',
      ref: wt.scheduledEventId,
      taskQueue: state.taskQueue,
      attempt: wt.attempt,
      typeName: state.workflowType,
      leaseWorkerId: wt.status === 'started' ? (wt.workerId ?? null) : null,
      stickyWorkerId: state.stickyWorkerId ?? null,
      buildId: state.pinnedBuildId ?? null,
    });
  }
  for (const id in state.activities) {
    const a = state.activities[id]!;
    if (a.status === 'backoff') continue;
    rows.push({
      runId,
      namespace,
      kind: 'activity',
      ref: a.scheduledEventId,
      taskQueue: a.taskQueue,
      attempt: a.attempt,
      typeName: a.activityType,
      leaseWorkerId: a.status === 'started' ? (a.workerId ?? null) : null,
      stickyWorkerId: null,
      buildId: null,
    });
  }
  return rows;
}

export function deriveTimers(state: RunState): TimerRow[] {
  if (state.status !== 'RUNNING') return [];
  const runId = state.runId;
  const rows: TimerRow[] = [];
  for (const id in state.timers) {
    const t = state.timers[id]!;
    rows.push({ runId, kind: 'user-timer', key: t.timerId, fireAt: t.fireAt });
  }
  for (const id in state.activities) {
    const a = state.activities[id]!;
    if (a.scheduleToCloseTimeoutMs)
      rows.push({ runId, kind: 'activity-schedule-to-close', key: id, fireAt: a.scheduledAt + a.scheduleToCloseTimeoutMs });
    if (a.status === 'scheduled' && a.scheduleToStartTimeoutMs) {
      rows.push({ runId, kind: 'activity-schedule-to-start', key: id, fireAt: a.attemptScheduledAt + a.scheduleToStartTimeoutMs });
    }
    if (a.status === 'started' && a.startedAt !== undefined) {
      if (a.startToCloseTimeoutMs)
        rows.push({ runId, kind: 'activity-start-to-close', key: id, fireAt: a.startedAt + a.startToCloseTimeoutMs });
      if (a.heartbeatTimeoutMs) {
        rows.push({ runId, kind: 'activity-heartbeat', key: id, fireAt: (a.lastHeartbeatAt ?? a.startedAt) + a.heartbeatTimeoutMs });
      }
    }
    if (a.status === 'backoff' && a.retryAt !== undefined) rows.push({ runId, kind: 'activity-retry', key: id, fireAt: a.retryAt });
  }
  const wt = state.workflowTask;
  if (wt?.status === 'started' && wt.startedAt !== undefined) {
    rows.push({
      runId,
      kind: 'workflow-task-timeout',
      key: String(wt.scheduledEventId),
      fireAt: wt.startedAt + state.workflowTaskTimeoutMs,
    });
  }
  if (wt?.status === 'scheduled' && state.stickyWorkerId !== undefined && state.stickyScheduleToStartMs !== undefined) {
    rows.push({
      runId,
      kind: 'workflow-task-schedule-to-start',
      key: String(wt.scheduledEventId),
      fireAt: wt.scheduledAt + state.stickyScheduleToStartMs,
    });
  }
  if (wt?.status === 'backoff' && wt.retryAt !== undefined) rows.push({ runId, kind: 'workflow-task-retry', key: '0', fireAt: wt.retryAt });
  if (state.runExpiresAt !== undefined) rows.push({ runId, kind: 'run-timeout', key: '', fireAt: state.runExpiresAt });
  if (state.executionExpiresAt !== undefined) rows.push({ runId, kind: 'execution-timeout', key: '', fireAt: state.executionExpiresAt });
  return rows;
}
