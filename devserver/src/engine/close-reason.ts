// Why a run that did not complete closed, and where its failure happened, read from its state and
// history: what `describe` (closeReason) and `result` (failureSite) tell. Reads only; changes nothing.
import type { CloseReason, Failure, FailureSite, HistoryEvent } from '@rewind/sdk/protocol';
import { formatDuration } from '@rewind/sdk/internal/common/duration';
import type { RunState } from './run-state';

/** The run's events from an id on (to an id, both included). */
export type ReadEvents = (fromEventId: number, toEventId?: number) => HistoryEvent[];

type ClosedState = Pick<RunState, 'outcome' | 'nextEventId' | 'closeTime' | 'runExpiresAt' | 'executionExpiresAt' | 'workflowRunTimeoutMs'>;

export function closeReason(state: ClosedState, read: ReadEvents): CloseReason | undefined {
  const outcome = state.outcome;
  const lastEvent = (): HistoryEvent | undefined => read(state.nextEventId - 1, state.nextEventId - 1)[0];
  switch (outcome?.status) {
    case 'FAILED': {
      const site = failureSite(outcome.failure, state.nextEventId - 1, read);
      return { failure: outcome.failure, ...(site ? { site } : {}) };
    }
    case 'TERMINATED': {
      const e = lastEvent();
      const identity = e?.type === 'WorkflowExecutionTerminated' ? e.identity : undefined;
      return {
        failure: { message: outcome.reason ?? 'Workflow execution terminated', source: 'RewindServer', info: { type: 'terminated' } },
        ...(identity ? { identity } : {}),
      };
    }
    case 'CANCELLED': {
      const request = read(1)
        .filter((e) => e.type === 'WorkflowExecutionCancelRequested')
        .at(-1);
      const failure: Failure = {
        message: request?.cause ? `Workflow canceled: ${request.cause}` : 'Workflow canceled',
        source: 'RewindServer',
        info: { type: 'cancelled', ...(outcome.details ? { details: outcome.details } : {}) },
      };
      return { failure, ...(request?.identity ? { identity: request.identity } : {}) };
    }
    case 'TIMED_OUT':
      return {
        failure: { message: timeoutText(state, read), source: 'RewindServer', info: { type: 'timeout', timeoutType: 'START_TO_CLOSE' } },
      };
    default:
      return undefined;
  }
}

/** Which of the run's timeouts struck: the earliest that had passed when it closed (the execution's on a tie). */
function timeoutText(state: ClosedState, read: ReadEvents): string {
  const closed = state.closeTime ?? Number.MAX_SAFE_INTEGER;
  const execution = state.executionExpiresAt !== undefined && state.executionExpiresAt <= closed ? state.executionExpiresAt : undefined;
  const run = state.runExpiresAt !== undefined && state.runExpiresAt <= closed ? state.runExpiresAt : undefined;
  if (run !== undefined && (execution === undefined || run < execution) && state.workflowRunTimeoutMs) {
    return `Workflow execution timed out: its run timeout (${formatDuration(state.workflowRunTimeoutMs)}) passed.`;
  }
  if (execution !== undefined) {
    const started = read(1, 1)[0];
    const ms = started?.type === 'WorkflowExecutionStarted' ? started.workflowExecutionTimeoutMs : undefined;
    return `Workflow execution timed out: its execution timeout (${ms ? formatDuration(ms) : `at ${new Date(execution).toISOString()}`}) passed.`;
  }
  return 'Workflow execution timed out.';
}

/**
 * Where a run's failure happened: the activity whose failure its chain holds (with the attempt that
 * failed last), else the workflow task whose code threw it. An activity behind a child workflow's
 * failure is the child's, not this run's, so the search stops there.
 */
export function failureSite(failure: Failure, closeEventId: number, read: ReadEvents): FailureSite | undefined {
  for (let f: Failure | undefined = failure; f; f = f.cause) {
    if (f.info.type === 'childWorkflow') break;
    if (f.info.type === 'activity') {
      const site = activitySite(f.info.activityId, f.info.activityType, read);
      if (site) return site;
      break;
    }
  }
  const closed = read(closeEventId, closeEventId)[0];
  return closed?.type === 'WorkflowExecutionFailed'
    ? { type: 'workflowTask', workflowTaskCompletedEventId: closed.workflowTaskCompletedEventId }
    : undefined;
}

/** The activity's last attempt: its last scheduling under this id, and the attempt that started last. */
function activitySite(activityId: string, activityType: string, read: ReadEvents): FailureSite | undefined {
  let scheduledEventId: number | undefined;
  let attempt: number | undefined;
  for (const e of read(1)) {
    if (e.type === 'ActivityTaskScheduled' && e.activityId === activityId && e.activityType === activityType) {
      scheduledEventId = e.eventId;
      attempt = undefined;
    } else if (e.type === 'ActivityTaskStarted' && e.scheduledEventId === scheduledEventId) {
      attempt = e.attempt;
    }
  }
  return attempt === undefined ? undefined : { type: 'activity', activityId, activityType, attempt };
}
