// A run's state rebuilt from a prefix of its history (what `workflow reset` starts the new run from):
// each event applied in order, as the commands and outcomes that wrote it once changed the state.
import type { EventOf, HistoryEvent } from '@rewind/sdk/protocol';
import { mergeMemo } from '@rewind/sdk/protocol';
import { definedFields } from '@rewind/sdk/internal/common/defined-fields';
import { mergeSearchAttributes } from './commands';
import { MAX_SIGNAL_REQUEST_IDS } from './execution';
import { cronState, emptyRunParts, eventBytes, retryState, type RunState } from './run-state';
import { EngineError } from './transition';
import { setUpdate, updateOf } from './updates';

/** The run being rebuilt: its ids, and what its history does not hold. */
export interface RebuildIdentity {
  namespace: string;
  workflowId: string;
  runId: string;
  firstExecutionRunId: string;
  startRequestId: string;
  /**
   * The deadline of the whole execution (its chain of runs). A run that continued another, or followed
   * it on a cron schedule, keeps the first run's deadline, which its own history does not hold: the
   * caller gives it (reset: the run it resets). Without it, the deadline comes from the start event.
   */
  executionExpiresAt?: number;
}

/** The state after `events` (a prefix of a history, from WorkflowExecutionStarted), for a run with `id`. */
export function rebuildState(id: RebuildIdentity, events: readonly HistoryEvent[], now: number): RunState {
  const started = events[0];
  if (started?.type !== 'WorkflowExecutionStarted')
    throw new EngineError('INVALID_ARGUMENT', 'A history starts with WorkflowExecutionStarted.');
  const startTime = Date.parse(started.eventTime);
  const { executionExpiresAt, ...ids } = id;
  const state: RunState = {
    ...ids,
    workflowType: started.workflowType,
    taskQueue: started.taskQueue,
    status: 'RUNNING',
    startTime,
    nextEventId: 1,
    historySizeBytes: 0,
    workflowTaskTimeoutMs: started.workflowTaskTimeoutMs,
    ...(started.workflowRunTimeoutMs
      ? { workflowRunTimeoutMs: started.workflowRunTimeoutMs, runExpiresAt: now + started.workflowRunTimeoutMs }
      : {}),
    ...definedFields({
      executionExpiresAt:
        executionExpiresAt ?? (started.workflowExecutionTimeoutMs ? startTime + started.workflowExecutionTimeoutMs : undefined),
    }),
    ...cronState(started.cronSchedule, started.input, started.lastCompletionResult, started.header),
    ...retryState(started.retryPolicy, started.attempt, started.input, started.header),
    ...definedFields({ memo: started.memo, searchAttributes: started.searchAttributes, parent: started.parent }),
    ...emptyRunParts(),
  };
  for (const e of events) {
    applyEvent(state, e);
    state.nextEventId = e.eventId + 1;
    state.historySizeBytes! += eventBytes(e);
  }
  return state;
}

