// The life of a run as a whole: start, signals, cancel requests, termination, timeouts and closing.
import type { CommandOf, Failure, Payload, SearchAttributes, WorkflowOutcome } from '@rewind/sdk/protocol';
import type { ParentRef, RunState } from './run-state';
import { activityToken } from './activities';
import type { RunTransition } from './transition';
import { RunTransition as Transition } from './transition';
import { scheduleWorkflowTask, workflowEventArrived } from './workflow-task';

/** Temporal's default workflow task timeout. */
export const DEFAULT_WORKFLOW_TASK_TIMEOUT_MS = 10_000;

export interface StartRunParams {
  namespace: string;
  workflowId: string;
  runId: string;
  firstExecutionRunId?: string;
  workflowType: string;
  taskQueue: string;
  args: Payload[];
  requestId: string;
  identity?: string;
  workflowExecutionTimeoutMs?: number;
  workflowRunTimeoutMs?: number;
  workflowTaskTimeoutMs?: number;
  memo?: Record<string, Payload>;
  searchAttributes?: SearchAttributes;
  continuedExecutionRunId?: string;
  /** For a continued run: the deadline of the whole chain, kept from the first run. */
  executionExpiresAt?: number;
  /** For a child workflow. */
  parent?: ParentRef;
}

export function startRun(p: StartRunParams, now: number): RunTransition {
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
    workflowTaskTimeoutMs,
    ...(runTimeout ? { workflowRunTimeoutMs: runTimeout, runExpiresAt: now + runTimeout } : {}),
    ...(p.executionExpiresAt !== undefined
      ? { executionExpiresAt: p.executionExpiresAt }
      : p.workflowExecutionTimeoutMs
        ? { executionExpiresAt: now + p.workflowExecutionTimeoutMs }
        : {}),
    ...(p.memo ? { memo: p.memo } : {}),
    ...(p.searchAttributes ? { searchAttributes: p.searchAttributes } : {}),
    lastCompletedStartedEventId: 0,
    unseenEvents: false,
    activities: {},
    activitySeqs: {},
    timers: {},
    children: {},
    updates: {},
    ...(p.parent ? { parent: p.parent } : {}),
    cancelRequested: false,
    startRequestId: p.requestId,
    signalRequestIds: [],
  };
  const tx = new Transition(state, now);
  tx.append({
    type: 'WorkflowExecutionStarted',
    workflowType: p.workflowType,
    taskQueue: p.taskQueue,
    input: p.args,
    ...(p.workflowExecutionTimeoutMs ? { workflowExecutionTimeoutMs: p.workflowExecutionTimeoutMs } : {}),
    ...(runTimeout ? { workflowRunTimeoutMs: runTimeout } : {}),
    workflowTaskTimeoutMs,
    attempt: 1,
    firstExecutionRunId: state.firstExecutionRunId,
    originalExecutionRunId: state.runId,
    ...(p.continuedExecutionRunId ? { continuedExecutionRunId: p.continuedExecutionRunId } : {}),
    ...(p.parent ? { parent: p.parent } : {}),
    ...(p.identity ? { identity: p.identity } : {}),
    ...(p.memo ? { memo: p.memo } : {}),
    ...(p.searchAttributes ? { searchAttributes: p.searchAttributes } : {}),
  });
  scheduleWorkflowTask(tx, 1);
  return tx;
}

/** Delivers a signal; a retried request (same request id) is delivered once. Returns false if a duplicate. */
export function signalRun(tx: RunTransition, p: { signalName: string; args: Payload[]; identity?: string; requestId?: string }): boolean {
  if (p.requestId && tx.state.signalRequestIds.includes(p.requestId)) return false;
  tx.append({
    type: 'WorkflowExecutionSignaled',
    signalName: p.signalName,
    input: p.args,
    ...(p.identity ? { identity: p.identity } : {}),
    ...(p.requestId ? { requestId: p.requestId } : {}),
  });
  if (p.requestId) tx.state.signalRequestIds.push(p.requestId);
  workflowEventArrived(tx);
  return true;
}

export function requestCancelRun(tx: RunTransition, p: { reason?: string; identity?: string }): void {
  if (tx.state.cancelRequested) return;
  tx.state.cancelRequested = true;
  tx.append({
    type: 'WorkflowExecutionCancelRequested',
    ...(p.reason ? { cause: p.reason } : {}),
    ...(p.identity ? { identity: p.identity } : {}),
  });
  workflowEventArrived(tx);
}

export function terminateRun(tx: RunTransition, p: { reason?: string; details?: Payload[]; identity?: string }): void {
  tx.append({
    type: 'WorkflowExecutionTerminated',
    ...(p.reason ? { reason: p.reason } : {}),
    ...(p.details ? { details: p.details } : {}),
    ...(p.identity ? { identity: p.identity } : {}),
  });
  closeRun(tx, { status: 'TERMINATED', ...(p.reason ? { reason: p.reason } : {}) });
}

export function timeOutRun(tx: RunTransition): void {
  tx.append({ type: 'WorkflowExecutionTimedOut', retryState: 'TIMEOUT' });
  closeRun(tx, { status: 'TIMED_OUT' });
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
  });
  closeRun(tx, { status: 'CONTINUED_AS_NEW', newRunId });
  const memo = c.memo ?? state.memo;
  const searchAttributes = c.searchAttributes ?? state.searchAttributes;
  tx.spawned.push(
    startRun(
      {
        namespace: state.namespace,
        workflowId: state.workflowId,
        runId: newRunId,
        firstExecutionRunId: state.firstExecutionRunId,
        continuedExecutionRunId: state.runId,
        workflowType: c.workflowType,
        taskQueue: c.taskQueue,
        args: c.args,
        requestId: `continued-from-${state.runId}`,
        ...(runTimeout ? { workflowRunTimeoutMs: runTimeout } : {}),
        workflowTaskTimeoutMs: taskTimeout,
        ...(state.executionExpiresAt !== undefined ? { executionExpiresAt: state.executionExpiresAt } : {}),
        ...(memo ? { memo } : {}),
        ...(searchAttributes ? { searchAttributes } : {}),
        ...(state.parent ? { parent: state.parent } : {}),
      },
      tx.now,
    ),
  );
}

/** Closes the run: pending work is dropped and workers running its activities are told to stop. */
export function closeRun(tx: RunTransition, outcome: WorkflowOutcome): void {
  const state = tx.state;
  for (const a of Object.values(state.activities)) {
    if (a.status === 'started' && a.workerId) tx.activityCancels.push({ workerId: a.workerId, taskToken: activityToken(tx, a) });
  }
  // Children follow their parent close policy; a parent hears how its child ended.
  for (const child of Object.values(state.children)) {
    if (child.runId && child.parentClosePolicy !== 'ABANDON') {
      tx.effects.push({ type: 'closeChild', runId: child.runId, policy: child.parentClosePolicy, parentWorkflowId: state.workflowId });
    }
  }
  if (state.parent && outcome.status !== 'CONTINUED_AS_NEW') {
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
}

export function failureOutcome(failure: Failure): WorkflowOutcome {
  return { status: 'FAILED', failure };
}
