// What the replay debugger shows at a position of a history: plain data, no VS Code and no DAP.
import type { Command, ExecutionStatus, Failure, HistoryEvent, HistoryEventType, Payload, SearchAttributes } from '../protocol';
import type { ActivityStatus, ChildStatus, TimerStatus } from '../history/folded-history';
import type { SourceLocation } from '../worker/sandbox/source-map';

export type { SourceLocation };

/** Why replay may stop at an event (the event breakpoints of the debugger). */
export type StopKind = 'activityFailed' | 'activityRetried' | 'signalReceived' | 'timerFired' | 'childWorkflowFinished' | 'nonDeterminism';

export const STOP_KINDS: readonly StopKind[] = [
  'activityFailed',
  'activityRetried',
  'signalReceived',
  'timerFired',
  'childWorkflowFinished',
  'nonDeterminism',
];

/** One event as shown: its attributes are the event's own fields (payloads are JSON already). */
export interface EventView {
  eventId: number;
  type: HistoryEventType;
  time: string;
  /** One line: the type and what it names (`ActivityTaskScheduled(processPayment)`). */
  summary: string;
  attributes: Record<string, unknown>;
}

/** What is known of each event once the whole history has been replayed (at load). */
export interface EventInfo {
  eventId: number;
  /** The workflow task whose replay the state at this event reflects (its WorkflowTaskStarted id), if one ran yet. */
  taskStartedEventId?: number;
  /** The line of workflow code behind the event. */
  location?: SourceLocation;
  /** `issued`: the code there issued the command that made the event; `awaited`: the code there waited for it. */
  locationKind?: 'issued' | 'awaited';
  /** The code site behind `location` (its ordinal in the replay: see `ReplaySession.locals`). */
  site?: number;
  /** The event breakpoints this event matches. */
  stops: StopKind[];
}

/** A promise the workflow awaits (one per pending activity, timer, condition, child …), where it began to wait. */
export interface PendingCoroutine {
  what: string;
  /** The innermost frame in the user's code. */
  location?: SourceLocation;
  /** The user's frames, innermost first (a Call Stack). */
  frames: SourceLocation[];
  /** The code site where it began to wait (its ordinal in the replay: see `ReplaySession.locals`). */
  site?: number;
}

/** The code no longer matches the history: both sides, where, and what to do. */
export interface NonDeterminism {
  /** The event where replay stops. */
  eventId: number;
  message: string;
  /** What history holds there (none: the code issued a command history has no event for). */
  history?: { event: HistoryEvent; description: string };
  /** What the code issued instead (none: the code issued nothing where history has an event). */
  code?: { command: Command; description: string };
  /** The line that issued the code side's command. */
  location?: SourceLocation;
  advice: string;
}

/** The workflow code threw while replaying a task that had completed (not a determinism problem). */
export interface ReplayCodeError {
  /** The WorkflowTaskStarted event of the task that threw (where replay stops). */
  eventId: number;
  message: string;
  /** The stack mapped to the user's source files. */
  stack?: string;
}

export interface ActivityState {
  scheduledEventId: number;
  activityId: string;
  activityType: string;
  input: Payload[];
  /** The last of its events: a cancel request too, until another event of it follows. */
  status: ActivityStatus | 'cancelRequested';
  /** The attempt that last started. */
  attempt?: number;
  result?: Payload;
  failure?: Failure;
  /** The failure of the attempt before the one that started last, if it was retried. */
  lastFailure?: Failure;
}

export interface TimerState {
  startedEventId: number;
  timerId: string;
  startToFireTimeoutMs: number;
  status: TimerStatus;
}

export interface ChildState {
  initiatedEventId: number;
  workflowId: string;
  workflowType: string;
  runId?: string;
  status: ChildStatus;
  result?: Payload;
  failure?: Failure;
}

export interface SignalReceived {
  eventId: number;
  time: string;
  name: string;
  input: Payload[];
}

export interface HandlerNames {
  signals: string[];
  queries: string[];
  updates: string[];
}

/** The workflow at a position: from the events up to it, and the handlers from the replayed code. */
export interface WorkflowState {
  workflowType: string;
  taskQueue: string;
  input: Payload[];
  status: ExecutionStatus;
  result?: Payload;
  failure?: Failure;
  activities: ActivityState[];
  timers: TimerState[];
  children: ChildState[];
  signals: SignalReceived[];
  searchAttributes: SearchAttributes;
  memo?: Record<string, Payload>;
  /** Handlers the code has set at this point (none known before the first task ran). */
  handlers?: HandlerNames;
}

/** Everything shown at one position. */
export interface PositionView {
  position: number;
  event: EventView;
  info: EventInfo;
  pending: PendingCoroutine[];
  state: WorkflowState;
  /** Set when replay stopped here because the code does not match the history. */
  nonDeterminism?: NonDeterminism;
  /** Set when replay stopped here because the code threw. */
  codeError?: ReplayCodeError;
}

/** A local variable of workflow code (read through Node's inspector), its value in one line and its children. */
export interface LocalValue {
  name: string;
  value: string;
  type: string;
  children?: LocalValue[];
}

/** One frame of the user's code at a code site, innermost first, with its local and block variables. */
export interface FrameLocals {
  functionName: string;
  location?: SourceLocation;
  variables: LocalValue[];
}
