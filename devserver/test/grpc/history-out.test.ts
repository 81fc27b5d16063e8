// Rewind's history events as Temporal's: every event type, converted, through protobuf bytes and proto3 JSON, and read back by Rewind's own reader of Temporal histories (the oracle), comes back as it was.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type {
  EventOf,
  Failure,
  History,
  HistoryEvent,
  HistoryEventBody,
  HistoryEventType,
  JsonValue,
  Payload,
  WorkflowTaskFailedCause,
} from '@rewind/sdk/protocol';
import { BAD_COMMAND_CAUSES, LOCAL_ACTIVITY_MARKER, PATCH_MARKER, type BadCommandCause } from '@rewind/sdk/protocol';
import { convertTemporalHistory } from '@rewind/sdk/internal/worker/temporal-history/temporal-history';
import { historyEventOut, historyEventsOut } from '../../src/grpc/history-out';
import { payloadIn, payloadsIn } from '../../src/grpc/payloads';
import { num, temporal } from '../../src/grpc/proto';
import { protoJson, readBack, throughBytes } from './proto-history';

const T0 = Date.parse('2024-05-01T12:00:00.000Z');

/** Builds a history whose ids and references hang together, as the reader needs them. */
class HistoryBuilder {
  readonly events: HistoryEvent[] = [];

  add(body: HistoryEventBody): number {
    const eventId = this.events.length + 1;
    this.events.push({ eventId, eventTime: new Date(T0 + eventId * 1001).toISOString(), ...body } as HistoryEvent);
    return eventId;
  }

  /** A workflow task that ran and completed; its completed event's id. */
  task(extra: Partial<EventOf<'WorkflowTaskCompleted'>> = {}): number {
    const scheduledEventId = this.add({ type: 'WorkflowTaskScheduled', taskQueue: 'orders', startToCloseTimeoutMs: 10_000, attempt: 1 });
    const startedEventId = this.add({ type: 'WorkflowTaskStarted', scheduledEventId, identity: '42@worker' });
    return this.add({ type: 'WorkflowTaskCompleted', scheduledEventId, startedEventId, identity: '42@worker', ...extra });
  }
}

const b64 = (text: string | Buffer): string => Buffer.from(text).toString('base64');
/** A value as Rewind keeps a payload it does not read as JSON (what a codec or protobuf writes). */
const encoded = (encoding: string, data: Buffer, more: Record<string, string> = {}): JsonValue => ({
  '$rewind:encoded': {
    metadata: { encoding: b64(encoding), ...Object.fromEntries(Object.entries(more).map(([k, v]) => [k, b64(v)])) },
    data: b64(data),
  },
});

const PROTOBUF = encoded('binary/protobuf', Buffer.from([0x0a, 0x03, 0x61, 0x62, 0x63]), { messageType: 'orders.v1.Order' });
const ENCRYPTED = encoded('binary/encrypted', Buffer.from([0xde, 0xad, 0xbe, 0xef, 0x00]), { 'encryption-key-id': 'k1' });
const NULL = encoded('binary/null', Buffer.alloc(0));
const NOT_CANONICAL_JSON = encoded('json/plain', Buffer.from('{ "spaced" : 1 }'));

const VALUES: Payload[] = ['order-1', 42, 1.5, true, null, { nested: { list: [1, 'two', null] } }, ['a', 'b'], 'ünïcødé ✓'];
const ENCODED_VALUES: Payload[] = [PROTOBUF, ENCRYPTED, NULL, NOT_CANONICAL_JSON];

const APPLICATION: Failure = {
  message: 'card declined',
  stackTrace: 'Error: card declined\n    at charge (activities.ts:3:9)',
  source: 'TypeScriptSDK',
  info: {
    type: 'application',
    errorType: 'CardDeclined',
    nonRetryable: true,
    details: [{ code: 51 }, 'retry later'],
    nextRetryDelayMs: 2500,
  },
};
const ACTIVITY: Failure = {
  message: 'Activity task failed',
  source: 'RewindServer',
  info: {
    type: 'activity',
    activityType: 'charge',
    activityId: '1',
    retryState: 'MAXIMUM_ATTEMPTS_REACHED',
    scheduledEventId: 5,
    startedEventId: 6,
    identity: '42@worker',
  },
  cause: APPLICATION,
};
const HEARTBEAT_TIMEOUT: Failure = {
  message: 'activity Heartbeat timeout',
  source: 'RewindServer',
  info: { type: 'timeout', timeoutType: 'HEARTBEAT', lastHeartbeatDetails: [{ progress: 3 }] },
  cause: { message: 'cancelled', info: { type: 'cancelled', details: ['by the user'] } },
};
const CHILD: Failure = {
  message: 'Child Workflow execution failed',
  info: {
    type: 'childWorkflow',
    namespace: 'default',
    workflowId: 'child-2',
    runId: 'run-child-2',
    workflowType: 'shipWorkflow',
    retryState: 'NON_RETRYABLE_FAILURE',
    initiatedEventId: 20,
    startedEventId: 21,
  },
  cause: {
    message: 'terminated',
    info: { type: 'terminated' },
    cause: { message: 'internal', info: { type: 'server', nonRetryable: true } },
  },
};

const RETRY = {
  initialIntervalMs: 1500,
  backoffCoefficient: 1.5,
  maximumIntervalMs: 60_000,
  maximumAttempts: 5,
  nonRetryableErrorTypes: ['CardDeclined'],
};

