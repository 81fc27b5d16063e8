// Temporal's workflow-level history events (the run, its workflow tasks, signals, cancel requests,
// updates, search attributes, memo upserts) as Rewind's. Field names follow temporal/api/history/v1/message.proto.
import type { HistoryEventBody, JsonValue, SearchAttributes, WorkflowTaskFailedCause } from '../../protocol';
import { BAD_COMMAND_CAUSES } from '../../protocol';
import { convertFailure, optFailure, retryState, timeoutType, type EventIdMap } from './temporal-failure';
import { decodePayload, Fields, payloadBytes, payloadMessage } from './temporal-json';
import { payloadToValue } from '../../common/payload-message';
import type { Header } from '../../protocol/headers';
import { sdkMetadataOf } from './temporal-sdk-metadata';

/** What a mapper needs besides the event's attributes. */
export interface ConvertContext {
  ref: EventIdMap;
  /** The (renumbered) id of the last WorkflowTaskCompleted before this event: the task an update event belongs to. */
  lastTaskCompleted: number;
  /** Requests of updates admitted earlier, by update id (their Accepted event may leave the request out). */
  admitted: Map<string, Fields>;
  /** The run id to seed the workflow's randomness with when the started event has none. */
  runId: string;
}

export type EventMapper = (a: Fields, ctx: ConvertContext) => HistoryEventBody;

/** Temporal's SearchAttributes `{ indexedFields: { name: Payload } }`; a value is a list (a removed one is empty). */
export function searchAttributes(f: Fields, key: string): SearchAttributes | undefined {
  if (!f.has(key)) return undefined;
  const fields = f.child(key).child('indexedFields');
  const out: SearchAttributes = {};
  for (const name of fields.keys()) {
    const path = `${fields.path}.${name}`;
    const raw = fields.raw(name);
    const value = payloadBytes(raw, path).length === 0 ? undefined : decodePayload(raw, path);
    out[name] = value === undefined ? [] : Array.isArray(value) ? value : [value as JsonValue];
  }
  return out;
}

/**
 * Temporal's Header `{ fields: { name: Payload } }` as Rewind's header, each payload as the gRPC frontend
 * keeps it (json/plain as its JSON value, anything else byte for byte): what inbound interceptors read.
 */
export function header(f: Fields, key: string): Header | undefined {
  if (!f.has(key) || !f.child(key).has('fields')) return undefined;
  const fields = f.child(key).child('fields');
  const names = fields.keys();
  if (names.length === 0) return undefined;
  return Object.fromEntries(names.map((name) => [name, payloadToValue(payloadMessage(fields.raw(name), `${fields.path}.${name}`))]));
}

export function memo(f: Fields, key: string): Record<string, JsonValue | undefined> | undefined {
  return f.has(key) ? (f.child(key).payloadMap('fields') ?? {}) : undefined;
}

const REWIND_TASK_FAILED_CAUSES: readonly WorkflowTaskFailedCause[] = [
  'WORKFLOW_WORKER_UNHANDLED_FAILURE',
  'NON_DETERMINISTIC_ERROR',
  'UNHANDLED_COMMAND',
  'WORKFLOW_TYPE_NOT_REGISTERED',
  'BAD_COMMAND',
  'WORKER_LOST',
  'RESET_WORKFLOW',
  'PENDING_ACTIVITIES_LIMIT_EXCEEDED',
  'PENDING_CHILD_WORKFLOWS_LIMIT_EXCEEDED',
  'FORCE_CLOSE_COMMAND',
  ...BAD_COMMAND_CAUSES,
];

/** Temporal has ~30 causes; replay only needs to know the task did not count, so the rest fold into the nearest. */
function taskFailedCause(a: Fields): WorkflowTaskFailedCause {
  const cause = a.enumName('cause', 'WORKFLOW_TASK_FAILED_CAUSE_') ?? 'WORKFLOW_WORKER_UNHANDLED_FAILURE';
  if ((REWIND_TASK_FAILED_CAUSES as readonly string[]).includes(cause)) return cause as WorkflowTaskFailedCause;
  return cause.startsWith('BAD_') ? 'BAD_COMMAND' : 'WORKFLOW_WORKER_UNHANDLED_FAILURE';
}

