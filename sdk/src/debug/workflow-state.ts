// The workflow's state at a position as the debugger shows it: the one fold of the events up to it
// (sdk/src/history), read as status, activities, timers, children, signals and search attributes (the
// handlers come from the replayed code).
import { definedFields } from '../common/defined-fields';
import { foldHistory } from '../history/fold-history';
import type { ActivityRecord, ChildRecord, StepRecord, TimerRecord } from '../history/folded-history';
import type { HistoryEvent } from '../protocol';
import type { ActivityState, ChildState, SignalReceived, TimerState, WorkflowState } from './types';

/** The state after events[0..position-1] (position is an event id). */
export function workflowStateAt(events: readonly HistoryEvent[], position: number): WorkflowState {
  const { run, steps } = foldHistory(events.slice(0, Math.max(position, 1)));
  if (!run || events[0]?.type !== 'WorkflowExecutionStarted') throw new Error('A history starts with WorkflowExecutionStarted.');
  const of = <K extends StepRecord['kind']>(kind: K): Array<Extract<StepRecord, { kind: K }>> =>
    steps.filter((s): s is Extract<StepRecord, { kind: K }> => s.kind === kind);
  return {
    workflowType: run.workflowType,
    taskQueue: run.taskQueue,
    input: run.input,
    status: run.status,
    activities: of('activity').map(activityState),
    timers: of('timer').map(timerState),
    children: of('child').map(childState),
    signals: of('signal').map((s): SignalReceived => ({ eventId: s.firstEventId, time: s.startTime, name: s.name, input: s.input })),
    searchAttributes: run.searchAttributes,
    ...definedFields({ memo: run.memo, result: run.result, failure: run.failure }),
  };
}

function activityState(a: ActivityRecord): ActivityState {
  return {
    scheduledEventId: a.firstEventId,
    activityId: a.activityId,
    activityType: a.activityType,
    input: a.input,
    status: a.cancelRequested ? 'cancelRequested' : a.status,
    ...definedFields({ attempt: a.attempt, lastFailure: a.lastFailure, result: a.result, failure: a.failure }),
  };
}

function timerState(t: TimerRecord): TimerState {
  return { startedEventId: t.firstEventId, timerId: t.timerId, startToFireTimeoutMs: t.startToFireTimeoutMs, status: t.status };
}

/** A child as the debugger has always shown it: without its input, and a start that failed without a failure. */
function childState(c: ChildRecord): ChildState {
  return {
    initiatedEventId: c.firstEventId,
    workflowId: c.workflowId,
    workflowType: c.workflowType,
    status: c.status,
    ...definedFields({ runId: c.runId, result: c.result, failure: c.failure }),
  };
}