/** A started event with every optional field Rewind has. */
function fullStart(b: HistoryBuilder, input: Payload[] = VALUES): void {
  b.add({
    type: 'WorkflowExecutionStarted',
    workflowType: 'orderWorkflow',
    taskQueue: 'orders',
    input,
    workflowExecutionTimeoutMs: 86_400_000,
    workflowRunTimeoutMs: 3_600_000,
    workflowTaskTimeoutMs: 15_000,
    attempt: 2,
    firstExecutionRunId: 'run-first',
    originalExecutionRunId: 'run-this',
    continuedExecutionRunId: 'run-before',
    initiator: 'CRON_SCHEDULE',
    cronSchedule: '*/5 * * * *',
    firstWorkflowTaskBackoffMs: 299_500,
    lastCompletionResult: { total: 12.5 },
    continuedFailure: APPLICATION,
    parent: { namespace: 'default', workflowId: 'parent-1', runId: 'run-parent', initiatedEventId: 7 },
    identity: 'cli@host',
    memo: { owner: 'ops', tags: ['a'], none: null },
    searchAttributes: {
      CustomerId: ['c-1'],
      Amount: [12],
      Ratio: [0.25],
      Paid: [true],
      DueAt: ['2024-05-02T00:00:00.000Z'],
      Tags: ['x', 'y'],
      Removed: [],
      Pairs: [[1, 2]],
      Mixed: [1, 'a'],
      Shape: [{ w: 1 }],
    },
  });
}

