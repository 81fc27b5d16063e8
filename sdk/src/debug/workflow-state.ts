// The workflow's state at a position, folded from the events up to it: status, activities, timers,
// children, signals received and search attributes (the handlers come from the replayed code).
import type { ExecutionStatus, HistoryEvent } from '../protocol';
import type { ActivityState, ChildState, TimerState, WorkflowState } from './types';

const CLOSED: Partial<Record<HistoryEvent['type'], ExecutionStatus>> = {
  WorkflowExecutionCompleted: 'COMPLETED',
  WorkflowExecutionFailed: 'FAILED',
  WorkflowExecutionCanceled: 'CANCELLED',
  WorkflowExecutionTerminated: 'TERMINATED',
  WorkflowExecutionTimedOut: 'TIMED_OUT',
  WorkflowExecutionContinuedAsNew: 'CONTINUED_AS_NEW',
};

/** The state after events[0..position-1] (position is an event id). */
export function workflowStateAt(events: readonly HistoryEvent[], position: number): WorkflowState {
  const first = events[0];
  if (first?.type !== 'WorkflowExecutionStarted') throw new Error('A history starts with WorkflowExecutionStarted.');
  const state: WorkflowState = {
    workflowType: first.workflowType,
    taskQueue: first.taskQueue,
    input: first.input,
    status: 'RUNNING',
    activities: [],
    timers: [],
    children: [],
    signals: [],
    searchAttributes: { ...(first.searchAttributes ?? {}) },
    ...(first.memo ? { memo: first.memo } : {}),
  };
  const activities = new Map<number, ActivityState>();
  const timers = new Map<string, TimerState>();
  const children = new Map<number, ChildState>();
  for (const e of events.slice(0, position)) {
    const closed = CLOSED[e.type];
    if (closed) state.status = closed;
    apply(e, state, activities, timers, children);
  }
  state.activities = [...activities.values()];
  state.timers = [...timers.values()];
  state.children = [...children.values()];
  return state;
}

function apply(
  e: HistoryEvent,
  state: WorkflowState,
  activities: Map<number, ActivityState>,
  timers: Map<string, TimerState>,
  children: Map<number, ChildState>,
): void {
  const activity = (id: number): ActivityState | undefined => activities.get(id);
  const child = (id: number): ChildState | undefined => children.get(id);
  switch (e.type) {
    case 'WorkflowExecutionCompleted':
      if (e.result !== undefined) state.result = e.result;
      break;
    case 'WorkflowExecutionFailed':
      state.failure = e.failure;
      break;
    case 'ActivityTaskScheduled':
      activities.set(e.eventId, {
        scheduledEventId: e.eventId,
        activityId: e.activityId,
        activityType: e.activityType,
        input: e.input,
        status: 'scheduled',
      });
      break;
    case 'ActivityTaskStarted': {
      const a = activity(e.scheduledEventId);
      if (a) Object.assign(a, { status: 'started', attempt: e.attempt }, e.lastFailure ? { lastFailure: e.lastFailure } : {});
      break;
    }
    case 'ActivityTaskCompleted': {
      const a = activity(e.scheduledEventId);
      if (a) Object.assign(a, { status: 'completed' }, e.result !== undefined ? { result: e.result } : {});
      break;
    }
    case 'ActivityTaskFailed':
    case 'ActivityTaskTimedOut': {
      const a = activity(e.scheduledEventId);
      if (a) Object.assign(a, { status: e.type === 'ActivityTaskFailed' ? 'failed' : 'timedOut', failure: e.failure });
      break;
    }
    case 'ActivityTaskCancelRequested': {
      const a = activity(e.scheduledEventId);
      if (a) a.status = 'cancelRequested';
      break;
    }
    case 'ActivityTaskCanceled': {
      const a = activity(e.scheduledEventId);
      if (a) a.status = 'canceled';
      break;
    }
    case 'TimerStarted':
      timers.set(e.timerId, {
        startedEventId: e.eventId,
        timerId: e.timerId,
        startToFireTimeoutMs: e.startToFireTimeoutMs,
        status: 'started',
      });
      break;
    case 'TimerFired':
    case 'TimerCanceled': {
      const t = timers.get(e.timerId);
      if (t) t.status = e.type === 'TimerFired' ? 'fired' : 'canceled';
      break;
    }
    case 'StartChildWorkflowExecutionInitiated':
      children.set(e.eventId, { initiatedEventId: e.eventId, workflowId: e.workflowId, workflowType: e.workflowType, status: 'initiated' });
      break;
    case 'StartChildWorkflowExecutionFailed': {
      const c = child(e.initiatedEventId);
      if (c) c.status = 'startFailed';
      break;
    }
    case 'ChildWorkflowExecutionStarted': {
      const c = child(e.initiatedEventId);
      if (c) Object.assign(c, { status: 'started', runId: e.runId });
      break;
    }
    case 'ChildWorkflowExecutionCompleted': {
      const c = child(e.initiatedEventId);
      if (c) Object.assign(c, { status: 'completed' }, e.result !== undefined ? { result: e.result } : {});
      break;
    }
    case 'ChildWorkflowExecutionFailed': {
      const c = child(e.initiatedEventId);
      if (c) Object.assign(c, { status: 'failed', failure: e.failure });
      break;
    }
    case 'ChildWorkflowExecutionCanceled':
    case 'ChildWorkflowExecutionTimedOut':
    case 'ChildWorkflowExecutionTerminated': {
      const c = child(e.initiatedEventId);
      const status =
        e.type === 'ChildWorkflowExecutionCanceled' ? 'canceled' : e.type === 'ChildWorkflowExecutionTimedOut' ? 'timedOut' : 'terminated';
      if (c) c.status = status;
      break;
    }
    case 'WorkflowExecutionSignaled':
      state.signals.push({ eventId: e.eventId, time: e.eventTime, name: e.signalName, input: e.input });
      break;
    case 'UpsertWorkflowSearchAttributes':
      state.searchAttributes = { ...state.searchAttributes, ...e.searchAttributes };
      break;
    default:
      break;
  }
}
