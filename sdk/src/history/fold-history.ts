// The one fold of a history: each event, by its type, begins, moves or ends the run or one of its steps.
// The table below has an entry for every event type (a new one does not compile until it has one); the
// debugger's workflow state and the tree's and history view's steps are all read from what it makes.
import type { EventOf, HistoryEvent, HistoryEventType } from '../protocol';
import { localActivityOfMarker, mergeMemo, resolutionOfMarker } from '../protocol';
import type {
  ActivityRecord,
  ChildRecord,
  FoldedHistory,
  RunRecord,
  StepRecord,
  StepSpan,
  TimerRecord,
  UpdateRecord,
} from './folded-history';
import { CLOSING_EVENT_STATUS, type ClosingEventType } from './run-status';
import { definedFields } from '../common/defined-fields';

/** The run and steps of a history (or of its first events: an open run, or a position in a replay). */
export function foldHistory(events: readonly HistoryEvent[]): FoldedHistory {
  const fold = new Fold();
  for (const e of events) apply(e.type, e, fold);
  return { ...definedFields({ run: fold.run }), steps: fold.steps };
}

/** The fold as it goes: what it has made, and the steps by the ids later events name them with. */
class Fold {
  run: RunRecord | undefined;
  readonly steps: StepRecord[] = [];
  readonly activities = new Map<number, ActivityRecord>();
  readonly timers = new Map<string, TimerRecord>();
  readonly children = new Map<number, ChildRecord>();
  readonly updates = new Map<string, UpdateRecord>();

  begin<S extends StepRecord>(step: S): S {
    this.steps.push(step);
    return step;
  }
}

type Handler<T extends HistoryEventType> = (e: EventOf<T>, fold: Fold) => void;

function apply<T extends HistoryEventType>(type: T, e: EventOf<T>, fold: Fold): void {
  const handler: Handler<T> = FOLD[type];
  handler(e, fold);
}

/** Ends a step (if the fold has it) at event `e`, with what changed. */
function end<S extends StepSpan>(step: S | undefined, e: HistoryEvent, changes: Partial<S>): void {
  if (!step) return;
  step.endEventId = e.eventId;
  step.endTime = e.eventTime;
  Object.assign(step, changes);
}

/** Closes the run with the status its closing event says (the one table of them), and what it ended with. */
function closeRun(e: EventOf<ClosingEventType>, fold: Fold, changes: Partial<RunRecord> = {}): void {
  end(fold.run, e, { status: CLOSING_EVENT_STATUS[e.type], ...changes });
}

const ignore = (): void => {};

