// The history of one workflow run: an append-only list of events numbered 1..n without gaps.
//
// One tagged union, discriminated on `type`. Names and meaning follow Temporal's history events.
// Events that a workflow task's commands produced carry `workflowTaskCompletedEventId`: the replayer
// uses it to find which commands a task issued.
import type { ParentClosePolicy } from './commands';
import type { Failure, RetryState, TimeoutType } from './failure';
import type { Header, UserMetadata } from './headers';
import type { Memo } from './memo';
import type { Payload } from './payload';
import type { RetryPolicyData } from './retry-policy';
import type { SearchAttributes } from './search-attributes';

/** Where a run is: running, or how it closed (Temporal's `WorkflowExecutionStatus` names). */
export type ExecutionStatus = 'RUNNING' | 'COMPLETED' | 'FAILED' | 'CANCELLED' | 'TERMINATED' | 'CONTINUED_AS_NEW' | 'TIMED_OUT';

/** Temporal's causes for a malformed command, one per command type, as its server records them. */
export const BAD_COMMAND_CAUSES = [
  'BAD_SCHEDULE_ACTIVITY_ATTRIBUTES',
  'BAD_REQUEST_CANCEL_ACTIVITY_ATTRIBUTES',
  'BAD_START_TIMER_ATTRIBUTES',
  'BAD_CANCEL_TIMER_ATTRIBUTES',
  'BAD_RECORD_MARKER_ATTRIBUTES',
  'BAD_COMPLETE_WORKFLOW_EXECUTION_ATTRIBUTES',
  'BAD_FAIL_WORKFLOW_EXECUTION_ATTRIBUTES',
  'BAD_CANCEL_WORKFLOW_EXECUTION_ATTRIBUTES',
  'BAD_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_ATTRIBUTES',
  'BAD_CONTINUE_AS_NEW_ATTRIBUTES',
  'BAD_START_CHILD_EXECUTION_ATTRIBUTES',
  'BAD_SIGNAL_WORKFLOW_EXECUTION_ATTRIBUTES',
  'BAD_SEARCH_ATTRIBUTES',
  'BAD_MODIFY_WORKFLOW_PROPERTIES_ATTRIBUTES',
] as const;
export type BadCommandCause = (typeof BAD_COMMAND_CAUSES)[number];

export type WorkflowTaskFailedCause =
  /** The workflow code threw an error that is not a failure of the workflow (a bug: fix and redeploy). */
  | 'WORKFLOW_WORKER_UNHANDLED_FAILURE'
  /** The code issued different commands than the history holds. */
  | 'NON_DETERMINISTIC_ERROR'
  /** New events arrived while the task ran and the task tried to close the workflow. */
  | 'UNHANDLED_COMMAND'
  /** The worker has no workflow of this type. */
  | 'WORKFLOW_TYPE_NOT_REGISTERED'
  /** A command was malformed (bad activity options, unknown timer, …). */
  | 'BAD_COMMAND'
  /** A Temporal worker's command of one type was malformed (Temporal's cause for it; the failure says what is wrong). */
  | BadCommandCause
  /** The worker running the task went away (disconnect or crash). */
  | 'WORKER_LOST'
  /** The workflow was reset to this task: its run starts again from here. */
  | 'RESET_WORKFLOW'
  /** The task's commands would leave more activities pending than a run may have. */
  | 'PENDING_ACTIVITIES_LIMIT_EXCEEDED'
  /** The task's commands would leave more child workflows running than a run may have. */
  | 'PENDING_CHILD_WORKFLOWS_LIMIT_EXCEEDED'
  /** So many events arrived while the task ran that it was ended, for a new one to see them (Temporal's limit of 100). */
  | 'FORCE_CLOSE_COMMAND';

/**
 * The SDK flags and version a workflow task's completion recorded (Temporal's WorkflowTaskCompletedMetadata):
 * which versioned behaviours were in force, so that a replay behaves as the recording SDK did.
 */
export interface SdkMetadata {
  coreUsedFlags?: number[];
  langUsedFlags?: number[];
  sdkName?: string;
  sdkVersion?: string;
  /**
   * Temporal's histories: the build id of the worker that completed the task (its workerVersion.buildId,
   * or binaryChecksum), e.g. `@temporalio/worker@1.11.1+…`: Temporal's SDK turns lang flags on by it.
   */
  buildId?: string;
}

