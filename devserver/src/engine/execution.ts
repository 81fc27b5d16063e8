// The life of a run as a whole: start, signals, cancel requests, termination, timeouts and closing.
import type { CommandOf, Failure, Header, Payload, WorkflowOutcome } from '@rewind/sdk/protocol';
import { nextRunIdOf } from '@rewind/sdk/protocol';
import { definedFields } from '@rewind/sdk/internal/common/defined-fields';
import { cronState, emptyRunParts, retryState, type RunState } from './run-state';
import type { StartRunParams } from './start-run-params';
import { activityToken } from './activities';
import type { RunTransition } from './transition';
import { RunTransition as Transition } from './transition';
import { cronBackoffMs, nextCronRunId } from './cron';
import { delayFirstWorkflowTask, scheduleWorkflowTask, workflowEventArrived } from './workflow-task';
import { decideWorkflowRetry, runTimeoutFailure, type WorkflowRetryDecision } from './workflow-retry';

/** Temporal's default workflow task timeout. */
export const DEFAULT_WORKFLOW_TASK_TIMEOUT_MS = 10_000;

export function startRun(p: StartRunParams, now: number): RunTransition {
  // A retry waits its backoff, not its cron time (Temporal's rule: the retries of a cron run come first).
  const firstTaskBackoffMs = p.cronSchedule && p.initiator !== 'RETRY' ? cronBackoffMs(p.cronSchedule, now) : (p.startDelayMs ?? 0);
  const attempt = p.attempt ?? 1;
  const workflowTaskTimeoutMs = p.workflowTaskTimeoutMs || DEFAULT_WORKFLOW_TASK_TIMEOUT_MS;
  const runTimeout = p.workflowRunTimeoutMs || p.workflowExecutionTimeoutMs;
  const state: RunState = {
    namespace: p.namespace,
    workflowId: p.workflowId,
    runId: p.runId,
    firstExecutionRunId: p.firstExecutionRunId ?? p.runId,
    workflowType: p.workflowType,
    taskQueue: p.taskQueue,
    status: 'RUNNING',
    startTime: now,
    nextEventId: 1,
    historySizeBytes: 0,
    workflowTaskTimeoutMs,
    ...(runTimeout ? { workflowRunTimeoutMs: runTimeout, runExpiresAt: now + runTimeout } : {}),
    ...definedFields({
      executionExpiresAt: p.executionExpiresAt ?? (p.workflowExecutionTimeoutMs ? now + p.workflowExecutionTimeoutMs : undefined),
    }),
    ...cronState(p.cronSchedule, p.args, p.lastCompletionResult, p.header),
    ...definedFields({ memo: p.memo, searchAttributes: p.searchAttributes, parent: p.parent }),
    ...retryState(p.retryPolicy, attempt, p.args, p.header),
    ...emptyRunParts(),
    startRequestId: p.requestId,
  };
  const tx = new Transition(state, now);
  Object.assign(tx.searchAttributeTypes, p.searchAttributeTypes);
  tx.append({
    type: 'WorkflowExecutionStarted',
    workflowType: p.workflowType,
    taskQueue: p.taskQueue,
    input: p.args,
    // `|| undefined`: a timeout of 0 is no timeout, an empty string no value; they are left out too.
    ...definedFields({
      workflowExecutionTimeoutMs: p.workflowExecutionTimeoutMs || undefined,
      workflowRunTimeoutMs: runTimeout || undefined,
    }),
    workflowTaskTimeoutMs,
    attempt,
    firstExecutionRunId: state.firstExecutionRunId,
    originalExecutionRunId: state.runId,
    ...definedFields({
      continuedExecutionRunId: p.continuedExecutionRunId || undefined,
      initiator: p.initiator,
      cronSchedule: p.cronSchedule || undefined,
      firstWorkflowTaskBackoffMs: firstTaskBackoffMs > 0 ? firstTaskBackoffMs : undefined,
      retryPolicy: p.retryPolicy,
      lastCompletionResult: p.lastCompletionResult,
      continuedFailure: p.continuedFailure,
      parent: p.parent,
      identity: p.identity || undefined,
      memo: p.memo,
      searchAttributes: p.searchAttributes,
      header: p.header,
      userMetadata: p.userMetadata,
    }),
  });
  if (firstTaskBackoffMs > 0) delayFirstWorkflowTask(tx, now + firstTaskBackoffMs);
  else scheduleWorkflowTask(tx, 1);
  return tx;
}