function started(a: Fields, ctx: ConvertContext): Extract<HistoryEventBody, { type: 'WorkflowExecutionStarted' }> {
  const initiator = a.enumName('initiator', 'CONTINUE_AS_NEW_INITIATOR_');
  const parent = a.child('parentWorkflowExecution');
  const lastCompletion = a.payloads('lastCompletionResult');
  const continuedFailure = optFailure(a, 'continuedFailure', ctx.ref);
  const originalRunId = a.optStr('originalExecutionRunId') ?? ctx.runId;
  const opt = {
    workflowExecutionTimeoutMs: a.durationMs('workflowExecutionTimeout'),
    workflowRunTimeoutMs: a.durationMs('workflowRunTimeout'),
    continuedExecutionRunId: a.optStr('continuedExecutionRunId'),
    initiator: initiator === 'WORKFLOW' ? 'CONTINUE_AS_NEW' : initiator === 'CRON_SCHEDULE' ? 'CRON_SCHEDULE' : undefined,
    cronSchedule: a.optStr('cronSchedule'),
    firstWorkflowTaskBackoffMs: a.durationMs('firstWorkflowTaskBackoff'),
    lastCompletionResult: lastCompletion.length > 0 ? lastCompletion[0] : undefined,
    continuedFailure,
    parent: parent.has('workflowId')
      ? {
          namespace: a.str('parentWorkflowNamespace'),
          workflowId: parent.str('workflowId'),
          runId: parent.str('runId'),
          initiatedEventId: a.int('parentInitiatedEventId'),
        }
      : undefined,
    identity: a.optStr('identity'),
    memo: memo(a, 'memo'),
    searchAttributes: searchAttributes(a, 'searchAttributes'),
    header: header(a, 'header'),
  } as const;
  return {
    type: 'WorkflowExecutionStarted',
    workflowType: a.nameOf('workflowType'),
    taskQueue: a.nameOf('taskQueue'),
    input: a.payloads('input'),
    workflowTaskTimeoutMs: a.durationMs('workflowTaskTimeout') ?? 10_000,
    attempt: a.int('attempt') || 1,
    firstExecutionRunId: a.optStr('firstExecutionRunId') ?? originalRunId,
    originalExecutionRunId: originalRunId,
    ...definedOnly(opt),
  };
}

/** The object without its undefined fields (Rewind's events leave absent fields out). */
export function definedOnly<T extends object>(o: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}

/** The request of an update: in the Accepted event, or (when it was admitted first) in the Admitted event. */
function updateRequest(a: Fields, ctx: ConvertContext): Fields {
  const request = a.child('acceptedRequest');
  if (request.has('meta')) return request;
  const admitted = ctx.admitted.get(a.str('protocolInstanceId'));
  return admitted ?? request;
}

