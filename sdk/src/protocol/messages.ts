// The protocol between the server and everything that talks to it (client, worker, CLI, extension):
// JSON-RPC 2.0 over one WebSocket. Each request method has a params schema (validated by the server)
// and a result type; notifications go from the server to the peer that subscribed or registered.
import type { Command } from './commands';
import { commandSchema } from './command-schema';
import type { Failure } from './failure';
import { failureSchema } from './failure-schema';
import { headerSchema, userMetadataSchema, type Header, type UserMetadata } from './headers';
import type { ExecutionStatus, HistoryEvent, WorkflowTaskFailedCause } from './history';
import type { SearchAttributeTypes } from './search-attribute-types';
import type { SearchAttributes } from './search-attributes';
import { cronScheduleSchema, durationMs, newWorkflowFields, retryPolicySchema } from './new-workflow-fields';
import type { Payload } from './payload';
import { scheduleRequestSchemas, type ScheduleResults } from './schedules';
import { searchAttributeRequestSchemas, type SearchAttributeResults } from './search-attribute-types';
import { taskQueueRequestSchemas, type TaskQueueResults } from './task-queues';
import { array, bool, int, literal, name, object, optional, payload, Schema, str, type Infer } from './schema';

export const PROTOCOL_VERSION = 1;
/** Temporal's default port, so that existing client code connects unchanged. */
export const DEFAULT_PORT = 7233;
export const DEFAULT_ADDRESS = `127.0.0.1:${DEFAULT_PORT}`;
export const DEFAULT_NAMESPACE = 'default';
export { MAX_MESSAGE_BYTES, MAX_PAYLOAD_BYTES } from './limits';

const ns = () => name();
const identity = () => optional(str({ max: 1000 }));

export const workflowIdReusePolicySchema = literal(
  'ALLOW_DUPLICATE',
  'ALLOW_DUPLICATE_FAILED_ONLY',
  'REJECT_DUPLICATE',
  'TERMINATE_IF_RUNNING',
);
export type WorkflowIdReusePolicy = Infer<typeof workflowIdReusePolicySchema>;

/** What a start does when a run with the same workflow id is running (Temporal's WorkflowIdConflictPolicy). */
export const workflowIdConflictPolicySchema = literal('FAIL', 'USE_EXISTING', 'TERMINATE_EXISTING');
export type WorkflowIdConflictPolicy = Infer<typeof workflowIdConflictPolicySchema>;

const execution = {
  namespace: ns(),
  workflowId: name(),
  runId: optional(name()),
};

/** What every request that starts a workflow carries (start, signal-with-start, update-with-start). */
const startFields = () => ({
  namespace: ns(),
  ...newWorkflowFields(),
  cronSchedule: cronScheduleSchema(),
  /** Wait this long before the first workflow task (Temporal's startDelay). */
  startDelayMs: durationMs(),
  /** A failed or timed-out run is retried in a new run of the same workflow id (Temporal's workflow retry policy). */
  retryPolicy: optional(retryPolicySchema),
  requestId: name(),
  identity: identity(),
  workflowIdReusePolicy: optional(workflowIdReusePolicySchema),
  /** Context for the run's interceptors (kept on its WorkflowExecutionStarted). */
  header: headerSchema(),
  /** Its summary and details for user interfaces. */
  userMetadata: userMetadataSchema(),
});