/** What each event does to the run and its steps. */
const FOLD: { [T in HistoryEventType]: Handler<T> } = {
  WorkflowExecutionStarted: (e, fold) => {
    fold.run = {
      firstEventId: e.eventId,
      startTime: e.eventTime,
      workflowType: e.workflowType,
      taskQueue: e.taskQueue,
      input: e.input,
      status: 'RUNNING',
      searchAttributes: { ...(e.searchAttributes ?? {}) },
      ...definedFields({ memo: e.memo }),
    };
  },
  WorkflowExecutionCompleted: (e, fold) => closeRun(e, fold, definedFields({ result: e.result })),
  WorkflowExecutionFailed: (e, fold) => closeRun(e, fold, { failure: e.failure }),
  WorkflowExecutionTimedOut: closeRun,
  WorkflowExecutionCanceled: closeRun,
  WorkflowExecutionTerminated: closeRun,
  WorkflowExecutionContinuedAsNew: closeRun,
  WorkflowExecutionCancelRequested: (e, fold) => {
    fold.begin({
      firstEventId: e.eventId,
      startTime: e.eventTime,
      endEventId: e.eventId,
      endTime: e.eventTime,
      kind: 'cancelRequest',
      ...definedFields({ cause: e.cause }),
    });
  },
  WorkflowExecutionSignaled: (e, fold) => {
    fold.begin({
      firstEventId: e.eventId,
      startTime: e.eventTime,
      endEventId: e.eventId,
      endTime: e.eventTime,
      kind: 'signal',
      name: e.signalName,
      input: e.input,
    });
  },
  UpsertWorkflowSearchAttributes: (e, fold) => {
    if (fold.run) fold.run.searchAttributes = { ...fold.run.searchAttributes, ...e.searchAttributes };
  },
  WorkflowPropertiesModified: (e, fold) => {
    if (!fold.run) return;
    const memo = mergeMemo(fold.run.memo, e.upsertedMemo);
    if (memo) fold.run.memo = memo;
    else delete fold.run.memo;
  },

  WorkflowTaskScheduled: ignore,
  WorkflowTaskStarted: ignore,
  WorkflowTaskCompleted: ignore,
  WorkflowTaskFailed: ignore,
  WorkflowTaskTimedOut: ignore,

  ActivityTaskScheduled: (e, fold) => {
    const activity: ActivityRecord = {
      firstEventId: e.eventId,
      startTime: e.eventTime,
      kind: 'activity',
      activityId: e.activityId,
      activityType: e.activityType,
      input: e.input,
      status: 'scheduled',
      cancelRequested: false,
    };
    fold.activities.set(e.eventId, fold.begin(activity));
  },
  ActivityTaskStarted: (e, fold) => {
    const a = fold.activities.get(e.scheduledEventId);
    if (!a) return;
    a.status = 'started';
    a.cancelRequested = false;
    a.attempt = e.attempt;
    if (e.lastFailure) a.lastFailure = e.lastFailure;
  },
  ActivityTaskCompleted: (e, fold) =>
    end(fold.activities.get(e.scheduledEventId), e, {
      status: 'completed',
      cancelRequested: false,
      ...definedFields({ result: e.result }),
    }),
  ActivityTaskFailed: (e, fold) =>
    end(fold.activities.get(e.scheduledEventId), e, { status: 'failed', cancelRequested: false, failure: e.failure }),
  ActivityTaskTimedOut: (e, fold) =>
    end(fold.activities.get(e.scheduledEventId), e, { status: 'timedOut', cancelRequested: false, failure: e.failure }),
  ActivityTaskCancelRequested: (e, fold) => {
    const a = fold.activities.get(e.scheduledEventId);
    if (a) a.cancelRequested = true;
  },
  ActivityTaskCanceled: (e, fold) => end(fold.activities.get(e.scheduledEventId), e, { status: 'canceled', cancelRequested: false }),

  TimerStarted: (e, fold) => {
    const timer: TimerRecord = {
      firstEventId: e.eventId,
      startTime: e.eventTime,
      kind: 'timer',
      timerId: e.timerId,
      startToFireTimeoutMs: e.startToFireTimeoutMs,
      status: 'started',
    };
    fold.timers.set(e.timerId, fold.begin(timer));
  },
  TimerFired: (e, fold) => end(fold.timers.get(e.timerId), e, { status: 'fired' }),
  TimerCanceled: (e, fold) => end(fold.timers.get(e.timerId), e, { status: 'canceled' }),

  StartChildWorkflowExecutionInitiated: (e, fold) => {
    const child: ChildRecord = {
      firstEventId: e.eventId,
      startTime: e.eventTime,
      kind: 'child',
      workflowId: e.workflowId,
      workflowType: e.workflowType,
      input: e.input,
      status: 'initiated',
    };
    fold.children.set(e.eventId, fold.begin(child));
  },
  StartChildWorkflowExecutionFailed: (e, fold) =>
    end(fold.children.get(e.initiatedEventId), e, { status: 'startFailed', startFailedCause: e.cause }),
  ChildWorkflowExecutionStarted: (e, fold) => {
    const c = fold.children.get(e.initiatedEventId);
    if (!c) return;
    c.status = 'started';
    c.runId = e.runId;
  },
  ChildWorkflowExecutionCompleted: (e, fold) =>
    end(fold.children.get(e.initiatedEventId), e, { status: 'completed', ...definedFields({ result: e.result }) }),
  ChildWorkflowExecutionFailed: (e, fold) => end(fold.children.get(e.initiatedEventId), e, { status: 'failed', failure: e.failure }),
  ChildWorkflowExecutionCanceled: (e, fold) => end(fold.children.get(e.initiatedEventId), e, { status: 'canceled' }),
  ChildWorkflowExecutionTimedOut: (e, fold) => end(fold.children.get(e.initiatedEventId), e, { status: 'timedOut' }),
  ChildWorkflowExecutionTerminated: (e, fold) => end(fold.children.get(e.initiatedEventId), e, { status: 'terminated' }),

  // Signals and cancellations the workflow sends to others are not steps of its own.
  SignalExternalWorkflowExecutionInitiated: ignore,
  ExternalWorkflowExecutionSignaled: ignore,
  SignalExternalWorkflowExecutionFailed: ignore,
  RequestCancelExternalWorkflowExecutionInitiated: ignore,
  ExternalWorkflowExecutionCancelRequested: ignore,
  RequestCancelExternalWorkflowExecutionFailed: ignore,

  WorkflowExecutionUpdateAccepted: (e, fold) => {
    const update: UpdateRecord = {
      firstEventId: e.eventId,
      startTime: e.eventTime,
      kind: 'update',
      updateId: e.updateId,
      name: e.name,
      input: e.input,
      status: 'accepted',
    };
    fold.updates.set(e.updateId, fold.begin(update));
  },
  WorkflowExecutionUpdateCompleted: (e, fold) =>
    end(fold.updates.get(e.updateId), e, {
      status: e.failure ? 'failed' : 'completed',
      ...definedFields({ result: e.result, failure: e.failure }),
    }),

  MarkerRecorded: (e, fold) => {
    const la = localActivityOfMarker(e.markerName, e.details);
    if (la) {
      fold.begin({
        firstEventId: e.eventId,
        startTime: e.eventTime,
        endEventId: e.eventId,
        endTime: e.eventTime,
        kind: 'localActivity',
        activityType: la.activityType,
        attempt: la.attempt,
        status: resolutionOfMarker(la, e.failure).status,
        ...definedFields({ result: la.result, failure: e.failure }),
      });
      return;
    }
    const patchId = typeof e.details.patchId === 'string' ? e.details.patchId : undefined;
    fold.begin({
      firstEventId: e.eventId,
      startTime: e.eventTime,
      endEventId: e.eventId,
      endTime: e.eventTime,
      kind: 'marker',
      markerName: e.markerName,
      ...(patchId ? { patchId } : {}),
    });
  },
};