interface EventMeta {
  eventId: number;
  /** ISO 8601 time at which the server recorded the event. */
  eventTime: string;
}

/** What any event may carry beside its type's fields (as Temporal's HistoryEvent has it beside the attributes). */
export interface EventMetadata {
  /**
   * A summary and details for user interfaces, carried from the call or command that wrote the event:
   * a start's (also a child's), a timer's, an activity's.
   */
  userMetadata?: UserMetadata;
}

export type HistoryEventBody = EventMetadata &
  (
    | {
        type: 'WorkflowExecutionStarted';
        workflowType: string;
        taskQueue: string;
        input: Payload[];
        workflowExecutionTimeoutMs?: number;
        workflowRunTimeoutMs?: number;
        workflowTaskTimeoutMs: number;
        attempt: number;
        firstExecutionRunId: string;
        /** The run id this run was created with: the seed of its Math.random, so replay needs only the history. */
        originalExecutionRunId: string;
        continuedExecutionRunId?: string;
        /** What started this run after another: continue-as-new in the workflow, its cron schedule, or its retry policy. */
        initiator?: 'CONTINUE_AS_NEW' | 'CRON_SCHEDULE' | 'RETRY';
        cronSchedule?: string;
        /** The first workflow task waits this long (the next cron time, a start delay, or a retry's backoff). */
        firstWorkflowTaskBackoffMs?: number;
        /** The workflow's retry policy: a failed or timed-out run is retried in a new run (attempt + 1). */
        retryPolicy?: RetryPolicyData;
        /** For a cron run: the result of the run before it, or how it failed. */
        lastCompletionResult?: Payload;
        continuedFailure?: Failure;
        /** Set for a child workflow. */
        parent?: { namespace: string; workflowId: string; runId: string; initiatedEventId: number };
        identity?: string;
        memo?: Record<string, Payload>;
        searchAttributes?: SearchAttributes;
        /** The start's header (interceptors and tracing put their context there). */
        header?: Header;
      }
    // newExecutionRunId: the run its cron schedule starts next.
    | { type: 'WorkflowExecutionCompleted'; result?: Payload; workflowTaskCompletedEventId: number; newExecutionRunId?: string }
    | {
        type: 'WorkflowExecutionFailed';
        failure: Failure;
        retryState: RetryState;
        workflowTaskCompletedEventId: number;
        newExecutionRunId?: string;
      }
    | { type: 'WorkflowExecutionTimedOut'; retryState: RetryState; newExecutionRunId?: string }
    | { type: 'WorkflowExecutionCanceled'; details?: Payload[]; workflowTaskCompletedEventId: number }
    | { type: 'WorkflowExecutionTerminated'; reason?: string; details?: Payload[]; identity?: string }
    | {
        type: 'WorkflowExecutionContinuedAsNew';
        newExecutionRunId: string;
        workflowType: string;
        taskQueue: string;
        input: Payload[];
        workflowRunTimeoutMs?: number;
        workflowTaskTimeoutMs?: number;
        workflowTaskCompletedEventId: number;
        header?: Header;
      }
    | { type: 'WorkflowExecutionCancelRequested'; cause?: string; identity?: string }
    | {
        type: 'WorkflowExecutionSignaled';
        signalName: string;
        input: Payload[];
        identity?: string;
        requestId?: string;
        header?: Header;
      }
    | {
        type: 'WorkflowTaskScheduled';
        taskQueue: string;
        startToCloseTimeoutMs: number;
        attempt: number;
        /** The sticky queue of the Temporal worker that has the run cached, where the task went first (Temporal's STICKY kind). */
        stickyTaskQueue?: string;
      }
    | {
        type: 'WorkflowTaskStarted';
        scheduledEventId: number;
        identity?: string;
        /**
         * The size of the run's history before this event, in bytes (Temporal's `history_size_bytes`): the
         * UTF-8 length of each event's JSON as the server stores it. Absent in histories recorded before
         * the server counted it (the workflow then reads 0, as Temporal's on a server older than 1.20).
         */
        historySizeBytes?: number;
        /**
         * Whether the server suggests continuing as new (Temporal's `suggest_continue_as_new`): the history
         * has 4,096 events or 4 MiB. Absent in histories recorded before the server said it (the workflow
         * then keeps what its first task computed, as Rewind's SDK did).
         */
        suggestContinueAsNew?: boolean;
      }
    | {
        type: 'WorkflowTaskCompleted';
        scheduledEventId: number;
        startedEventId: number;
        identity?: string;
        /** What the SDK that completed the task recorded of itself: the behaviours its replay must keep. */
        sdkMetadata?: SdkMetadata;
      }
    | {
        type: 'WorkflowTaskFailed';
        scheduledEventId: number;
        startedEventId: number;
        cause: WorkflowTaskFailedCause;
        failure: Failure;
        identity?: string;
        /** A reset (cause RESET_WORKFLOW): the run reset, and this one, whose id seeds the randomness from here on (Temporal's). */
        baseRunId?: string;
        newRunId?: string;
      }
    | { type: 'WorkflowTaskTimedOut'; scheduledEventId: number; startedEventId: number; timeoutType: TimeoutType }
    | {
        type: 'ActivityTaskScheduled';
        activityId: string;
        activityType: string;
        taskQueue: string;
        input: Payload[];
        scheduleToCloseTimeoutMs?: number;
        scheduleToStartTimeoutMs?: number;
        startToCloseTimeoutMs?: number;
        heartbeatTimeoutMs?: number;
        retryPolicy: RetryPolicyData;
        workflowTaskCompletedEventId: number;
        /** Given to the activity with its task. */
        header?: Header;
      }
    | {
        type: 'ActivityTaskStarted';
        scheduledEventId: number;
        attempt: number;
        identity?: string;
        /** The failure of the attempt before this one, if it was retried. */
        lastFailure?: Failure;
      }
    | { type: 'ActivityTaskCompleted'; scheduledEventId: number; startedEventId: number; result?: Payload; identity?: string }
    | {
        type: 'ActivityTaskFailed';
        scheduledEventId: number;
        startedEventId: number;
        failure: Failure;
        retryState: RetryState;
        identity?: string;
      }
    | {
        type: 'ActivityTaskTimedOut';
        scheduledEventId: number;
        startedEventId: number;
        failure: Failure;
        retryState: RetryState;
      }
    | { type: 'ActivityTaskCancelRequested'; scheduledEventId: number; workflowTaskCompletedEventId: number }
    | {
        type: 'ActivityTaskCanceled';
        scheduledEventId: number;
        startedEventId: number;
        details?: Payload[];
        identity?: string;
      }
    | { type: 'TimerStarted'; timerId: string; startToFireTimeoutMs: number; workflowTaskCompletedEventId: number }
    | { type: 'TimerFired'; timerId: string; startedEventId: number }
    | { type: 'TimerCanceled'; timerId: string; startedEventId: number; workflowTaskCompletedEventId: number }
    | {
        type: 'MarkerRecorded';
        markerName: string;
        /** In the shape Rewind's replayer reads (a Temporal worker's patch and local activity markers converted). */
        details: Record<string, Payload>;
        failure?: Failure;
        /** A Temporal worker's marker as it wrote it (each detail a list of payloads): what it reads back. */
        temporalDetails?: Record<string, Payload[]>;
        workflowTaskCompletedEventId: number;
        header?: Header;
      }
    | { type: 'UpsertWorkflowSearchAttributes'; searchAttributes: SearchAttributes; workflowTaskCompletedEventId: number }
    /** The workflow upserted memo keys (Temporal's WorkflowPropertiesModified): the values as written, removals included. */
    | { type: 'WorkflowPropertiesModified'; upsertedMemo: Memo; workflowTaskCompletedEventId: number }
    | {
        type: 'StartChildWorkflowExecutionInitiated';
        workflowId: string;
        workflowType: string;
        taskQueue: string;
        input: Payload[];
        parentClosePolicy: ParentClosePolicy;
        workflowExecutionTimeoutMs?: number;
        workflowRunTimeoutMs?: number;
        workflowTaskTimeoutMs?: number;
        workflowTaskCompletedEventId: number;
        /** The child's start header (its WorkflowExecutionStarted has it too). */
        header?: Header;
      }
    | {
        type: 'StartChildWorkflowExecutionFailed';
        workflowId: string;
        workflowType: string;
        cause: 'WORKFLOW_ALREADY_EXISTS';
        initiatedEventId: number;
      }
    | { type: 'ChildWorkflowExecutionStarted'; workflowId: string; runId: string; workflowType: string; initiatedEventId: number }
    | {
        type: 'ChildWorkflowExecutionCompleted';
        workflowId: string;
        runId: string;
        result?: Payload;
        initiatedEventId: number;
        startedEventId: number;
      }
    | {
        type: 'ChildWorkflowExecutionFailed';
        workflowId: string;
        runId: string;
        failure: Failure;
        retryState: RetryState;
        initiatedEventId: number;
        startedEventId: number;
      }
    | {
        type: 'ChildWorkflowExecutionCanceled';
        workflowId: string;
        runId: string;
        details?: Payload[];
        initiatedEventId: number;
        startedEventId: number;
      }
    | {
        type: 'ChildWorkflowExecutionTimedOut';
        workflowId: string;
        runId: string;
        retryState: RetryState;
        initiatedEventId: number;
        startedEventId: number;
      }
    | { type: 'ChildWorkflowExecutionTerminated'; workflowId: string; runId: string; initiatedEventId: number; startedEventId: number }
    | {
        type: 'SignalExternalWorkflowExecutionInitiated';
        workflowId: string;
        runId?: string;
        signalName: string;
        input: Payload[];
        childWorkflowOnly: boolean;
        workflowTaskCompletedEventId: number;
        /** The signal's header (the signalled run's WorkflowExecutionSignaled has it too). */
        header?: Header;
      }
    | { type: 'ExternalWorkflowExecutionSignaled'; workflowId: string; runId: string; initiatedEventId: number }
    | {
        type: 'SignalExternalWorkflowExecutionFailed';
        workflowId: string;
        cause: 'EXTERNAL_WORKFLOW_EXECUTION_NOT_FOUND';
        initiatedEventId: number;
      }
    | {
        type: 'RequestCancelExternalWorkflowExecutionInitiated';
        workflowId: string;
        runId?: string;
        childWorkflowOnly: boolean;
        workflowTaskCompletedEventId: number;
      }
    | { type: 'ExternalWorkflowExecutionCancelRequested'; workflowId: string; runId: string; initiatedEventId: number }
    | {
        type: 'WorkflowExecutionUpdateAccepted';
        updateId: string;
        name: string;
        input: Payload[];
        identity?: string;
        workflowTaskCompletedEventId: number;
        /** The update's header (its request's input.header): what the inbound interceptors' handleUpdate reads. */
        header?: Header;
      }
    | {
        type: 'WorkflowExecutionUpdateCompleted';
        updateId: string;
        acceptedEventId: number;
        result?: Payload;
        failure?: Failure;
        workflowTaskCompletedEventId: number;
      }
    | {
        type: 'RequestCancelExternalWorkflowExecutionFailed';
        workflowId: string;
        cause: 'EXTERNAL_WORKFLOW_EXECUTION_NOT_FOUND';
        initiatedEventId: number;
      }
  );