export const requestSchemas = {
  handshake: object({
    protocolVersion: int({ min: 1 }),
    client: str({ min: 1, max: 100 }),
    identity: identity(),
  }),
  'namespace.list': object({}),
  'namespace.describe': object({ namespace: ns() }),
  'namespace.register': object({ namespace: ns(), description: optional(str({ max: 10_000 })) }),
  'workflow.start': object({
    ...startFields(),
    workflowIdConflictPolicy: optional(workflowIdConflictPolicySchema),
  }),
  'workflow.signalWithStart': object({
    /** Its header is both the start's and the signal's (as Temporal's SignalWithStart has one). */
    ...startFields(),
    signalName: name(),
    signalArgs: array(payload()),
  }),
  /**
   * Update-with-start (Temporal's ExecuteMultiOperation of a start and an update): starts the workflow
   * unless one runs with its id (then the conflict policy, required here, decides: USE_EXISTING updates
   * it, FAIL refuses with ALREADY_EXISTS and sends no update), and hands it the update, in one
   * transaction; answers when the update reaches `update.waitForStage` (a rejected one at once).
   * `cronSchedule` and `startDelayMs` are refused (INVALID_ARGUMENT), as Temporal's server refuses them.
   */
  'workflow.updateWithStart': object({
    ...startFields(),
    workflowIdConflictPolicy: workflowIdConflictPolicySchema,
    update: object({
      updateId: name(),
      name: name(),
      args: array(payload()),
      waitForStage: literal('ACCEPTED', 'COMPLETED'),
      /** The update's header (Temporal's request input.header): what the workflow's inbound interceptors read. */
      header: headerSchema(),
    }),
  }),
  'workflow.signal': object({
    ...execution,
    signalName: name(),
    args: array(payload()),
    requestId: optional(name()),
    identity: identity(),
    header: headerSchema(),
  }),
  'workflow.query': object({ ...execution, queryType: name(), args: array(payload()), header: headerSchema() }),
  'workflow.update': object({
    ...execution,
    updateId: name(),
    /** Without a name (and args), asks after an update sent before: NOT_FOUND if there was none. */
    name: optional(name()),
    args: optional(array(payload())),
    waitForStage: literal('ACCEPTED', 'COMPLETED'),
    identity: identity(),
    /** The update's header (Temporal's request input.header): what the workflow's inbound interceptors read. */
    header: headerSchema(),
  }),
  'workflow.cancel': object({ ...execution, reason: optional(str({ max: 10_000 })), identity: identity() }),
  'workflow.terminate': object({
    ...execution,
    reason: optional(str({ max: 10_000 })),
    details: optional(array(payload())),
    identity: identity(),
  }),
  'workflow.describe': object(execution),
  'workflow.history': object({
    ...execution,
    fromEventId: optional(int({ min: 1 })),
    toEventId: optional(int({ min: 1 })),
    maxEvents: optional(int({ min: 1, max: 100_000 })),
  }),
  'workflow.result': object({ ...execution, followRuns: optional(bool()) }),
  'workflow.list': object({
    namespace: ns(),
    pageSize: optional(int({ min: 1, max: 10_000 })),
    nextPageToken: optional(str({ max: 1000 })),
    /** A filter: `WorkflowType = 'order' AND ExecutionStatus = 'Running' AND Customer = 'ada'`. */
    query: optional(str({ max: 10_000 })),
  }),
  'workflow.count': object({ namespace: ns(), query: optional(str({ max: 10_000 })) }),
  'workflow.delete': object({ ...execution, identity: identity() }),
  /** The run's events from `fromEventId`, then a `history.events` notification for each change until it closes. */
  'workflow.watch': object({ ...execution, watchId: name(), fromEventId: optional(int({ min: 1 })) }),
  'workflow.unwatch': object({ watchId: name() }),
  /**
   * From now on, `executions.changed` notifications for the namespace's runs that start, close, or change search
   * attributes; with a query (the language of `workflow.list`), only the runs that match it. Watching again with
   * the same watchId replaces the watch (a new query).
   */
  'executions.watch': object({ namespace: ns(), watchId: name(), query: optional(str({ max: 10_000 })) }),
  'executions.unwatch': object({ watchId: name() }),
  /** A new run from a workflow task of this one (given, or the first or last); the old run, if running, is terminated. */
  'workflow.reset': object({
    ...execution,
    eventId: optional(int({ min: 1 })),
    type: optional(literal('FirstWorkflowTask', 'LastWorkflowTask')),
    reason: optional(str({ max: 10_000 })),
    identity: identity(),
  }),
  ...scheduleRequestSchemas,
  ...taskQueueRequestSchemas,
  ...searchAttributeRequestSchemas,
  'worker.register': object({
    namespace: ns(),
    taskQueue: name(),
    workerId: name(),
    identity: identity(),
    workflowTypes: array(name(), { max: 10_000 }),
    activityTypes: array(name(), { max: 10_000 }),
    maxConcurrentWorkflowTasks: int({ min: 0, max: 100_000 }),
    maxConcurrentActivities: int({ min: 0, max: 100_000 }),
    /** Tasks this worker is still running from before a reconnect: their leases are kept. */
    runningTasks: array(name(), { max: 100_000 }),
    /** A hash of the workflow code, to tell when workers on one queue run different code. */
    buildId: optional(str({ max: 200 })),
    /**
     * The absolute path of the workflows module it runs (its `workflowsPath`, or the one a bundle was made
     * from): where a debugger finds the code that replays its runs. Absent from older workers and Temporal's.
     */
    workflowsPath: optional(str({ min: 1, max: 4096 })),
  }),
  'worker.unregister': object({ workerId: name() }),
  'workflowTask.complete': object({
    taskToken: name(),
    commands: array(commandSchema, { max: 10_000 }),
    /** The SDK's name and version and the flags of the behaviours it used first in this task (WorkflowTaskCompleted.sdkMetadata). */
    sdkMetadata: optional(
      object({
        coreUsedFlags: optional(array(int({ min: 0, max: 0xffff_ffff }), { max: 1000 })),
        langUsedFlags: optional(array(int({ min: 0, max: 0xffff_ffff }), { max: 1000 })),
        sdkName: optional(str({ max: 200 })),
        sdkVersion: optional(str({ max: 200 })),
      }),
    ),
  }),
  'workflowTask.fail': object({
    taskToken: name(),
    cause: literal('WORKFLOW_WORKER_UNHANDLED_FAILURE', 'NON_DETERMINISTIC_ERROR', 'WORKFLOW_TYPE_NOT_REGISTERED'),
    failure: failureSchema,
  }),
  'activityTask.complete': object({ taskToken: name(), result: payload() }),
  'activityTask.fail': object({
    taskToken: name(),
    failure: failureSchema,
    /** The details of the attempt's last heartbeat, which throttling may not have sent yet. */
    lastHeartbeatDetails: optional(array(payload())),
  }),
  'activityTask.cancelled': object({ taskToken: name(), details: optional(array(payload())) }),
  'activityTask.heartbeat': object({ taskToken: name(), details: optional(array(payload())) }),
  'queryTask.respond': object({
    queryId: name(),
    result: payload(),
    failure: optional(failureSchema),
  }),
} satisfies Record<string, Schema<unknown>>;

