// The mutable state of one workflow run: what the server must know between events to decide the next
// one (Temporal's "mutable state"). Persisted as JSON with the run; tasks and timers derive from it.
import type {
  ExecutionStatus,
  Failure,
  Header,
  HistoryEvent,
  HistoryEventBody,
  Payload,
  RetryPolicyData,
  SearchAttributes,
  WorkflowOutcome,
} from '@rewind/sdk/protocol';
import { definedFields } from '@rewind/sdk/internal/common/defined-fields';

export interface WorkflowTaskState {
  status: 'scheduled' | 'started' | 'backoff';
  /** WorkflowTaskScheduled event (0 while in backoff: the event is written when the backoff ends). */
  scheduledEventId: number;
  startedEventId: number;
  attempt: number;
  scheduledAt: number;
  startedAt?: number;
  /** Which start of the task this is (new at each start): the task token names it, so that a completion
   * made for an earlier start (handed out again after a server restart) is refused. */
  startId?: string;
  /** The worker holding the task while started. */
  workerId?: string;
  identity?: string;
  retryAt?: number;
  lastFailure?: Failure;
  /**
   * Set on a task scheduled only to carry updates (Temporal's speculative workflow task): its Scheduled and
   * Started events are not in history yet. They are appended (with these ids) before anything else is, or
   * with the task's outcome; a task that only rejects updates is dropped with them (workflow-task.ts).
   */
  speculative?: { scheduled: HistoryEvent; started?: HistoryEvent };
}

export interface ActivityState {
  scheduledEventId: number;
  activityId: string;
  activityType: string;
  taskQueue: string;
  scheduleToCloseTimeoutMs?: number;
  scheduleToStartTimeoutMs?: number;
  startToCloseTimeoutMs?: number;
  heartbeatTimeoutMs?: number;
  retryPolicy: RetryPolicyData;
  status: 'scheduled' | 'started' | 'backoff';
  attempt: number;
  /** When the activity was first scheduled (schedule-to-close counts from here). */
  scheduledAt: number;
  /** When the current attempt was scheduled (schedule-to-start counts from here). */
  attemptScheduledAt: number;
  startedAt?: number;
  workerId?: string;
  identity?: string;
  retryAt?: number;
  lastFailure?: Failure;
  heartbeatDetails?: Payload[];
  lastHeartbeatAt?: number;
  cancelRequested: boolean;
}

export interface ChildState {
  initiatedEventId: number;
  seq: number;
  workflowId: string;
  workflowType: string;
  parentClosePolicy: 'TERMINATE' | 'ABANDON' | 'REQUEST_CANCEL';
  /** Once started. */
  runId?: string;
  startedEventId?: number;
}

/** What retrying a run takes: its policy, this run's attempt, and the input and header the next attempt starts with. */
export interface WorkflowRetryState {
  policy: RetryPolicyData;
  attempt: number;
  args: Payload[];
  header?: Header;
}

export interface ParentRef {
  namespace: string;
  workflowId: string;
  runId: string;
  initiatedEventId: number;
}

export interface UpdateState {
  name: string;
  args: Payload[];
  identity?: string;
  /** The header it was sent with: recorded on its accepted event. */
  header?: Header;
  /** requested: waits for the workflow; accepted: its handler runs; completed: result, failure, or rejected. */
  status: 'requested' | 'accepted' | 'completed';
  acceptedEventId?: number;
  result?: Payload;
  failure?: Failure;
  rejected?: boolean;
}

export interface CronState {
  schedule: string;
  /** Every run of the chain gets the same input. */
  args: Payload[];
  /** The result of the last run of the chain that completed: the next run reads it as lastResult. */
  lastResult?: Payload;
  /** The start's header: every run of the chain starts with it. */
  header?: Header;
}

export interface TimerState {
  timerId: string;
  startedEventId: number;
  fireAt: number;
}

