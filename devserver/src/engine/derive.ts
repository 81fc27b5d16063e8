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
}

export type TimerKind =
  | 'user-timer'
  | 'activity-schedule-to-start'
  | 'activity-schedule-to-close'
  | 'activity-start-to-close'
  | 'activity-heartbeat'
  | 'activity-retry'
  | 'workflow-task-timeout'
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

export function deriveTasks(state: RunState): TaskRow[] {
  if (state.status !== 'RUNNING') return [];
  const base = { runId: state.runId, namespace: state.namespace };
  const rows: TaskRow[] = [];
  const wt = state.workflowTask;
  if (wt && wt.status !== 'backoff') {
    rows.push({
      ...base,
      kind: 'workflow',
      ref: wt.scheduledEventId,
      taskQueue: state.taskQueue,
      attempt: wt.attempt,
      typeName: state.workflowType,
      leaseWorkerId: wt.status === 'started' ? (wt.workerId ?? null) : null,
      stickyWorkerId: state.stickyWorkerId ?? null,
    });
  }
  for (const a of Object.values(state.activities)) {
    if (a.status === 'backoff') continue;
    rows.push({
      ...base,
      kind: 'activity',
      ref: a.scheduledEventId,
      taskQueue: a.taskQueue,
      attempt: a.attempt,
      typeName: a.activityType,
      leaseWorkerId: a.status === 'started' ? (a.workerId ?? null) : null,
      stickyWorkerId: null,
    });
  }
  return rows;
}

export function deriveTimers(state: RunState): TimerRow[] {
  if (state.status !== 'RUNNING') return [];
  const runId = state.runId;
  const rows: TimerRow[] = [];
  const add = (kind: TimerKind, key: string | number, fireAt: number | undefined): void => {
    if (fireAt !== undefined) rows.push({ runId, kind, key: String(key), fireAt });
  };
  for (const t of Object.values(state.timers)) add('user-timer', t.timerId, t.fireAt);
  for (const a of Object.values(state.activities)) {
    const id = a.scheduledEventId;
    if (a.scheduleToCloseTimeoutMs) add('activity-schedule-to-close', id, a.scheduledAt + a.scheduleToCloseTimeoutMs);
    if (a.status === 'scheduled' && a.scheduleToStartTimeoutMs) {
      add('activity-schedule-to-start', id, a.attemptScheduledAt + a.scheduleToStartTimeoutMs);
    }
    if (a.status === 'started' && a.startedAt !== undefined) {
      if (a.startToCloseTimeoutMs) add('activity-start-to-close', id, a.startedAt + a.startToCloseTimeoutMs);
      if (a.heartbeatTimeoutMs) add('activity-heartbeat', id, (a.lastHeartbeatAt ?? a.startedAt) + a.heartbeatTimeoutMs);
    }
    if (a.status === 'backoff') add('activity-retry', id, a.retryAt);
  }
  const wt = state.workflowTask;
  if (wt?.status === 'started' && wt.startedAt !== undefined) {
    add('workflow-task-timeout', wt.scheduledEventId, wt.startedAt + state.workflowTaskTimeoutMs);
  }
  if (wt?.status === 'backoff') add('workflow-task-retry', 0, wt.retryAt);
  add('run-timeout', '', state.runExpiresAt);
  add('execution-timeout', '', state.executionExpiresAt);
  return rows;
}