export type RequestMethod = keyof typeof requestSchemas;
export type RequestParams<M extends RequestMethod> = Infer<(typeof requestSchemas)[M]>;

export interface NamespaceInfo {
  name: string;
  description?: string;
  createdAt: string;
  /** Kept for Temporal's tools (RegisterNamespace / UpdateNamespace); Rewind sends no mail. */
  ownerEmail?: string;
  /** The retention Temporal's tools set, described back; Rewind keeps every history whatever it says. */
  retentionMs?: number;
  /** Temporal's namespace data: strings by key, kept and described back. */
  data?: Record<string, string>;
}

export type WorkflowOutcome =
  | { status: 'COMPLETED'; result?: Payload; newRunId?: string }
  | { status: 'FAILED'; failure: Failure; newRunId?: string }
  | { status: 'CANCELLED'; details?: Payload[] }
  | { status: 'TERMINATED'; reason?: string }
  | { status: 'TIMED_OUT'; newRunId?: string }
  | { status: 'CONTINUED_AS_NEW'; newRunId: string };

/** The run that follows a closed one (continue-as-new, or the next run of a cron workflow), if any. */
export function nextRunIdOf(outcome: WorkflowOutcome): string | undefined {
  return 'newRunId' in outcome ? outcome.newRunId : undefined;
}

/** Where an update stands: accepted (its handler runs), or completed with a result or failure (or rejected). */
export interface UpdateOutcome {
  updateId: string;
  runId: string;
  stage: 'ACCEPTED' | 'COMPLETED';
  result?: Payload;
  failure?: Failure;
  /** True when the validator refused it (it never ran and is not in history). */
  rejected?: boolean;
}

/** An update request the workflow has not accepted or rejected yet (sent with a workflow task). */
export interface UpdateRequest {
  updateId: string;
  name: string;
  args: Payload[];
  identity?: string;
  /** The header the update was sent with (context interceptors and tracing add). */
  header?: Header;
}

export interface WorkflowExecutionInfo {
  namespace: string;
  workflowId: string;
  runId: string;
  workflowType: string;
  taskQueue: string;
  status: ExecutionStatus;
  startTime: string;
  closeTime?: string;
  historyLength: number;
  memo?: Record<string, Payload>;
  searchAttributes?: SearchAttributes;
}

export interface PendingActivityInfo {
  activityId: string;
  activityType: string;
  scheduledEventId: number;
  state: 'SCHEDULED' | 'STARTED' | 'BACKOFF' | 'CANCEL_REQUESTED';
  attempt: number;
  maximumAttempts: number;
  lastFailure?: Failure;
  heartbeatDetails?: Payload[];
  lastHeartbeatTime?: string;
  lastStartedTime?: string;
  nextAttemptScheduleTime?: string;
  lastWorkerIdentity?: string;
}

export interface PendingWorkflowTaskInfo {
  state: 'SCHEDULED' | 'STARTED' | 'BACKOFF';
  attempt: number;
  scheduledTime: string;
  startedTime?: string;
  lastFailure?: Failure;
  /** In BACKOFF: when the task will be scheduled (after a failed attempt, a start delay, or at a cron time). */
  nextAttemptScheduleTime?: string;
  /** Why the task is not running, when that can be told (no worker on the queue, …). */
  waitingReason?: string;
}