export interface RunState {
  namespace: string;
  workflowId: string;
  runId: string;
  firstExecutionRunId: string;
  workflowType: string;
  taskQueue: string;
  status: ExecutionStatus;
  startTime: number;
  closeTime?: number;
  /** The id the next event gets; the history length is nextEventId - 1. */
  nextEventId: number;
  /**
   * The size of the run's history in bytes: the UTF-8 length of each event's JSON as the store keeps it
   * (see {@link eventBytes}). Absent in a run persisted before the server counted it (its tasks then
   * report no size).
   */
  historySizeBytes?: number;
  workflowTaskTimeoutMs: number;
  /** The run timeout it was started with (a continued run gets it too). */
  workflowRunTimeoutMs?: number;
  runExpiresAt?: number;
  executionExpiresAt?: number;
  outcome?: WorkflowOutcome;
  /** Temporal's cronSchedule: when this run closes, the next starts at the next matching time. */
  cron?: CronState;
  /** The workflow's retry policy: when this run fails or its run times out, a new run may retry it. */
  retry?: WorkflowRetryState;
  memo?: Record<string, Payload>;
  searchAttributes?: SearchAttributes;
  workflowTask?: WorkflowTaskState;
  /** The started event of the last workflow task that completed (0 if none). */
  lastCompletedStartedEventId: number;
  /** An event the workflow must see arrived while the current workflow task was running. */
  unseenEvents: boolean;
  /**
   * Events that arrived while a workflow task ran, held back until its outcome is recorded (Temporal's
   * buffered events): a task's WorkflowTaskStarted is always followed by its Completed, Failed or
   * TimedOut, as Temporal's SDKs require to cut a history into tasks.
   */
  bufferedEvents?: BufferedEvent[];
  /** The worker that has this run in its cache (it completed the last task). */
  stickyWorkerId?: string;
  /**
   * Set when that worker is a Temporal worker's sticky queue: how long its next workflow task waits for it
   * there before it goes to the normal queue (Temporal's sticky schedule-to-start timeout).
   */
  stickyScheduleToStartMs?: number;
  /** That sticky queue's name, as the worker gave it: a workflow task scheduled for it names it. */
  stickyQueue?: string;
  /** Set by `rewind dev`: only workers of this build of the workflow code get its workflow tasks (newer code cannot replay its history). */
  pinnedBuildId?: string;
  /** Pending activities by scheduled event id. */
  activities: Record<string, ActivityState>;
  /** Scheduled event id of every activity the run scheduled, by the workflow's seq number. */
  activitySeqs: Record<string, number>;
  /** Pending timers by timer id. */
  timers: Record<string, TimerState>;
  /** Open children by the initiated event id. */
  children: Record<string, ChildState>;
  /** Updates by id: the open ones, and the finished ones (so that a retried request gets the same answer). */
  updates: Record<string, UpdateState>;
  /** Set for a child workflow: where to report how it ended. */
  parent?: ParentRef;
  cancelRequested: boolean;
  startRequestId: string;
  /** Request ids of the latest signals received (MAX_SIGNAL_REQUEST_IDS), so that a client retrying a signal delivers it once. */
  signalRequestIds: string[];
}

/** An event held back while a workflow task runs: its id is provisional (negative) until it is appended. */
export interface BufferedEvent {
  body: HistoryEventBody;
  time: number;
  provisionalId: number;
}

/** What a new run holds nothing of yet: no tasks, activities, timers, children, updates or signals. */
export function emptyRunParts(): Pick<
  RunState,
  | 'lastCompletedStartedEventId'
  | 'unseenEvents'
  | 'activities'
  | 'activitySeqs'
  | 'timers'
  | 'children'
  | 'updates'
  | 'cancelRequested'
  | 'signalRequestIds'
> {
  return {
    lastCompletedStartedEventId: 0,
    unseenEvents: false,
    activities: {},
    activitySeqs: {},
    timers: {},
    children: {},
    updates: {},
    cancelRequested: false,
    signalRequestIds: [],
  };
}

/** A cron run's state: its schedule, the input every run gets, the last completed run's result. */
export function cronState(
  schedule: string | undefined,
  args: Payload[],
  lastResult: Payload | undefined,
  header?: Header,
): Pick<RunState, 'cron'> {
  return schedule ? { cron: { schedule, args, ...definedFields({ lastResult, header }) } } : {};
}

/** What retrying a run takes, for a run with a retry policy. */
export function retryState(
  policy: RetryPolicyData | undefined,
  attempt: number,
  args: Payload[],
  header?: Header,
): Pick<RunState, 'retry'> {
  return policy ? { retry: { policy, attempt, args, ...definedFields({ header }) } } : {};
}

/** A state as stored by an older version of this server, with the fields it lacked filled in. */
export function upgradeState(state: RunState): RunState {
  state.children ??= {};
  state.updates ??= {};
  state.activitySeqs ??= {};
  state.signalRequestIds ??= [];
  return state;
}

/** How many bytes `event` adds to its history's size: the UTF-8 length of its JSON, as the store keeps it. */
export function eventBytes(event: HistoryEvent): number {
  return Buffer.byteLength(JSON.stringify(event), 'utf8');
}

export function historyLength(state: RunState): number {
  return state.nextEventId - 1;
}

/** Temporal's server defaults for suggesting continue-as-new: a history of 4,096 events or 4 MiB. */
export const SUGGEST_CONTINUE_AS_NEW_AT = { events: 4096, bytes: 4 * 1024 * 1024 } as const;

/**
 * Whether a workflow task that starts now suggests continuing as new (its WorkflowTaskStarted's
 * `suggestContinueAsNew`, Temporal's rule): the history, that event included, has 4,096 events, or the
 * events before it hold 4 MiB.
 */
export function continueAsNewSuggested(state: RunState): boolean {
  return state.nextEventId >= SUGGEST_CONTINUE_AS_NEW_AT.events || (state.historySizeBytes ?? 0) >= SUGGEST_CONTINUE_AS_NEW_AT.bytes;
}

export function isOpen(state: RunState): boolean {
  return state.status === 'RUNNING';
}
