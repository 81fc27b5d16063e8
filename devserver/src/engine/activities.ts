// Activities: scheduling, handing out, completion, failure with retries, timeouts, heartbeats and
// cancellation, as Temporal defines them. Attempts are not events: only the outcome of the last
// attempt is written (ActivityTaskStarted with the attempt number, then the closing event).
import type { CommandOf, Failure, Payload, RetryState, TimeoutType } from '@rewind/sdk/protocol';
import { decideRetry, retryPolicyWithDefaults } from '@rewind/sdk/internal/common/retry-policy';
import { definedFields } from '@rewind/sdk/internal/common/defined-fields';
import type { ActivityState } from './run-state';
import { encodeTaskToken } from './task-token';
import type { RunTransition } from './transition';
import { EngineError } from './transition';
import { workflowEventArrived, type LeaseHolder } from './workflow-task';

export function scheduleActivity(tx: RunTransition, cmd: CommandOf<'ScheduleActivityTask'>, workflowTaskCompletedEventId: number): void {
  const retryPolicy = retryPolicyWithDefaults(cmd.retryPolicy);
  // Temporal's defaults: either close timeout implies the other; schedule-to-start is unlimited. 0 is no timeout.
  const timeouts = definedFields({
    scheduleToCloseTimeoutMs: cmd.scheduleToCloseTimeoutMs || undefined,
    scheduleToStartTimeoutMs: cmd.scheduleToStartTimeoutMs || undefined,
    startToCloseTimeoutMs: cmd.startToCloseTimeoutMs || cmd.scheduleToCloseTimeoutMs || undefined,
    heartbeatTimeoutMs: cmd.heartbeatTimeoutMs || undefined,
  });
  const event = tx.append({
    type: 'ActivityTaskScheduled',
    activityId: cmd.activityId,
    activityType: cmd.activityType,
    taskQueue: cmd.taskQueue,
    input: cmd.args,
    ...timeouts,
    retryPolicy,
    workflowTaskCompletedEventId,
    ...definedFields({ header: cmd.header }),
  });
  const activity: ActivityState = {
    scheduledEventId: event.eventId,
    activityId: cmd.activityId,
    activityType: cmd.activityType,
    taskQueue: cmd.taskQueue,
    retryPolicy,
    status: 'scheduled',
    attempt: 1,
    scheduledAt: tx.now,
    attemptScheduledAt: tx.now,
    cancelRequested: false,
    ...timeouts,
  };
  tx.state.activities[event.eventId] = activity;
  tx.state.activitySeqs[cmd.seq] = event.eventId;
}

/** Hands a scheduled activity to a worker. Returns it, or undefined if it is not waiting for one. */
export function startActivity(tx: RunTransition, scheduledEventId: number, holder: LeaseHolder): ActivityState | undefined {
  const a = tx.state.activities[scheduledEventId];
  if (!a || a.status !== 'scheduled' || tx.state.status !== 'RUNNING') return undefined;
  a.status = 'started';
  a.startedAt = tx.now;
  a.workerId = holder.workerId;
  a.lastHeartbeatAt = undefined;
  if (holder.identity) a.identity = holder.identity;
  return a;
}

/** The started attempt a report is about, or an error that says why the report is stale. */
export function requireStartedActivity(tx: RunTransition, scheduledEventId: number, attempt: number): ActivityState {
  const a = tx.state.activities[scheduledEventId];
  if (tx.state.status !== 'RUNNING') {
    throw new EngineError(
      'NOT_FOUND',
      `Activity task not found: the workflow ${tx.state.workflowId} is already closed (${tx.state.status}).`,
    );
  }
  if (a && a.attempt <= attempt && !(a.status === 'started' && a.attempt === attempt)) {
    // Not an attempt that finished: one this server never handed out (a forged or foreign token).
    throw new EngineError(
      'NOT_FOUND',
      `Activity task not found: attempt ${attempt} of activity ${a.activityId} has not started (workflow ${tx.state.workflowId}); this token was not handed out by this server.`,
    );
  }
  if (!a || a.status !== 'started' || a.attempt !== attempt) {
    throw new EngineError(
      'NOT_FOUND',
      `Activity task not found: this attempt already finished, timed out or was cancelled (workflow ${tx.state.workflowId}).`,
    );
  }
  return a;
}

function appendStarted(tx: RunTransition, a: ActivityState): number {
  return tx.append(
    {
      type: 'ActivityTaskStarted',
      scheduledEventId: a.scheduledEventId,
      attempt: a.attempt,
      ...definedFields({ identity: a.identity || undefined, lastFailure: a.lastFailure }),
    },
    a.startedAt ?? tx.now,
  ).eventId;
}

function finish(tx: RunTransition, a: ActivityState): void {
  delete tx.state.activities[a.scheduledEventId];
  workflowEventArrived(tx);
}

export function completeActivity(tx: RunTransition, a: ActivityState, result: Payload): void {
  const startedEventId = appendStarted(tx, a);
  tx.append({
    type: 'ActivityTaskCompleted',
    scheduledEventId: a.scheduledEventId,
    startedEventId,
    ...definedFields({ result, identity: a.identity || undefined }),
  });
  finish(tx, a);
}