/** A child workflow the run started, or is starting, and has not yet heard the end of. */
export interface PendingChildInfo {
  workflowId: string;
  /** Once it started. */
  runId?: string;
  workflowType: string;
  initiatedEventId: number;
  parentClosePolicy: 'TERMINATE' | 'ABANDON' | 'REQUEST_CANCEL';
}

/** Where the failure that closed a run happened, as its history tells. */
export type FailureSite =
  /** An activity of the run (the failure's chain holds its ActivityFailure): the attempt that failed last. */
  | { type: 'activity'; activityId: string; activityType: string; attempt: number }
  /** The workflow code threw it, in the workflow task that completed at this event. */
  | { type: 'workflowTask'; workflowTaskCompletedEventId: number };

/** Why a run that did not complete closed: FAILED, TIMED_OUT, TERMINATED or CANCELLED. */
export interface CloseReason {
  /** FAILED: the workflow's failure, with its cause chain; otherwise the server's words (which timeout, the reason given). */
  failure: Failure;
  site?: FailureSite;
  /** Who terminated or cancelled it (the identity its request gave). */
  identity?: string;
}

export interface WorkflowDescription extends WorkflowExecutionInfo {
  firstExecutionRunId: string;
  pendingActivities: PendingActivityInfo[];
  pendingTimers: { timerId: string; fireTime: string }[];
  pendingWorkflowTask?: PendingWorkflowTaskInfo;
  /** Children not yet closed (older servers leave it out). */
  pendingChildren?: PendingChildInfo[];
  /** Set for a child workflow: the run that started it. */
  parent?: { workflowId: string; runId: string };
  /** Set when the run closed without completing: why (older servers leave it out). */
  closeReason?: CloseReason;
  /** The summary and details the run was started with, if any. */
  userMetadata?: UserMetadata;
  /** The types its namespace registered for its search attributes (older servers leave it out). */
  searchAttributeTypes?: SearchAttributeTypes;
  /** The timeouts the run was started with (Temporal's executionConfig; none when left out). */
  workflowExecutionTimeoutMs?: number;
  workflowRunTimeoutMs?: number;
  workflowTaskTimeoutMs?: number;
}

/**
 * Why a started run cannot run yet: no worker polls its task queue (NO_WORKER; one may come later),
 * none does but workers on other queues have the type (TYPE_ON_OTHER_TASK_QUEUE), or the queue's workers
 * lack the type (TYPE_NOT_REGISTERED). `message` names what is registered, and the closest name.
 */
export interface StartWarning {
  code: 'NO_WORKER' | 'TYPE_ON_OTHER_TASK_QUEUE' | 'TYPE_NOT_REGISTERED';
  message: string;
}

/** What a start answers; `warning` is new (older servers leave it out). */
export interface StartResult {
  runId: string;
  started: boolean;
  warning?: StartWarning;
}

export interface RequestResults extends ScheduleResults, TaskQueueResults, SearchAttributeResults {
  handshake: { protocolVersion: number; serverVersion: string; serverTime: string };
  'namespace.list': { namespaces: NamespaceInfo[] };
  'namespace.describe': NamespaceInfo;
  'namespace.register': NamespaceInfo;
  'workflow.start': StartResult;
  'workflow.signalWithStart': StartResult;
  'workflow.signal': Record<string, never>;
  'workflow.query': { result?: Payload };
  'workflow.update': UpdateOutcome;
  /** The start's answer (`started` false when the update went to the running workflow) and the update's. */
  'workflow.updateWithStart': StartResult & { update: UpdateOutcome };
  'workflow.cancel': Record<string, never>;
  'workflow.terminate': Record<string, never>;
  'workflow.describe': WorkflowDescription;
  'workflow.history': { runId: string; events: HistoryEvent[]; nextEventId: number; closed: boolean };
  /** `failureSite`: where a FAILED outcome's failure happened (older servers leave it out). */
  'workflow.result': { runId: string; outcome: WorkflowOutcome; failureSite?: FailureSite };
  'workflow.list': { executions: WorkflowExecutionInfo[]; nextPageToken?: string };
  'workflow.count': { count: number };
  'workflow.delete': Record<string, never>;
  'workflow.watch': { runId: string; events: HistoryEvent[]; closed: boolean };
  'workflow.unwatch': Record<string, never>;
  'executions.watch': Record<string, never>;
  'executions.unwatch': Record<string, never>;
  'workflow.reset': { runId: string };
  'worker.register': Record<string, never>;
  'worker.unregister': Record<string, never>;
  'workflowTask.complete': Record<string, never>;
  'workflowTask.fail': Record<string, never>;
  'activityTask.complete': Record<string, never>;
  'activityTask.fail': Record<string, never>;
  'activityTask.cancelled': Record<string, never>;
  'activityTask.heartbeat': { cancelRequested: boolean };
  'queryTask.respond': Record<string, never>;
}
export type RequestResult<M extends RequestMethod> = RequestResults[M];