/**
 * How many signal request ids a run remembers (the latest): a client retries a signal within a minute,
 * and the run state, written whole at each change, must not grow with every signal a long run receives.
 */
export const MAX_SIGNAL_REQUEST_IDS = 1000;

/** Delivers a signal; a retried request (same request id) is delivered once. Returns false if a duplicate. */
export function signalRun(
  tx: RunTransition,
  p: { signalName: string; args: Payload[]; identity?: string; requestId?: string; header?: Header },
): boolean {
  if (p.requestId && tx.state.signalRequestIds.includes(p.requestId)) return false;
  tx.append({
    type: 'WorkflowExecutionSignaled',
    signalName: p.signalName,
    input: p.args,
    ...definedFields({ identity: p.identity || undefined, requestId: p.requestId || undefined, header: p.header }),
  });
  if (p.requestId) {
    const ids = tx.state.signalRequestIds;
    ids.push(p.requestId);
    if (ids.length > MAX_SIGNAL_REQUEST_IDS) ids.splice(0, ids.length - MAX_SIGNAL_REQUEST_IDS);
  }
  workflowEventArrived(tx);
  return true;
}

export function requestCancelRun(tx: RunTransition, p: { reason?: string; identity?: string }): void {
  if (tx.state.cancelRequested) return;
  tx.state.cancelRequested = true;
  tx.append({
    type: 'WorkflowExecutionCancelRequested',
    ...definedFields({ cause: p.reason || undefined, identity: p.identity || undefined }),
  });
  workflowEventArrived(tx);
}

export function terminateRun(tx: RunTransition, p: { reason?: string; details?: Payload[]; identity?: string }): void {
  tx.append({
    type: 'WorkflowExecutionTerminated',
    ...definedFields({ reason: p.reason || undefined, details: p.details, identity: p.identity || undefined }),
  });
  closeRun(tx, { status: 'TERMINATED', ...(p.reason ? { reason: p.reason } : {}) });
}

/**
 * The run timed out. Unless the whole execution did, its retry policy may retry it, or a cron workflow
 * goes on with its next run (Temporal's order); the retry state says why not.
 */
export function timeOutRun(tx: RunTransition, which: 'run' | 'execution'): void {
  const executionOver = which === 'execution' || (tx.state.executionExpiresAt !== undefined && tx.state.executionExpiresAt <= tx.now);
  const decision: WorkflowRetryDecision = executionOver
    ? { retryState: 'TIMEOUT' }
    : decideWorkflowRetry(tx, runTimeoutFailure(tx.state.workflowRunTimeoutMs));
  const newRunId = 'retry' in decision ? decision.retry.newRunId : executionOver ? undefined : nextCronRunId(tx);
  tx.append({
    type: 'WorkflowExecutionTimedOut',
    retryState: 'retry' in decision ? 'IN_PROGRESS' : decision.retryState,
    ...(newRunId ? { newExecutionRunId: newRunId } : {}),
  });
  closeRun(tx, { status: 'TIMED_OUT', ...(newRunId ? { newRunId } : {}) }, 'retry' in decision ? decision.retry : undefined);
}

