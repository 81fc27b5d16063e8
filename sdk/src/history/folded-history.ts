// What the one fold of a history holds: the run and each step it began (activity, timer, child, signal,
// update, marker…), with the events that began and ended each. Plain data: no Node, no VS Code.
import type { EventOf, ExecutionStatus, Failure, LocalActivityResolution, Payload, SearchAttributes } from '../protocol';

/** The events a step spans: the one that began it and, once it ended, the one that ended it. */
export interface StepSpan {
  firstEventId: number;
  startTime: string;
  endEventId?: number;
  endTime?: string;
}

export type ActivityStatus = 'scheduled' | 'started' | 'completed' | 'failed' | 'timedOut' | 'canceled';
export type TimerStatus = 'started' | 'fired' | 'canceled';
export type ChildStatus = 'initiated' | 'started' | 'startFailed' | 'completed' | 'failed' | 'canceled' | 'timedOut' | 'terminated';
export type UpdateStatus = 'accepted' | 'completed' | 'failed';
/** What a local activity's marker records: its outcome, or a wait before its next attempt (as a replay reads it). */
export type LocalActivityStatus = LocalActivityResolution['status'];

export interface ActivityRecord extends StepSpan {
  kind: 'activity';
  activityId: string;
  activityType: string;
  input: Payload[];
  status: ActivityStatus;
  /** A cancel request is the latest of its events (the next one clears this). */
  cancelRequested: boolean;
  /** The attempt that last started (none before the first start). */
  attempt?: number;
  result?: Payload;
  failure?: Failure;
  /** The failure of the attempt before the one that started last, if it was retried. */
  lastFailure?: Failure;
}

export interface TimerRecord extends StepSpan {
  kind: 'timer';
  timerId: string;
  startToFireTimeoutMs: number;
  status: TimerStatus;
}

export interface ChildRecord extends StepSpan {
  kind: 'child';
  workflowId: string;
  workflowType: string;
  input: Payload[];
  status: ChildStatus;
  runId?: string;
  result?: Payload;
  failure?: Failure;
  /** Why it could not start (status `startFailed`). */
  startFailedCause?: EventOf<'StartChildWorkflowExecutionFailed'>['cause'];
}

export interface SignalRecord extends StepSpan {
  kind: 'signal';
  name: string;
  input: Payload[];
}

export interface CancelRequestRecord extends StepSpan {
  kind: 'cancelRequest';
  cause?: string;
}

export interface UpdateRecord extends StepSpan {
  kind: 'update';
  updateId: string;
  name: string;
  input: Payload[];
  status: UpdateStatus;
  result?: Payload;
  failure?: Failure;
}

export interface LocalActivityRecord extends StepSpan {
  kind: 'localActivity';
  activityType: string;
  attempt: number;
  status: LocalActivityStatus;
  result?: Payload;
  failure?: Failure;
}

/** Any other marker (a patch, or one the history was exported with). */
export interface MarkerRecord extends StepSpan {
  kind: 'marker';
  markerName: string;
  patchId?: string;
}

export type StepRecord =
  ActivityRecord | TimerRecord | ChildRecord | SignalRecord | CancelRequestRecord | UpdateRecord | LocalActivityRecord | MarkerRecord;

/** The run itself: from its WorkflowExecutionStarted to the event that closed it, if one did. */
export interface RunRecord extends StepSpan {
  workflowType: string;
  taskQueue: string;
  input: Payload[];
  status: ExecutionStatus;
  result?: Payload;
  failure?: Failure;
  searchAttributes: SearchAttributes;
  memo?: Record<string, Payload>;
}

/** A history folded: the run (none if the events do not begin with its start) and its steps in the order they began. */
export interface FoldedHistory {
  run?: RunRecord;
  steps: StepRecord[];
}