/**
 * One event of a run's history: `eventId` (1, 2, … without gaps), `eventTime`, and its `type` with that
 * type's fields (one tagged union, Temporal's event types and fields in plain JSON).
 */
export type HistoryEvent = EventMeta & HistoryEventBody;
export type HistoryEventType = HistoryEvent['type'];
export type EventOf<T extends HistoryEventType> = Extract<HistoryEvent, { type: T }>;

/** A whole history as exported by `rewind workflow show --output json` and loaded by the replayer. */
export interface History {
  events: HistoryEvent[];
  workflowId?: string;
  runId?: string;
}

/** Events that a workflow task's commands produce (they carry `workflowTaskCompletedEventId`). */
export const COMMAND_EVENT_TYPES = new Set<HistoryEventType>([
  'ActivityTaskScheduled',
  'ActivityTaskCancelRequested',
  'TimerStarted',
  'TimerCanceled',
  'MarkerRecorded',
  'UpsertWorkflowSearchAttributes',
  'WorkflowPropertiesModified',
  'StartChildWorkflowExecutionInitiated',
  'SignalExternalWorkflowExecutionInitiated',
  'RequestCancelExternalWorkflowExecutionInitiated',
  'WorkflowExecutionUpdateAccepted',
  'WorkflowExecutionUpdateCompleted',
  'WorkflowExecutionCompleted',
  'WorkflowExecutionFailed',
  'WorkflowExecutionCanceled',
  'WorkflowExecutionContinuedAsNew',
]);