/** The workflow failed: its retry policy may retry it in a new run, else a cron workflow goes on with its next run. */
export function failRun(tx: RunTransition, failure: Failure, workflowTaskCompletedEventId: number): void {
  const decision = decideWorkflowRetry(tx, failure);
  const newRunId = 'retry' in decision ? decision.retry.newRunId : nextCronRunId(tx);
  tx.append({
    type: 'WorkflowExecutionFailed',
    failure,
    retryState: 'retry' in decision ? 'IN_PROGRESS' : decision.retryState,
    workflowTaskCompletedEventId,
    ...(newRunId ? { newExecutionRunId: newRunId } : {}),
  });
  closeRun(tx, { ...failureOutcome(failure), ...(newRunId ? { newRunId } : {}) }, 'retry' in decision ? decision.retry : undefined);
}

/** Closes the run and starts the next one of its chain, with the same workflow id. */
export function continueAsNew(
  tx: RunTransition,
  c: CommandOf<'ContinueAsNewWorkflowExecution'>,
  workflowTaskCompletedEventId: number,
): void {
  const state = tx.state;
  const newRunId = tx.newId();
  const runTimeout = c.workflowRunTimeoutMs ?? state.workflowRunTimeoutMs;
  const taskTimeout = c.workflowTaskTimeoutMs ?? state.workflowTaskTimeoutMs;
  tx.append({
    type: 'WorkflowExecutionContinuedAsNew',
    newExecutionRunId: newRunId,
    workflowType: c.workflowType,
    taskQueue: c.taskQueue,
    input: c.args,
    ...(runTimeout ? { workflowRunTimeoutMs: runTimeout } : {}),
    workflowTaskTimeoutMs: taskTimeout,
    workflowTaskCompletedEventId,
    ...definedFields({ header: c.header }),
  });
  closeRun(tx, { status: 'CONTINUED_AS_NEW', newRunId });
  const memo = c.memo ?? state.memo;
  const searchAttributes = c.searchAttributes ?? state.searchAttributes;
  startFollowingRun(tx, {
    runId: newRunId,
    initiator: 'CONTINUE_AS_NEW',
    workflowType: c.workflowType,
    taskQueue: c.taskQueue,
    args: c.args,
    workflowTaskTimeoutMs: taskTimeout,
    ...definedFields({
      cronSchedule: state.cron?.schedule,
      lastCompletionResult: state.cron?.lastResult,
      workflowRunTimeoutMs: runTimeout || undefined,
      memo,
      searchAttributes,
      searchAttributeTypes: c.searchAttributeTypes,
      header: c.header,
      retryPolicy: state.retry?.policy,
    }),
  });
}

type FollowingRunParams = Omit<
  StartRunParams,
  'namespace' | 'workflowId' | 'firstExecutionRunId' | 'continuedExecutionRunId' | 'requestId' | 'executionExpiresAt' | 'parent'
>;

/** Starts the run that follows this one in its chain: same workflow id, execution deadline and parent. */
function startFollowingRun(tx: RunTransition, p: FollowingRunParams): void {
  const state = tx.state;
  const run = startRun(
    {
      namespace: state.namespace,
      workflowId: state.workflowId,
      firstExecutionRunId: state.firstExecutionRunId,
      continuedExecutionRunId: state.runId,
      requestId: `${p.initiator === 'CRON_SCHEDULE' ? 'cron-after' : p.initiator === 'RETRY' ? 'retry-of' : 'continued-from'}-${state.runId}`,
      ...definedFields({ executionExpiresAt: state.executionExpiresAt, parent: state.parent }),
      ...p,
    },
    tx.now,
  );
  tx.spawned.push(run);
}

/**
 * Closes the run: pending work is dropped and workers running its activities are told to stop. The run
 * that follows it (its outcome's newRunId) is started here: the retry when one is given, else its cron's next.
 */