/** A run that does everything a workflow can ask for, with one event of each of those types. */
function commandsHistory(): History {
  const b = new HistoryBuilder();
  fullStart(b);
  let wtc = b.task({ sdkMetadata: { coreUsedFlags: [1, 2], langUsedFlags: [1], sdkName: 'temporal-typescript', sdkVersion: '1.24.0' } });
  // Activities: one failed after a retry, one timed out, one cancelled.
  const charge = b.add({
    type: 'ActivityTaskScheduled',
    activityId: '1',
    activityType: 'charge',
    taskQueue: 'payments',
    input: ['order-1', 12.5],
    scheduleToCloseTimeoutMs: 600_000,
    scheduleToStartTimeoutMs: 60_000,
    startToCloseTimeoutMs: 30_000,
    heartbeatTimeoutMs: 5_000,
    retryPolicy: RETRY,
    workflowTaskCompletedEventId: wtc,
  });
  const chargeStarted = b.add({
    type: 'ActivityTaskStarted',
    scheduledEventId: charge,
    attempt: 5,
    identity: '42@worker',
    lastFailure: APPLICATION,
  });
  b.add({
    type: 'ActivityTaskFailed',
    scheduledEventId: charge,
    startedEventId: chargeStarted,
    failure: APPLICATION,
    retryState: 'MAXIMUM_ATTEMPTS_REACHED',
    identity: '42@worker',
  });
  const slow = b.add({
    type: 'ActivityTaskScheduled',
    activityId: 'slow',
    activityType: 'pack',
    taskQueue: 'orders',
    input: [],
    startToCloseTimeoutMs: 1000,
    retryPolicy: { ...RETRY, maximumAttempts: 0, nonRetryableErrorTypes: [] },
    workflowTaskCompletedEventId: wtc,
  });
  const slowStarted = b.add({ type: 'ActivityTaskStarted', scheduledEventId: slow, attempt: 1 });
  b.add({
    type: 'ActivityTaskTimedOut',
    scheduledEventId: slow,
    startedEventId: slowStarted,
    failure: HEARTBEAT_TIMEOUT,
    retryState: 'TIMEOUT',
  });
  const ship = b.add({
    type: 'ActivityTaskScheduled',
    activityId: 'ship',
    activityType: 'ship',
    taskQueue: 'orders',
    input: [{ to: 'x' }],
    scheduleToCloseTimeoutMs: 1000,
    retryPolicy: RETRY,
    workflowTaskCompletedEventId: wtc,
  });
  const shipStarted = b.add({ type: 'ActivityTaskStarted', scheduledEventId: ship, attempt: 1, identity: '42@worker' });
  b.add({
    type: 'ActivityTaskCompleted',
    scheduledEventId: ship,
    startedEventId: shipStarted,
    result: { tracking: 'T1' },
    identity: '42@worker',
  });
  wtc = b.task();
  const another = b.add({
    type: 'ActivityTaskScheduled',
    activityId: 'cancel-me',
    activityType: 'wait',
    taskQueue: 'orders',
    input: [],
    startToCloseTimeoutMs: 1000,
    retryPolicy: RETRY,
    workflowTaskCompletedEventId: wtc,
  });
  b.add({ type: 'ActivityTaskCancelRequested', scheduledEventId: another, workflowTaskCompletedEventId: wtc });
  b.add({ type: 'ActivityTaskCanceled', scheduledEventId: another, startedEventId: 0, details: ['gave up'], identity: '42@worker' });
  // Timers, fired and cancelled.
  b.add({ type: 'TimerStarted', timerId: '1', startToFireTimeoutMs: 1500, workflowTaskCompletedEventId: wtc });
  const timer2 = b.add({ type: 'TimerStarted', timerId: '2', startToFireTimeoutMs: 86_400_000, workflowTaskCompletedEventId: wtc });
  b.add({ type: 'TimerFired', timerId: '1', startedEventId: timer2 - 1 });
  wtc = b.task();
  b.add({ type: 'TimerCanceled', timerId: '2', startedEventId: timer2, workflowTaskCompletedEventId: wtc });
  // Markers: Rewind's patch and local activities (completed, backing off after a failure), another marker, and
  // the two that a Temporal worker wrote (kept as it wrote them).
  b.add({
    type: 'MarkerRecorded',
    markerName: PATCH_MARKER,
    details: { patchId: 'new-greeting', deprecated: true },
    workflowTaskCompletedEventId: wtc,
  });
  b.add({
    type: 'MarkerRecorded',
    markerName: LOCAL_ACTIVITY_MARKER,
    details: { seq: 1, activityId: '1', activityType: 'lookup', attempt: 1, result: { found: true } },
    workflowTaskCompletedEventId: wtc,
  });
  b.add({
    type: 'MarkerRecorded',
    markerName: LOCAL_ACTIVITY_MARKER,
    details: { seq: 2, activityId: '2', activityType: 'flaky', attempt: 3, backoffMs: 1500 },
    failure: APPLICATION,
    workflowTaskCompletedEventId: wtc,
  });
  b.add({
    type: 'MarkerRecorded',
    markerName: 'my-marker',
    details: { one: 'x', list: [1, 2], obj: { a: null } },
    workflowTaskCompletedEventId: wtc,
  });
  b.add({
    type: 'MarkerRecorded',
    markerName: PATCH_MARKER,
    details: { patchId: 'v2', deprecated: false },
    temporalDetails: { 'patch-data': [{ id: 'v2', deprecated: false }] },
    workflowTaskCompletedEventId: wtc,
  });
  b.add({
    type: 'MarkerRecorded',
    markerName: LOCAL_ACTIVITY_MARKER,
    details: { seq: 3, activityId: '3', activityType: 'greet', attempt: 1, result: 'hello' },
    temporalDetails: {
      data: [
        {
          seq: 3,
          attempt: 1,
          activity_id: '3',
          activity_type: 'greet',
          complete_time: '2024-05-01T12:00:30.123456Z',
          original_schedule_time: '2024-05-01T12:00:30.001Z',
        },
      ],
      result: ['hello'],
    },
    workflowTaskCompletedEventId: wtc,
  });
  b.add({
    type: 'UpsertWorkflowSearchAttributes',
    searchAttributes: { Stage: ['packed'], Count: [3], Tags: ['a', 'b'], CustomerId: [] },
    workflowTaskCompletedEventId: wtc,
  });
  b.add({ type: 'WorkflowPropertiesModified', upsertedMemo: { note: 'gift', count: 3, gone: null }, workflowTaskCompletedEventId: wtc });
  // Children: one of each ending, and one that could not start.
  const child = (id: string, policy: 'TERMINATE' | 'ABANDON' | 'REQUEST_CANCEL') =>
    b.add({
      type: 'StartChildWorkflowExecutionInitiated',
      workflowId: id,
      workflowType: 'shipWorkflow',
      taskQueue: 'shipping',
      input: [id],
      parentClosePolicy: policy,
      workflowExecutionTimeoutMs: 60_000,
      workflowRunTimeoutMs: 30_000,
      workflowTaskTimeoutMs: 5_000,
      workflowTaskCompletedEventId: wtc,
    });
  const started = (initiatedEventId: number, workflowId: string) =>
    b.add({
      type: 'ChildWorkflowExecutionStarted',
      workflowId,
      runId: `run-${workflowId}`,
      workflowType: 'shipWorkflow',
      initiatedEventId,
    });
  const ids = ['child-1', 'child-2', 'child-3', 'child-4', 'child-5'];
  const inits = ids.map((id, i) => child(id, (['TERMINATE', 'ABANDON', 'REQUEST_CANCEL'] as const)[i % 3]!));
  const starts = ids.map((id, i) => started(inits[i]!, id));
  const refs = (i: number) => ({ workflowId: ids[i]!, runId: `run-${ids[i]!}`, initiatedEventId: inits[i]!, startedEventId: starts[i]! });
  b.add({ type: 'ChildWorkflowExecutionCompleted', ...refs(0), result: ['shipped'] });
  b.add({ type: 'ChildWorkflowExecutionFailed', ...refs(1), failure: CHILD, retryState: 'NON_RETRYABLE_FAILURE' });
  b.add({ type: 'ChildWorkflowExecutionCanceled', ...refs(2), details: ['stop'] });
  b.add({ type: 'ChildWorkflowExecutionTimedOut', ...refs(3), retryState: 'TIMEOUT' });
  b.add({ type: 'ChildWorkflowExecutionTerminated', ...refs(4) });
  const dup = child('child-1', 'TERMINATE');
  b.add({
    type: 'StartChildWorkflowExecutionFailed',
    workflowId: 'child-1',
    workflowType: 'shipWorkflow',
    cause: 'WORKFLOW_ALREADY_EXISTS',
    initiatedEventId: dup,
  });
  // Signals and cancel requests to other workflows: delivered, and not found.
  const signal = (workflowId: string, runId?: string) =>
    b.add({
      type: 'SignalExternalWorkflowExecutionInitiated',
      workflowId,
      ...(runId ? { runId } : {}),
      signalName: 'poke',
      input: [{ n: 1 }],
      childWorkflowOnly: runId !== undefined,
      workflowTaskCompletedEventId: wtc,
    });
  const s1 = signal('other', 'run-other');
  b.add({ type: 'ExternalWorkflowExecutionSignaled', workflowId: 'other', runId: 'run-other', initiatedEventId: s1 });
  const s2 = signal('missing');
  b.add({
    type: 'SignalExternalWorkflowExecutionFailed',
    workflowId: 'missing',
    cause: 'EXTERNAL_WORKFLOW_EXECUTION_NOT_FOUND',
    initiatedEventId: s2,
  });
  const c1 = b.add({
    type: 'RequestCancelExternalWorkflowExecutionInitiated',
    workflowId: 'other',
    runId: 'run-other',
    childWorkflowOnly: false,
    workflowTaskCompletedEventId: wtc,
  });
  b.add({ type: 'ExternalWorkflowExecutionCancelRequested', workflowId: 'other', runId: 'run-other', initiatedEventId: c1 });
  const c2 = b.add({
    type: 'RequestCancelExternalWorkflowExecutionInitiated',
    workflowId: 'missing',
    childWorkflowOnly: true,
    workflowTaskCompletedEventId: wtc,
  });
  b.add({
    type: 'RequestCancelExternalWorkflowExecutionFailed',
    workflowId: 'missing',
    cause: 'EXTERNAL_WORKFLOW_EXECUTION_NOT_FOUND',
    initiatedEventId: c2,
  });
  // From outside: a signal, a cancel request; then updates, accepted and completed with a result and with a failure.
  b.add({
    type: 'WorkflowExecutionSignaled',
    signalName: 'approve',
    input: [true, { by: 'ann' }],
    identity: 'cli@host',
    requestId: 'req-1',
  });
  b.add({ type: 'WorkflowExecutionCancelRequested', cause: 'user asked', identity: 'cli@host' });
  wtc = b.task();
  const accepted = b.add({
    type: 'WorkflowExecutionUpdateAccepted',
    updateId: 'u1',
    name: 'setAddress',
    input: [{ street: 'Main' }],
    identity: 'cli@host',
    workflowTaskCompletedEventId: wtc,
  });
  b.add({
    type: 'WorkflowExecutionUpdateCompleted',
    updateId: 'u1',
    acceptedEventId: accepted,
    result: 'ok',
    workflowTaskCompletedEventId: wtc,
  });
  const accepted2 = b.add({
    type: 'WorkflowExecutionUpdateAccepted',
    updateId: 'u2',
    name: 'noop',
    input: [],
    workflowTaskCompletedEventId: wtc,
  });
  b.add({
    type: 'WorkflowExecutionUpdateCompleted',
    updateId: 'u2',
    acceptedEventId: accepted2,
    failure: APPLICATION,
    workflowTaskCompletedEventId: wtc,
  });
  wtc = b.task();
  const accepted3 = b.add({
    type: 'WorkflowExecutionUpdateAccepted',
    updateId: 'u3',
    name: 'nothing',
    input: [1],
    workflowTaskCompletedEventId: wtc,
  });
  b.add({ type: 'WorkflowExecutionUpdateCompleted', updateId: 'u3', acceptedEventId: accepted3, workflowTaskCompletedEventId: wtc });
  b.add({ type: 'WorkflowExecutionCompleted', result: { done: true }, workflowTaskCompletedEventId: wtc });
  return { events: b.events };
}