export function activityCancelled(tx: RunTransition, a: ActivityState, details: Payload[] | undefined): void {
  const startedEventId = a.status === 'started' ? appendStarted(tx, a) : 0;
  tx.append({
    type: 'ActivityTaskCanceled',
    scheduledEventId: a.scheduledEventId,
    startedEventId,
    ...definedFields({ details, identity: a.identity || undefined }),
  });
  finish(tx, a);
}

function retryDecision(tx: RunTransition, a: ActivityState, failure: Failure): { retryAt: number } | { retryState: RetryState } {
  const decision = decideRetry({
    policy: a.retryPolicy,
    attempt: a.attempt,
    failure,
    now: tx.now,
    scheduledAt: a.scheduledAt,
    scheduleToCloseTimeoutMs: a.scheduleToCloseTimeoutMs,
    cancelRequested: a.cancelRequested,
  });
  return 'retryAfterMs' in decision ? { retryAt: tx.now + decision.retryAfterMs } : decision;
}

/**
 * An attempt failed (an error, a start-to-close or heartbeat timeout, a lost worker): retry after the
 * policy's backoff, or fail the activity for good and let the workflow see it.
 */
export function failActivityAttempt(tx: RunTransition, a: ActivityState, failure: Failure): void {
  const decision = retryDecision(tx, a, failure);
  if ('retryAt' in decision) {
    a.status = 'backoff';
    a.attempt += 1;
    a.retryAt = decision.retryAt;
    a.lastFailure = failure;
    a.workerId = undefined;
    a.startedAt = undefined;
    return;
  }
  const startedEventId = appendStarted(tx, a);
  if (failure.info.type === 'timeout') {
    tx.append({
      type: 'ActivityTaskTimedOut',
      scheduledEventId: a.scheduledEventId,
      startedEventId,
      failure,
      retryState: decision.retryState,
    });
  } else {
    tx.append({
      type: 'ActivityTaskFailed',
      scheduledEventId: a.scheduledEventId,
      startedEventId,
      failure,
      retryState: decision.retryState,
      ...(a.identity ? { identity: a.identity } : {}),
    });
  }
  finish(tx, a);
}

export function timeoutFailure(timeoutType: TimeoutType, a: ActivityState): Failure {
  const what: Record<TimeoutType, string> = {
    START_TO_CLOSE: `did not finish within its startToCloseTimeout (${a.startToCloseTimeoutMs} ms)`,
    SCHEDULE_TO_START: `was not picked up by a worker within its scheduleToStartTimeout (${a.scheduleToStartTimeoutMs} ms)`,
    SCHEDULE_TO_CLOSE: `did not finish within its scheduleToCloseTimeout (${a.scheduleToCloseTimeoutMs} ms)`,
    HEARTBEAT: `sent no heartbeat within its heartbeatTimeout (${a.heartbeatTimeoutMs} ms)`,
  };
  return {
    message: `Activity ${a.activityType} (attempt ${a.attempt}) ${what[timeoutType]}`,
    source: 'RewindServer',
    ...(a.lastFailure && timeoutType !== 'START_TO_CLOSE' && timeoutType !== 'HEARTBEAT' ? { cause: a.lastFailure } : {}),
    info: { type: 'timeout', timeoutType, ...(a.heartbeatDetails ? { lastHeartbeatDetails: a.heartbeatDetails } : {}) },
  };
}

/** A timeout that ends the activity whatever its retry policy says. */
export function timeOutActivity(tx: RunTransition, a: ActivityState, timeoutType: 'SCHEDULE_TO_START' | 'SCHEDULE_TO_CLOSE'): void {
  const startedEventId = appendStarted(tx, a);
  tx.append({
    type: 'ActivityTaskTimedOut',
    scheduledEventId: a.scheduledEventId,
    startedEventId,
    failure: timeoutFailure(timeoutType, a),
    retryState: 'TIMEOUT',
  });
  if (a.status === 'started' && a.workerId)
    tx.activityCancels.push({ workerId: a.workerId, taskToken: activityToken(tx, a), reason: 'TIMED_OUT' });
  finish(tx, a);
}

export function retryActivity(tx: RunTransition, a: ActivityState): void {
  if (a.status !== 'backoff') return;
  a.status = 'scheduled';
  a.attemptScheduledAt = tx.now;
  a.retryAt = undefined;
}

export function recordHeartbeat(tx: RunTransition, a: ActivityState, details: Payload[] | undefined): void {
  if (details !== undefined) a.heartbeatDetails = details;
  a.lastHeartbeatAt = tx.now;
}

export function activityToken(tx: RunTransition, a: ActivityState): string {
  return encodeTaskToken({ kind: 'activity', runId: tx.state.runId, ref: a.scheduledEventId, attempt: a.attempt });
}

/** The workflow asked to cancel an activity (by its seq). */
export function requestCancelActivity(tx: RunTransition, seq: number, workflowTaskCompletedEventId: number): void {
  const scheduledEventId = tx.state.activitySeqs[seq] ?? 0;
  tx.append({ type: 'ActivityTaskCancelRequested', scheduledEventId, workflowTaskCompletedEventId });
  const a = tx.state.activities[scheduledEventId];
  if (!a) return; // It finished meanwhile; the workflow will see how.
  if (a.status !== 'started') {
    activityCancelled(tx, a, undefined);
    return;
  }
  a.cancelRequested = true;
  if (a.workerId) tx.activityCancels.push({ workerId: a.workerId, taskToken: activityToken(tx, a), reason: 'CANCELLED' });
}