export function closeRun(
  tx: RunTransition,
  outcome: WorkflowOutcome,
  retry?: { newRunId: string; backoffMs: number; failure: Failure },
): void {
  const state = tx.state;
  for (const a of Object.values(state.activities)) {
    // The activity is gone with its run: Temporal's worker learns it as NOT_FOUND.
    if (a.status === 'started' && a.workerId)
      tx.activityCancels.push({ workerId: a.workerId, taskToken: activityToken(tx, a), reason: 'NOT_FOUND' });
  }
  // Children follow their parent close policy; a parent hears how its child ended.
  for (const child of Object.values(state.children)) {
    if (child.runId && child.parentClosePolicy !== 'ABANDON') {
      tx.effects.push({ type: 'closeChild', runId: child.runId, policy: child.parentClosePolicy, parentWorkflowId: state.workflowId });
    }
  }
  const nextRunId = nextRunIdOf(outcome);
  if (state.parent && !nextRunId) {
    tx.effects.push({ type: 'notifyParent', parent: state.parent, childWorkflowId: state.workflowId, childRunId: state.runId, outcome });
  }
  // Updates that did not finish cannot any more.
  for (const [updateId, u] of Object.entries(state.updates)) {
    if (u.status === 'completed') continue;
    u.status = 'completed';
    u.failure = {
      message: `The workflow closed (${outcome.status}) before update ${u.name} completed.`,
      info: { type: 'application', errorType: 'WorkflowClosed', nonRetryable: true },
    };
    tx.updateNotices.push(updateId);
  }
  state.status = outcome.status;
  state.closeTime = tx.now;
  state.outcome = outcome;
  state.workflowTask = undefined;
  state.activities = {};
  state.timers = {};
  state.children = {};
  state.unseenEvents = false;
  tx.closed = outcome;
  if (retry) startRetryRun(tx, retry);
  else if (outcome.status !== 'CONTINUED_AS_NEW' && nextRunId) startNextCronRun(tx, nextRunId, outcome);
}

/** Starts the next attempt of a failed or timed-out run: the same input, after the retry policy's backoff. */
function startRetryRun(tx: RunTransition, r: { newRunId: string; backoffMs: number; failure: Failure }): void {
  const state = tx.state;
  const retry = state.retry!;
  startFollowingRun(tx, {
    runId: r.newRunId,
    initiator: 'RETRY',
    attempt: retry.attempt + 1,
    retryPolicy: retry.policy,
    workflowType: state.workflowType,
    taskQueue: state.taskQueue,
    args: retry.args,
    workflowTaskTimeoutMs: state.workflowTaskTimeoutMs,
    startDelayMs: r.backoffMs,
    continuedFailure: r.failure,
    ...definedFields({
      workflowRunTimeoutMs: state.workflowRunTimeoutMs || undefined,
      cronSchedule: state.cron?.schedule,
      lastCompletionResult: state.cron?.lastResult,
      memo: state.memo,
      searchAttributes: state.searchAttributes,
      header: retry.header,
    }),
  });
}

/** Starts the run that follows a cron workflow's closed run; it waits for the next cron time. */
function startNextCronRun(tx: RunTransition, newRunId: string, outcome: WorkflowOutcome): void {
  const state = tx.state;
  const cron = state.cron!;
  // Temporal's rule: lastResult is the result of the last run that completed, kept across failed runs.
  const lastResult = outcome.status === 'COMPLETED' ? outcome.result : cron.lastResult;
  startFollowingRun(tx, {
    runId: newRunId,
    initiator: 'CRON_SCHEDULE',
    cronSchedule: cron.schedule,
    workflowType: state.workflowType,
    taskQueue: state.taskQueue,
    args: cron.args,
    workflowTaskTimeoutMs: state.workflowTaskTimeoutMs,
    ...definedFields({
      workflowRunTimeoutMs: state.workflowRunTimeoutMs || undefined,
      lastCompletionResult: lastResult,
      continuedFailure: outcome.status === 'FAILED' ? outcome.failure : undefined,
      memo: state.memo,
      searchAttributes: state.searchAttributes,
      header: cron.header,
    }),
  });
}

export function failureOutcome(failure: Failure): WorkflowOutcome {
  return { status: 'FAILED', failure };
}