export const WORKFLOW_EVENT_MAPPERS = {
  WORKFLOW_EXECUTION_STARTED: started,
  WORKFLOW_EXECUTION_COMPLETED: (a, ctx) => ({
    type: 'WorkflowExecutionCompleted',
    workflowTaskCompletedEventId: ctx.ref(a.int('workflowTaskCompletedEventId')),
    ...definedOnly({ result: a.payload('result'), newExecutionRunId: a.optStr('newExecutionRunId') }),
  }),
  WORKFLOW_EXECUTION_FAILED: (a, ctx) => ({
    type: 'WorkflowExecutionFailed',
    failure: convertFailure(a.child('failure'), ctx.ref),
    retryState: retryState(a),
    workflowTaskCompletedEventId: ctx.ref(a.int('workflowTaskCompletedEventId')),
    ...definedOnly({ newExecutionRunId: a.optStr('newExecutionRunId') }),
  }),
  WORKFLOW_EXECUTION_TIMED_OUT: (a) => ({
    type: 'WorkflowExecutionTimedOut',
    retryState: retryState(a),
    ...definedOnly({ newExecutionRunId: a.optStr('newExecutionRunId') }),
  }),
  WORKFLOW_EXECUTION_CANCELED: (a, ctx) => ({
    type: 'WorkflowExecutionCanceled',
    workflowTaskCompletedEventId: ctx.ref(a.int('workflowTaskCompletedEventId')),
    ...definedOnly({ details: a.optPayloads('details') }),
  }),
  WORKFLOW_EXECUTION_TERMINATED: (a) => ({
    type: 'WorkflowExecutionTerminated',
    ...definedOnly({ reason: a.optStr('reason'), details: a.optPayloads('details'), identity: a.optStr('identity') }),
  }),
  WORKFLOW_EXECUTION_CONTINUED_AS_NEW: (a, ctx) => ({
    type: 'WorkflowExecutionContinuedAsNew',
    newExecutionRunId: a.str('newExecutionRunId'),
    workflowType: a.nameOf('workflowType'),
    taskQueue: a.nameOf('taskQueue'),
    input: a.payloads('input'),
    workflowTaskCompletedEventId: ctx.ref(a.int('workflowTaskCompletedEventId')),
    ...definedOnly({
      workflowRunTimeoutMs: a.durationMs('workflowRunTimeout'),
      workflowTaskTimeoutMs: a.durationMs('workflowTaskTimeout'),
    }),
  }),
  WORKFLOW_EXECUTION_CANCEL_REQUESTED: (a) => ({
    type: 'WorkflowExecutionCancelRequested',
    ...definedOnly({ cause: a.optStr('cause'), identity: a.optStr('identity') }),
  }),
  WORKFLOW_EXECUTION_SIGNALED: (a) => ({
    type: 'WorkflowExecutionSignaled',
    signalName: a.name('signalName'),
    input: a.payloads('input'),
    ...definedOnly({ identity: a.optStr('identity'), header: header(a, 'header') }),
  }),
  WORKFLOW_TASK_SCHEDULED: (a) => {
    const queue = a.child('taskQueue');
    // A task for a worker's sticky queue: its normal queue is the run's, the sticky one is said beside it.
    const sticky = queue.enumName('kind', 'TASK_QUEUE_KIND_') === 'STICKY' && queue.optStr('normalName');
    return {
      type: 'WorkflowTaskScheduled',
      taskQueue: sticky ? queue.str('normalName') : queue.str('name'),
      startToCloseTimeoutMs: a.durationMs('startToCloseTimeout') ?? 10_000,
      attempt: a.int('attempt') || 1,
      ...(sticky ? { stickyTaskQueue: queue.str('name') } : {}),
    };
  },
  WORKFLOW_TASK_STARTED: (a, ctx) => ({
    type: 'WorkflowTaskStarted',
    scheduledEventId: ctx.ref(a.int('scheduledEventId')),
    // Temporal's server counts its own (protobuf) bytes; a replay reads them back as Temporal's SDK does.
    ...definedOnly({
      identity: a.optStr('identity'),
      historySizeBytes: a.has('historySizeBytes') ? a.int('historySizeBytes') : undefined,
      suggestContinueAsNew: a.has('suggestContinueAsNew') ? a.bool('suggestContinueAsNew') : undefined,
    }),
  }),
  WORKFLOW_TASK_COMPLETED: (a, ctx) => ({
    type: 'WorkflowTaskCompleted',
    scheduledEventId: ctx.ref(a.int('scheduledEventId')),
    startedEventId: ctx.ref(a.int('startedEventId')),
    ...definedOnly({ identity: a.optStr('identity'), sdkMetadata: sdkMetadataOf(a, 'a WorkflowTaskCompleted event') }),
  }),
  WORKFLOW_TASK_FAILED: (a, ctx) => {
    const cause = taskFailedCause(a);
    return {
      type: 'WorkflowTaskFailed',
      scheduledEventId: ctx.ref(a.int('scheduledEventId')),
      startedEventId: ctx.ref(a.int('startedEventId')),
      cause,
      failure: optFailure(a, 'failure', ctx.ref) ?? {
        message: cause,
        info: { type: 'application', errorType: cause, nonRetryable: false },
      },
      ...definedOnly({ identity: a.optStr('identity'), baseRunId: a.optStr('baseRunId') }),
      // sdk-core reseeds from the new run id of a reset, an empty one included.
      ...(cause === 'RESET_WORKFLOW' ? { newRunId: a.str('newRunId') } : {}),
    };
  },
  WORKFLOW_TASK_TIMED_OUT: (a, ctx) => ({
    type: 'WorkflowTaskTimedOut',
    scheduledEventId: ctx.ref(a.int('scheduledEventId')),
    startedEventId: ctx.ref(a.int('startedEventId')),
    timeoutType: timeoutType(a),
  }),
  UPSERT_WORKFLOW_SEARCH_ATTRIBUTES: (a, ctx) => ({
    type: 'UpsertWorkflowSearchAttributes',
    searchAttributes: searchAttributes(a, 'searchAttributes') ?? {},
    workflowTaskCompletedEventId: ctx.ref(a.int('workflowTaskCompletedEventId')),
  }),
  WORKFLOW_PROPERTIES_MODIFIED: (a, ctx) => ({
    type: 'WorkflowPropertiesModified',
    // A key upserted with no value (binary/null) is removed: kept as null, which removes it too.
    upsertedMemo: Object.fromEntries(Object.entries(memo(a, 'upsertedMemo') ?? {}).map(([k, v]) => [k, v ?? null])),
    workflowTaskCompletedEventId: ctx.ref(a.int('workflowTaskCompletedEventId')),
  }),
  WORKFLOW_EXECUTION_UPDATE_ACCEPTED: (a, ctx) => {
    const request = updateRequest(a, ctx);
    const meta = request.child('meta');
    const input = request.child('input');
    return {
      type: 'WorkflowExecutionUpdateAccepted',
      updateId: meta.name('updateId'),
      name: input.name('name'),
      input: input.payloads('args'),
      workflowTaskCompletedEventId: ctx.lastTaskCompleted,
      ...definedOnly({ identity: meta.optStr('identity'), header: header(input, 'header') }),
    };
  },
  WORKFLOW_EXECUTION_UPDATE_COMPLETED: (a, ctx) => {
    const outcome = a.child('outcome');
    return {
      type: 'WorkflowExecutionUpdateCompleted',
      updateId: a.child('meta').name('updateId'),
      acceptedEventId: ctx.ref(a.int('acceptedEventId')),
      workflowTaskCompletedEventId: ctx.lastTaskCompleted,
      ...definedOnly({
        result: outcome.has('success') ? outcome.payload('success') : undefined,
        failure: optFailure(outcome, 'failure', ctx.ref),
      }),
    };
  },
} satisfies Record<string, EventMapper>;