/** One run per way a run closes (Rewind's reader reads any order; each is as the engine writes it). */
function closingHistories(): History[] {
  const closes: ((wtc: number) => HistoryEventBody)[] = [
    (wtc) => ({ type: 'WorkflowExecutionCompleted', workflowTaskCompletedEventId: wtc, newExecutionRunId: 'run-next' }),
    (wtc) => ({
      type: 'WorkflowExecutionFailed',
      failure: ACTIVITY,
      retryState: 'RETRY_POLICY_NOT_SET',
      workflowTaskCompletedEventId: wtc,
      newExecutionRunId: 'run-next',
    }),
    () => ({ type: 'WorkflowExecutionTimedOut', retryState: 'TIMEOUT', newExecutionRunId: 'run-next' }),
    () => ({ type: 'WorkflowExecutionTimedOut', retryState: 'RETRY_POLICY_NOT_SET' }),
    (wtc) => ({ type: 'WorkflowExecutionCanceled', details: ['stopped', { at: 3 }], workflowTaskCompletedEventId: wtc }),
    (wtc) => ({ type: 'WorkflowExecutionCanceled', details: [], workflowTaskCompletedEventId: wtc }),
    () => ({ type: 'WorkflowExecutionTerminated', reason: 'operator', details: ['why'], identity: 'cli@host' }),
    () => ({ type: 'WorkflowExecutionTerminated' }),
    (wtc) => ({
      type: 'WorkflowExecutionContinuedAsNew',
      newExecutionRunId: 'run-next',
      workflowType: 'orderWorkflow',
      taskQueue: 'orders',
      input: [{ cursor: 100 }],
      workflowRunTimeoutMs: 3_600_000,
      workflowTaskTimeoutMs: 15_000,
      workflowTaskCompletedEventId: wtc,
    }),
  ];
  return closes.map((close) => {
    const b = new HistoryBuilder();
    b.add({
      type: 'WorkflowExecutionStarted',
      workflowType: 'w',
      taskQueue: 'orders',
      input: [],
      workflowTaskTimeoutMs: 10_000,
      attempt: 1,
      firstExecutionRunId: 'r1',
      originalExecutionRunId: 'r1',
      initiator: 'CONTINUE_AS_NEW',
      continuedExecutionRunId: 'r0',
    });
    b.add(close(b.task()));
    return { events: b.events };
  });
}