export interface WorkflowTask {
  workerId: string;
  taskToken: string;
  namespace: string;
  workflowId: string;
  runId: string;
  workflowType: string;
  attempt: number;
  startedEventId: number;
  /** The started event of the last task that completed; 0 when none has. */
  previousStartedEventId: number;
  /** Events from `events[0].eventId` to `startedEventId`: the whole history unless the worker has the run cached. */
  events: HistoryEvent[];
  /** Updates to deliver in this task (they are not in history until accepted). */
  updates?: UpdateRequest[];
}

export interface ActivityTask {
  workerId: string;
  taskToken: string;
  namespace: string;
  taskQueue: string;
  workflowId: string;
  runId: string;
  workflowType: string;
  activityId: string;
  activityType: string;
  args: Payload[];
  attempt: number;
  scheduledTime: string;
  currentAttemptScheduledTime: string;
  startedTime: string;
  scheduleToCloseTimeoutMs?: number;
  startToCloseTimeoutMs?: number;
  heartbeatTimeoutMs?: number;
  heartbeatDetails?: Payload[];
  /** The header the workflow scheduled the activity with. */
  header?: Header;
}

export interface QueryTask {
  workerId: string;
  queryId: string;
  namespace: string;
  workflowId: string;
  runId: string;
  workflowType: string;
  queryType: string;
  args: Payload[];
  header?: Header;
}

/**
 * Why the server stops a running activity attempt: its workflow asked (`CANCELLED`), the attempt timed out
 * (`TIMED_OUT`: start-to-close, heartbeat or schedule-to-close), or the activity is gone (`NOT_FOUND`: its
 * workflow closed). Temporal's `CancelReason` names, which a worker gives the activity.
 */
export type ActivityCancelReason = 'CANCELLED' | 'TIMED_OUT' | 'NOT_FOUND';

export interface Notifications {
  'task.workflow': WorkflowTask;
  'task.activity': ActivityTask;
  'task.query': QueryTask;
  /** Stop a running activity attempt, saying why (absent from older servers: `CANCELLED`). */
  'activity.cancel': { workerId: string; taskToken: string; reason?: ActivityCancelReason };
  /** New events of a watched run (`workflow.watch`); `closed` with its last ones. */
  'history.events': { watchId: string; runId: string; events: HistoryEvent[]; closed: boolean };
  /**
   * Runs of a watched namespace that started, closed or changed (`executions.watch`), and runs that left the list:
   * deleted, or (for a watch with a query) changed so that they no longer match it; batched.
   */
  'executions.changed': { watchId: string; executions: WorkflowExecutionInfo[]; deletedRunIds: string[] };
}
export type NotificationMethod = keyof Notifications;

/** Status names of application errors (the same words as gRPC's, which Temporal uses). */
export type ErrorStatus =
  | 'INVALID_ARGUMENT'
  | 'NOT_FOUND'
  | 'ALREADY_EXISTS'
  | 'FAILED_PRECONDITION'
  | 'RESOURCE_EXHAUSTED'
  | 'UNAVAILABLE'
  | 'INTERNAL'
  | 'UNAUTHENTICATED'
  | 'PERMISSION_DENIED'
  // Set by the client, never sent by the server: a call's deadline passed, or its abort signal fired.
  | 'DEADLINE_EXCEEDED'
  | 'CANCELLED';

/** The `data` of a JSON-RPC error: a status and the facts a client needs to build a typed error. */
export interface ErrorData {
  status: ErrorStatus;
  /** For typed errors: the name of the error class the client raises (WorkflowNotFoundError, …). */
  name?: string;
  workflowId?: string;
  runId?: string;
  queryType?: string;
  failure?: Failure;
}

export const JSON_RPC_ERRORS = {
  PARSE_ERROR: -32700,
  INVALID_REQUEST: -32600,
  METHOD_NOT_FOUND: -32601,
  INVALID_PARAMS: -32602,
  INTERNAL_ERROR: -32603,
  /** Errors of the application (see ErrorData.status). */
  APPLICATION_ERROR: -32000,
} as const;

export type { Command, WorkflowTaskFailedCause };