function applyEvent(state: RunState, e: HistoryEvent): void {
  const at = Date.parse(e.eventTime);
  switch (e.type) {
    case 'WorkflowTaskScheduled':
      state.workflowTask = { status: 'scheduled', scheduledEventId: e.eventId, startedEventId: 0, attempt: e.attempt, scheduledAt: at };
      break;
    case 'WorkflowTaskStarted':
      if (state.workflowTask) Object.assign(state.workflowTask, { status: 'started', startedEventId: e.eventId, startedAt: at });
      break;
    case 'WorkflowTaskCompleted':
      state.lastCompletedStartedEventId = e.startedEventId;
      state.workflowTask = undefined;
      break;
    case 'WorkflowTaskFailed':
    case 'WorkflowTaskTimedOut':
      state.workflowTask = undefined;
      break;
    case 'ActivityTaskScheduled':
      state.activities[e.eventId] = {
        scheduledEventId: e.eventId,
        activityId: e.activityId,
        activityType: e.activityType,
        taskQueue: e.taskQueue,
        retryPolicy: e.retryPolicy,
        status: 'scheduled',
        attempt: 1,
        scheduledAt: at,
        attemptScheduledAt: at,
        cancelRequested: false,
        // A timeout of 0 is none.
        ...definedFields({
          scheduleToCloseTimeoutMs: e.scheduleToCloseTimeoutMs || undefined,
          scheduleToStartTimeoutMs: e.scheduleToStartTimeoutMs || undefined,
          startToCloseTimeoutMs: e.startToCloseTimeoutMs || undefined,
          heartbeatTimeoutMs: e.heartbeatTimeoutMs || undefined,
        }),
      };
      // The SDK's default activity id is its seq number (what a cancel command names).
      if (/^\d+$/.test(e.activityId)) state.activitySeqs[e.activityId] = e.eventId;
      break;
    case 'ActivityTaskCancelRequested': {
      const a = state.activities[e.scheduledEventId];
      if (a) a.cancelRequested = true;
      break;
    }
    case 'ActivityTaskCompleted':
    case 'ActivityTaskFailed':
    case 'ActivityTaskTimedOut':
    case 'ActivityTaskCanceled':
      delete state.activities[e.scheduledEventId];
      break;
    case 'TimerStarted':
      state.timers[e.timerId] = { timerId: e.timerId, startedEventId: e.eventId, fireAt: at + e.startToFireTimeoutMs };
      break;
    case 'TimerFired':
    case 'TimerCanceled':
      delete state.timers[e.timerId];
      break;
    case 'WorkflowExecutionSignaled':
      if (e.requestId) {
        const ids = state.signalRequestIds;
        ids.push(e.requestId);
        if (ids.length > MAX_SIGNAL_REQUEST_IDS) ids.shift(); // The latest only, as signalRun keeps them.
      }
      break;
    case 'WorkflowExecutionCancelRequested':
      state.cancelRequested = true;
      break;
    case 'UpsertWorkflowSearchAttributes':
      state.searchAttributes = mergeSearchAttributes(state.searchAttributes, e.searchAttributes);
      break;
    case 'WorkflowPropertiesModified': {
      const memo = mergeMemo(state.memo, e.upsertedMemo);
      if (memo) state.memo = memo;
      else delete state.memo;
      break;
    }
    case 'WorkflowExecutionUpdateAccepted':
      setUpdate(state, e.updateId, {
        name: e.name,
        args: e.input,
        status: 'accepted',
        acceptedEventId: e.eventId,
        ...(e.identity ? { identity: e.identity } : {}),
      });
      break;
    case 'WorkflowExecutionUpdateCompleted': {
      const u = updateOf(state, e.updateId);
      if (u) Object.assign(u, { status: 'completed', ...definedFields({ result: e.result, failure: e.failure }) });
      break;
    }
    case 'StartChildWorkflowExecutionInitiated':
    case 'SignalExternalWorkflowExecutionInitiated':
    case 'RequestCancelExternalWorkflowExecutionInitiated':
      // Other runs were told already; a new run could not hear their answers.
      throw new EngineError(
        'FAILED_PRECONDITION',
        `Cannot reset to a point after event ${e.eventId} (${e.type}): resetting workflows that start children or signal or cancel other workflows is not supported yet. Reset to an earlier workflow task.`,
      );
    case 'WorkflowExecutionStarted':
    case 'MarkerRecorded':
    case 'ActivityTaskStarted': // Written with the attempt's outcome, which follows it.
      break;
    default:
      // Closing events and answers to child or external commands never precede a reset point we accept.
      throw new EngineError(
        'FAILED_PRECONDITION',
        `Cannot rebuild a run from a history holding ${e.type} (event ${e.eventId}) before the reset point.`,
      );
  }
}

export type ResetPointType = 'FirstWorkflowTask' | 'LastWorkflowTask';

/** The WorkflowTaskCompleted event a reset goes back to: the one given, or the first or last. */
export function resetPoint(
  events: readonly HistoryEvent[],
  to: { eventId?: number; type?: ResetPointType },
): EventOf<'WorkflowTaskCompleted'> {
  const completed = events.filter((e): e is EventOf<'WorkflowTaskCompleted'> => e.type === 'WorkflowTaskCompleted');
  if (to.eventId !== undefined) {
    const e = events.find((x) => x.eventId === to.eventId);
    if (!e) throw new EngineError('INVALID_ARGUMENT', `Event ${to.eventId} is not in the history (it has ${events.length} events).`);
    if (e.type !== 'WorkflowTaskCompleted') {
      const ids = completed.map((c) => c.eventId).join(', ');
      throw new EngineError(
        'INVALID_ARGUMENT',
        `Event ${to.eventId} is ${e.type}; reset to a WorkflowTaskCompleted event: ${ids || 'there is none'}.`,
      );
    }
    return e;
  }
  const pick = to.type === 'FirstWorkflowTask' ? completed[0] : completed.at(-1);
  if (!pick) throw new EngineError('FAILED_PRECONDITION', 'The workflow has no completed workflow task to reset to.');
  return pick;
}