const TASK_FAILED_CAUSES: Record<WorkflowTaskFailedCause, WorkflowTaskFailedCause> = {
  WORKFLOW_WORKER_UNHANDLED_FAILURE: 'WORKFLOW_WORKER_UNHANDLED_FAILURE',
  NON_DETERMINISTIC_ERROR: 'NON_DETERMINISTIC_ERROR',
  UNHANDLED_COMMAND: 'UNHANDLED_COMMAND',
  RESET_WORKFLOW: 'RESET_WORKFLOW',
  PENDING_ACTIVITIES_LIMIT_EXCEEDED: 'PENDING_ACTIVITIES_LIMIT_EXCEEDED',
  PENDING_CHILD_WORKFLOWS_LIMIT_EXCEEDED: 'PENDING_CHILD_WORKFLOWS_LIMIT_EXCEEDED',
  FORCE_CLOSE_COMMAND: 'FORCE_CLOSE_COMMAND',
  ...(Object.fromEntries(BAD_COMMAND_CAUSES.map((c) => [c, c])) as Record<BadCommandCause, BadCommandCause>),
  // Rewind's own causes: Temporal has none of the same name (see history-out-workflow.ts); the reader reads what Temporal's mean.
  WORKFLOW_TYPE_NOT_REGISTERED: 'WORKFLOW_WORKER_UNHANDLED_FAILURE',
  BAD_COMMAND: 'WORKFLOW_WORKER_UNHANDLED_FAILURE',
  WORKER_LOST: 'WORKFLOW_WORKER_UNHANDLED_FAILURE',
};

/** Workflow tasks that failed (one per cause) or timed out, then one that completed. */
function failedTasksHistory(): History {
  const b = new HistoryBuilder();
  b.add({
    type: 'WorkflowExecutionStarted',
    workflowType: 'w',
    taskQueue: 'orders',
    input: [],
    workflowTaskTimeoutMs: 10_000,
    attempt: 1,
    firstExecutionRunId: 'r1',
    originalExecutionRunId: 'r1',
  });
  let attempt = 1;
  for (const cause of Object.keys(TASK_FAILED_CAUSES) as WorkflowTaskFailedCause[]) {
    const scheduledEventId = b.add({
      type: 'WorkflowTaskScheduled',
      taskQueue: 'orders',
      startToCloseTimeoutMs: 10_000,
      attempt: attempt++,
    });
    const startedEventId = b.add({ type: 'WorkflowTaskStarted', scheduledEventId });
    b.add({
      type: 'WorkflowTaskFailed',
      scheduledEventId,
      startedEventId,
      cause,
      failure: { ...APPLICATION, message: cause },
      identity: '42@worker',
    });
  }
  for (const timeoutType of ['START_TO_CLOSE', 'SCHEDULE_TO_START'] as const) {
    const scheduledEventId = b.add({
      type: 'WorkflowTaskScheduled',
      taskQueue: 'orders',
      startToCloseTimeoutMs: 10_000,
      attempt: attempt++,
    });
    const startedEventId = b.add({ type: 'WorkflowTaskStarted', scheduledEventId });
    b.add({ type: 'WorkflowTaskTimedOut', scheduledEventId, startedEventId, timeoutType });
  }
  b.add({ type: 'WorkflowExecutionCompleted', workflowTaskCompletedEventId: b.task() });
  return { events: b.events };
}

/** A run whose values are all kept as encoded payloads: they must come back byte for byte. */
function encodedHistory(): History {
  const b = new HistoryBuilder();
  fullStart(b, ENCODED_VALUES);
  const wtc = b.task();
  const a = b.add({
    type: 'ActivityTaskScheduled',
    activityId: '1',
    activityType: 'a',
    taskQueue: 'orders',
    input: ENCODED_VALUES,
    startToCloseTimeoutMs: 1000,
    retryPolicy: RETRY,
    workflowTaskCompletedEventId: wtc,
  });
  const s = b.add({ type: 'ActivityTaskStarted', scheduledEventId: a, attempt: 1 });
  b.add({ type: 'ActivityTaskCompleted', scheduledEventId: a, startedEventId: s, result: PROTOBUF });
  b.add({ type: 'WorkflowExecutionSignaled', signalName: 's', input: [ENCRYPTED, 'plain'] });
  b.add({
    type: 'MarkerRecorded',
    markerName: 'codec-marker',
    // As Rewind's reader reads what the worker wrote: a detail of several payloads as their list.
    details: { k: [ENCRYPTED, NULL], empty: [] },
    temporalDetails: { k: [ENCRYPTED, NULL], empty: [] },
    workflowTaskCompletedEventId: wtc,
  });
  const failure: Failure = {
    message: 'Encoded failure',
    info: { type: 'application', errorType: 'E', nonRetryable: false, details: [ENCRYPTED, NULL] },
  };
  b.add({ type: 'WorkflowExecutionFailed', failure, retryState: 'NON_RETRYABLE_FAILURE', workflowTaskCompletedEventId: b.task() });
  return { events: b.events };
}

/**
 * What Rewind's reader of Temporal histories gives back for an event, where it legitimately differs from
 * the event: it does not read a signal's request id (replays do not need it), it reads a Temporal
 * worker's marker from the details the worker wrote (into `details`), Rewind's own task failure causes
 * come back as what Temporal's mean, and a reset names its new run (empty if the event named none, as
 * sdk-core reads it: that id seeds the workflow's randomness).
 */
