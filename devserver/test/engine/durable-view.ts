// What a run's state and a state rebuilt from its history must agree on (the rebuild property test):
// the run state with what history does not record left out, each part with the reason.
import type { HistoryEvent } from '@rewind/sdk/protocol';
import type { RunState } from '../../src/engine/run-state';

/**
 * What the view leaves out of a run state, and why. A field added to RunState must go in the view or
 * here: the view is typed over every other field, so that it does not compile until one is chosen.
 */
export const LEFT_OUT = {
  closeTime: 'a closed run is never rebuilt (reset rebuilds up to a workflow task before the close)',
  outcome: 'a closed run is never rebuilt',
  stickyWorkerId: 'which worker has the run cached is about workers, not the history',
  stickyScheduleToStartMs: "how long a task waits for that worker's sticky queue is about workers, not the history",
  stickyQueue: "that worker's sticky queue is about workers, not the history",
  pinnedBuildId: 'which build `rewind dev` pinned the run to is about builds, not the history',
  bufferedEvents:
    'events held back while a workflow task runs are not in history yet; states that hold some are not compared (rebuild-property.ts)',
  unseenEvents:
    'whether something arrived while the task ran: an update request is no event, so history cannot tell; at a WorkflowTaskStarted (where reset rebuilds to) it is false in both',
} as const satisfies Partial<Record<keyof RunState, string>>;

/** The part of `s` its history (`events`) determines. */
export function durableView(s: RunState, events: readonly HistoryEvent[]): Record<Exclude<keyof RunState, keyof typeof LEFT_OUT>, unknown> {
  return {
    namespace: s.namespace,
    workflowId: s.workflowId,
    runId: s.runId,
    firstExecutionRunId: s.firstExecutionRunId,
    startRequestId: s.startRequestId,
    workflowType: s.workflowType,
    taskQueue: s.taskQueue,
    status: s.status,
    startTime: s.startTime,
    nextEventId: s.nextEventId,
    historySizeBytes: s.historySizeBytes,
    workflowTaskTimeoutMs: s.workflowTaskTimeoutMs,
    workflowRunTimeoutMs: s.workflowRunTimeoutMs,
    runExpiresAt: s.runExpiresAt,
    executionExpiresAt: s.executionExpiresAt,
    cron: s.cron,
    retry: s.retry,
    memo: s.memo,
    searchAttributes: s.searchAttributes,
    parent: s.parent,
    lastCompletedStartedEventId: s.lastCompletedStartedEventId,
    cancelRequested: s.cancelRequested,
    signalRequestIds: s.signalRequestIds,
    timers: s.timers,
    children: s.children,
    workflowTask: workflowTaskView(s),
    activities: Object.fromEntries(Object.entries(s.activities).map(([id, a]) => [id, activityView(a)])),
    activitySeqs: defaultIdSeqs(s, events),
    updates: acceptedUpdates(s),
  };
}

/**
 * The workflow task as its events say. Left out: the lease (startId, workerId, identity), in memory and
 * handed out again after a restart; and a task waiting out a backoff (after a failed attempt, or before
 * a delayed first task) with the failure it carries to its next attempt: the wait is no event (history
 * has the failure, then the next WorkflowTaskScheduled), and reset, which rebuilds to a WorkflowTaskStarted,
 * fails that task at once and schedules a fresh one.
 */
function workflowTaskView(s: RunState): unknown {
  const wt = s.workflowTask;
  // A speculative task (it carries updates only) has no event until it does something.
  if (!wt || wt.status === 'backoff' || wt.speculative) return undefined;
  return {
    status: wt.status,
    scheduledEventId: wt.scheduledEventId,
    startedEventId: wt.startedEventId,
    attempt: wt.attempt,
    scheduledAt: wt.scheduledAt,
    startedAt: wt.startedAt,
  };
}

/**
 * A pending activity as its events say. Left out: how far its attempts have got (attempt, status,
 * attemptScheduledAt, startedAt, retryAt, lastFailure, heartbeats, the worker): attempts are no events
 * (Temporal's rule: only the last attempt's outcome is written), so a rebuilt activity starts over.
 */
function activityView(a: RunState['activities'][string]): unknown {
  return {
    scheduledEventId: a.scheduledEventId,
    activityId: a.activityId,
    activityType: a.activityType,
    taskQueue: a.taskQueue,
    scheduleToCloseTimeoutMs: a.scheduleToCloseTimeoutMs,
    scheduleToStartTimeoutMs: a.scheduleToStartTimeoutMs,
    startToCloseTimeoutMs: a.startToCloseTimeoutMs,
    heartbeatTimeoutMs: a.heartbeatTimeoutMs,
    retryPolicy: a.retryPolicy,
    scheduledAt: a.scheduledAt,
    cancelRequested: a.cancelRequested,
  };
}

/**
 * The seq of each activity whose id is the SDK's default (its seq). History does not record an
 * activity's seq, so an activity the workflow named itself (`activityId: 'charge-7'`) has none after a
 * rebuild: a known gap (the seq would have to be in ActivityTaskScheduled).
 */
function defaultIdSeqs(s: RunState, events: readonly HistoryEvent[]): Record<string, number> {
  const seqs: Record<string, number> = {};
  for (const [seq, scheduledEventId] of Object.entries(s.activitySeqs)) {
    const scheduled = events[scheduledEventId - 1];
    if (scheduled?.type === 'ActivityTaskScheduled' && scheduled.activityId === seq) seqs[seq] = scheduledEventId;
  }
  return seqs;
}

/** The updates the workflow accepted, by id (in order: live has them in request order). Left out: those requested and not yet answered, and those it rejected (no events). */
function acceptedUpdates(s: RunState): Record<string, unknown> {
  const updates: Record<string, unknown> = {};
  for (const id of Object.keys(s.updates).sort()) {
    const u = s.updates[id]!;
    if (u.acceptedEventId === undefined) continue;
    const { name, args, identity, status, acceptedEventId, result, failure } = u;
    updates[id] = { name, args, identity, status, acceptedEventId, result, failure };
  }
  return updates;
}