function asReaderReads(e: HistoryEvent): HistoryEvent {
  switch (e.type) {
    case 'WorkflowExecutionSignaled': {
      const { requestId: _, ...rest } = e;
      return rest;
    }
    case 'MarkerRecorded': {
      const { temporalDetails: _, ...rest } = e;
      return rest;
    }
    case 'WorkflowTaskFailed':
      return { ...e, cause: TASK_FAILED_CAUSES[e.cause], ...(e.cause === 'RESET_WORKFLOW' ? { newRunId: e.newRunId ?? '' } : {}) };
    default:
      return e;
  }
}

function loadHistory(file: string): History {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as History;
}

const REPO = path.join(__dirname, '../../..');
const GOLDEN = [
  ...['approval', 'parallel', 'sequence'].map((n) => path.join(REPO, 'sdk/test/histories', `${n}.json`)),
  ...['order', 'retrying'].map((n) => path.join(REPO, 'sdk/test/debug/histories', `${n}.json`)),
];

function assertReadsBack(h: History): void {
  const back = readBack(historyEventsOut(h.events, { namespace: 'default', workflowId: h.workflowId ?? 'wf' }));
  assert.deepEqual(back, h.events.map(asReaderReads));
}

/** Every event type, at compile time: a new one makes this fail until a test history has it. */
const EVERY_TYPE: Record<HistoryEventType, true> = {
  WorkflowExecutionStarted: true,
  WorkflowExecutionCompleted: true,
  WorkflowExecutionFailed: true,
  WorkflowExecutionTimedOut: true,
  WorkflowExecutionCanceled: true,
  WorkflowExecutionTerminated: true,
  WorkflowExecutionContinuedAsNew: true,
  WorkflowExecutionCancelRequested: true,
  WorkflowExecutionSignaled: true,
  WorkflowTaskScheduled: true,
  WorkflowTaskStarted: true,
  WorkflowTaskCompleted: true,
  WorkflowTaskFailed: true,
  WorkflowTaskTimedOut: true,
  ActivityTaskScheduled: true,
  ActivityTaskStarted: true,
  ActivityTaskCompleted: true,
  ActivityTaskFailed: true,
  ActivityTaskTimedOut: true,
  ActivityTaskCancelRequested: true,
  ActivityTaskCanceled: true,
  TimerStarted: true,
  TimerFired: true,
  TimerCanceled: true,
  MarkerRecorded: true,
  UpsertWorkflowSearchAttributes: true,
  WorkflowPropertiesModified: true,
  StartChildWorkflowExecutionInitiated: true,
  StartChildWorkflowExecutionFailed: true,
  ChildWorkflowExecutionStarted: true,
  ChildWorkflowExecutionCompleted: true,
  ChildWorkflowExecutionFailed: true,
  ChildWorkflowExecutionCanceled: true,
  ChildWorkflowExecutionTimedOut: true,
  ChildWorkflowExecutionTerminated: true,
  SignalExternalWorkflowExecutionInitiated: true,
  ExternalWorkflowExecutionSignaled: true,
  SignalExternalWorkflowExecutionFailed: true,
  RequestCancelExternalWorkflowExecutionInitiated: true,
  ExternalWorkflowExecutionCancelRequested: true,
  WorkflowExecutionUpdateAccepted: true,
  WorkflowExecutionUpdateCompleted: true,
  RequestCancelExternalWorkflowExecutionFailed: true,
};

type ProtoEvent = temporal.api.history.v1.IHistoryEvent;
const eventOfType = (events: ProtoEvent[], type: HistoryEventType): ProtoEvent[] => {
  const name = `EVENT_TYPE_${type.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase()}`;
  return events.filter((e) => temporal.api.enums.v1.EventType[e.eventType ?? 0] === name);
};

/**
 * Where `mine` says something `theirs` does not say the same way ('' when they agree): every field written
 * must be as Temporal wrote it, and only fields Rewind does not model may be missing.
 */
function notAsWritten(mine: unknown, theirs: unknown, where: string): string[] {
  if (typeof mine !== 'object' || mine === null) {
    return JSON.stringify(mine) === JSON.stringify(theirs) ? [] : [`${where}: ${JSON.stringify(mine)} for ${JSON.stringify(theirs)}`];
  }
  const other = (theirs ?? {}) as Record<string, unknown>;
  return Object.entries(mine).flatMap(([k, v]) => notAsWritten(v, other[k], `${where}.${k}`));
}

describe('gRPC frontend: Rewind history events as Temporal’s', function () {
  describe('a history Temporal recorded, read by Rewind and written again', function () {
    for (const name of ['order', 'sequence-retried-signal', 'versioned-patch']) {
      it(`${name}: every field as Temporal wrote it`, function () {
        const written = JSON.parse(fs.readFileSync(path.join(REPO, 'sdk/test/fixtures/temporal', `${name}.json`), 'utf8')) as {
          events: Record<string, unknown>[];
        };
        const h = convertTemporalHistory(written);
        const again = protoJson(throughBytes(historyEventsOut(h.events, { namespace: 'default', workflowId: h.workflowId! }))).events;
        // Rewind keeps times to the millisecond, and has no sticky queues (a workflow task is on its run's queue).
        const expected = written.events.map((e) => ({
          ...e,
          eventTime: new Date(String(e.eventTime).replace(/(\.\d{3})\d+/, '$1')).toISOString(),
        }));
        const differences = notAsWritten(
          again.map((e) => ({ ...e, eventTime: new Date(String(e.eventTime)).toISOString() })),
          expected,
          name,
        ).filter(
          (d) => !/workflowTaskScheduledEventAttributes\.taskQueue\.kind: "TASK_QUEUE_KIND_NORMAL" for "TASK_QUEUE_KIND_STICKY"$/.test(d),
        );
        assert.deepEqual(differences, []);
      });
    }
  });

  describe('read back by Rewind’s reader of Temporal histories, through protobuf bytes and proto3 JSON', function () {
    for (const file of GOLDEN) {
      it(`the golden history ${path.relative(REPO, file)}`, function () {
        assertReadsBack(loadHistory(file));
      });
    }
    it('a run with one event of every type a workflow’s commands produce, and signals, cancel requests and updates', function () {
      assertReadsBack(commandsHistory());
    });
    it('each way a run closes', function () {
      for (const h of closingHistories()) assertReadsBack(h);
    });
    it('workflow tasks that failed, for each cause, and timed out', function () {
      assertReadsBack(failedTasksHistory());
    });
    it('values Rewind keeps encoded (protobuf, a codec’s, binary/null, JSON not written canonically), byte for byte', function () {
      assertReadsBack(encodedHistory());
    });
    it('the test histories hold every event type', function () {
      const seen = new Set(
        [...GOLDEN.map(loadHistory), commandsHistory(), ...closingHistories(), failedTasksHistory()].flatMap((h) =>
          h.events.map((e) => e.type),
        ),
      );
      assert.deepEqual(
        Object.keys(EVERY_TYPE).filter((t) => !seen.has(t as HistoryEventType)),
        [],
      );
    });
  });

  describe('fields as Temporal writes them', function () {
    const out = historyEventsOut(commandsHistory().events, { namespace: 'default', workflowId: 'order-1' });
    const json = protoJson(throughBytes(out)).events;

    it('names event types, enums, task queues, durations and times as proto3 JSON has them', function () {
      assert.equal(json[0]!.eventType, 'EVENT_TYPE_WORKFLOW_EXECUTION_STARTED');
      assert.equal(json[0]!.eventTime, '2024-05-01T12:00:01.001Z');
      const started = json[0]!.workflowExecutionStartedEventAttributes as Record<string, unknown>;
      assert.deepEqual(started.taskQueue, { name: 'orders', kind: 'TASK_QUEUE_KIND_NORMAL' });
      assert.equal(started.initiator, 'CONTINUE_AS_NEW_INITIATOR_CRON_SCHEDULE');
      assert.equal(started.workflowTaskTimeout, '15s');
      assert.equal(started.firstWorkflowTaskBackoff, '299.500s');
      assert.equal(started.workflowId, 'order-1');
      assert.equal(started.parentWorkflowNamespace, 'default');
      assert.deepEqual(started.parentWorkflowExecution, { workflowId: 'parent-1', runId: 'run-parent' });
      assert.equal(started.parentInitiatedEventId, '7');
      const scheduled = eventOfType(out, 'ActivityTaskScheduled')[0]!.activityTaskScheduledEventAttributes!;
      assert.deepEqual(scheduled.retryPolicy, {
        initialInterval: { seconds: scheduled.retryPolicy!.initialInterval!.seconds, nanos: 500_000_000 },
        backoffCoefficient: 1.5,
        maximumInterval: { seconds: scheduled.retryPolicy!.maximumInterval!.seconds, nanos: 0 },
        maximumAttempts: 5,
        nonRetryableErrorTypes: ['CardDeclined'],
      });
      assert.equal(num(scheduled.retryPolicy!.initialInterval!.seconds), 1);
    });

    it('writes search attributes as json/plain with the type the SDK’s typedSearchAttributes read', function () {
      const fields = out[0]!.workflowExecutionStartedEventAttributes!.searchAttributes!.indexedFields!;
      const typed = Object.fromEntries(
        Object.entries(fields).map(([name, p]) => [
          name,
          {
            encoding: Buffer.from(p.metadata!.encoding!).toString(),
            type: p.metadata!.type ? Buffer.from(p.metadata!.type).toString() : undefined,
            json: Buffer.from(p.data!).toString(),
          },
        ]),
      );
      const jp = (json: string, type?: string) => ({ encoding: 'json/plain', type, json });
      assert.deepEqual(typed, {
        CustomerId: jp('"c-1"', 'Keyword'),
        Amount: jp('12', 'Int'),
        Ratio: jp('0.25', 'Double'),
        Paid: jp('true', 'Bool'),
        DueAt: jp('"2024-05-02T00:00:00.000Z"', 'Datetime'),
        Tags: jp('["x","y"]', 'KeywordList'),
        Removed: jp('[]'),
        Pairs: jp('[[1,2]]'),
        Mixed: jp('[1,"a"]'),
        Shape: jp('[{"w":1}]'),
      });
    });

    it('gives a Temporal worker’s marker back as it wrote it, and writes Rewind’s markers as Temporal’s core does', function () {
      const markers = eventOfType(out, 'MarkerRecorded').map((e) => e.markerRecordedEventAttributes!);
      const detail = (m: (typeof markers)[number], key: string) => m.details![key]!.payloads!.map((p) => payloadIn(p));
      const [patch, la, laBackoff, generic, temporalPatch, temporalLa] = markers;
      assert.deepEqual(
        Buffer.from(patch!.details!['patch-data']!.payloads![0]!.data!).toString(),
        '{"id":"new-greeting","deprecated":true}',
      );
      // As core's serde writes LocalActivityMarkerData: every field present (core cannot read the marker without them).
      const times = { complete_time: null, original_schedule_time: null };
      assert.deepEqual(detail(la!, 'data'), [{ seq: 1, attempt: 1, activity_id: '1', activity_type: 'lookup', backoff: null, ...times }]);
      assert.deepEqual(detail(la!, 'result'), [{ found: true }]);
      assert.deepEqual(detail(laBackoff!, 'data'), [
        { seq: 2, attempt: 3, activity_id: '2', activity_type: 'flaky', backoff: { seconds: 1, nanos: 500_000_000 }, ...times },
      ]);
      assert.equal(laBackoff!.details!.result, undefined);
      assert.deepEqual(Object.keys(generic!.details!), ['one', 'list', 'obj']);
      assert.deepEqual(detail(temporalPatch!, 'patch-data'), [{ id: 'v2', deprecated: false }]);
      assert.equal(
        detail(temporalLa!, 'data')[0] !== undefined && (detail(temporalLa!, 'data')[0] as { complete_time: string }).complete_time,
        '2024-05-01T12:00:30.123456Z',
      );
    });

    it('a marker’s payloads as the worker wrote them, byte for byte, whatever their encoding', function () {
      const written: temporal.api.common.v1.IPayloads[] = [
        { payloads: [{ metadata: { encoding: Buffer.from('binary/plain') }, data: Buffer.from([0, 1, 2, 255]) }] },
        {
          payloads: [
            { metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from('{"id":"p","deprecated":false}') },
            { metadata: { encoding: Buffer.from('binary/null') }, data: new Uint8Array() },
          ],
        },
        { payloads: [] },
      ];
      const temporalDetails = Object.fromEntries(written.map((p, i) => [`k${i}`, payloadsIn(p)]));
      const event: HistoryEvent = {
        eventId: 5,
        eventTime: new Date(T0).toISOString(),
        type: 'MarkerRecorded',
        markerName: 'x',
        details: {},
        temporalDetails,
        workflowTaskCompletedEventId: 4,
      };
      const decoded = throughBytes([historyEventOut(event)]).events[0]!.markerRecordedEventAttributes!.details!;
      const bytes = (p: temporal.api.common.v1.IPayloads | undefined) =>
        (p?.payloads ?? []).map((x) => ({
          metadata: Object.fromEntries(Object.entries(x.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('hex')])),
          data: Buffer.from(x.data ?? []).toString('hex'),
        }));
      assert.deepEqual(
        Object.keys(decoded).map((k) => bytes(decoded[k])),
        written.map((p) => bytes(p)),
      );
    });
  });

  describe('what Temporal repeats from other events of the run', function () {
    const events = commandsHistory().events;

    it('is filled by historyEventsOut from the events given, and left unset by historyEventOut', function () {
      const full = historyEventsOut(events, { namespace: 'default', workflowId: 'order-1' });
      const alone = events.map(historyEventOut);
      const accepted = eventOfType(full, 'WorkflowExecutionUpdateAccepted')[0]!.workflowExecutionUpdateAcceptedEventAttributes!;
      const acceptedEvent = events.find(
        (e): e is EventOf<'WorkflowExecutionUpdateAccepted'> => e.type === 'WorkflowExecutionUpdateAccepted',
      )!;
      const task = events[acceptedEvent.workflowTaskCompletedEventId - 1] as EventOf<'WorkflowTaskCompleted'>;
      // Sequenced, as Temporal's server does, after the events before its task started.
      assert.equal(num(accepted.acceptedRequestSequencingEventId), task.startedEventId - 1);
      assert.equal(accepted.acceptedRequestMessageId, 'u1/request');
      assert.equal(
        eventOfType(alone, 'WorkflowExecutionUpdateAccepted')[0]!.workflowExecutionUpdateAcceptedEventAttributes!
          .acceptedRequestSequencingEventId,
        undefined,
      );
      const completed = eventOfType(full, 'ChildWorkflowExecutionCompleted')[0]!.childWorkflowExecutionCompletedEventAttributes!;
      assert.deepEqual(completed.workflowType, { name: 'shipWorkflow' });
      assert.equal(completed.namespace, 'default');
      assert.equal(
        eventOfType(alone, 'ChildWorkflowExecutionCompleted')[0]!.childWorkflowExecutionCompletedEventAttributes!.workflowType,
        undefined,
      );
      const childFailed = eventOfType(full, 'StartChildWorkflowExecutionFailed')[0]!.startChildWorkflowExecutionFailedEventAttributes!;
      assert.ok(num(childFailed.workflowTaskCompletedEventId) > 0);
      const signalFailed = eventOfType(full, 'SignalExternalWorkflowExecutionFailed')[0]!
        .signalExternalWorkflowExecutionFailedEventAttributes!;
      assert.deepEqual(signalFailed.workflowExecution, { workflowId: 'missing' });
      assert.equal(full[0]!.workflowExecutionStartedEventAttributes!.workflowId, 'order-1');
      assert.equal(alone[0]!.workflowExecutionStartedEventAttributes!.workflowId, undefined);
    });

    it('on a page of a longer history, from earlier events the caller looks up', function () {
      const at = events.findIndex((e) => e.type === 'WorkflowExecutionUpdateAccepted');
      const page = events.slice(at);
      const byId = (id: number) => events[id - 1];
      const paged = historyEventsOut(page, { event: byId });
      assert.deepEqual(
        paged.map((e) => protoJson(throughBytes([e])).events[0]),
        historyEventsOut(events)
          .slice(at)
          .map((e) => protoJson(throughBytes([e])).events[0]),
      );
    });
  });
});
