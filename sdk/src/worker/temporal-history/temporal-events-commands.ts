// Temporal's history events of what a workflow asked for — activities, timers, markers, child
// workflows, signals and cancel requests to other workflows — as Rewind's.
import { ValueError } from '../../common/errors';
import type { ParentClosePolicy, RetryPolicyData } from '../../protocol';
import { convertFailure, optFailure, retryState } from './temporal-failure';
import type { Fields } from './temporal-json';
import { definedOnly, type EventMapper } from './temporal-events-workflow';
import { markerDetails } from './temporal-markers';

/** Temporal's RetryPolicy with its server defaults filled in (Rewind's history holds every field). */
function retryPolicy(a: Fields): RetryPolicyData {
  const r = a.child('retryPolicy');
  const initialIntervalMs = r.durationMs('initialInterval') ?? 1000;
  return {
    initialIntervalMs,
    backoffCoefficient: r.num('backoffCoefficient') || 2,
    maximumIntervalMs: r.durationMs('maximumInterval') ?? 100 * initialIntervalMs,
    maximumAttempts: r.int('maximumAttempts'),
    nonRetryableErrorTypes: Array.isArray(r.raw('nonRetryableErrorTypes'))
      ? (r.raw('nonRetryableErrorTypes') as unknown[]).map(String)
      : [],
  };
}

const PARENT_CLOSE_POLICIES: readonly ParentClosePolicy[] = ['TERMINATE', 'ABANDON', 'REQUEST_CANCEL'];

/** The `workflowExecution { workflowId, runId }` of a child or external workflow event. */
function execution(a: Fields): { workflowId: string; runId: string } {
  const e = a.child('workflowExecution');
  return { workflowId: e.str('workflowId'), runId: e.str('runId') };
}

function childRefs(a: Fields, ref: (id: number) => number) {
  return { ...execution(a), initiatedEventId: ref(a.int('initiatedEventId')), startedEventId: ref(a.int('startedEventId')) };
}

export const COMMAND_EVENT_MAPPERS = {
  ACTIVITY_TASK_SCHEDULED: (a, ctx) => ({
    type: 'ActivityTaskScheduled',
    activityId: a.name('activityId'),
    activityType: a.nameOf('activityType'),
    taskQueue: a.child('taskQueue').str('name'),
    input: a.payloads('input'),
    retryPolicy: retryPolicy(a),
    workflowTaskCompletedEventId: ctx.ref(a.int('workflowTaskCompletedEventId')),
    ...definedOnly({
      scheduleToCloseTimeoutMs: a.durationMs('scheduleToCloseTimeout'),
      scheduleToStartTimeoutMs: a.durationMs('scheduleToStartTimeout'),
      startToCloseTimeoutMs: a.durationMs('startToCloseTimeout'),
      heartbeatTimeoutMs: a.durationMs('heartbeatTimeout'),
    }),
  }),
  ACTIVITY_TASK_STARTED: (a, ctx) => ({
    type: 'ActivityTaskStarted',
    scheduledEventId: ctx.ref(a.int('scheduledEventId')),
    attempt: a.int('attempt') || 1,
    ...definedOnly({ identity: a.optStr('identity'), lastFailure: optFailure(a, 'lastFailure', ctx.ref) }),
  }),
  ACTIVITY_TASK_COMPLETED: (a, ctx) => ({
    type: 'ActivityTaskCompleted',
    scheduledEventId: ctx.ref(a.int('scheduledEventId')),
    startedEventId: ctx.ref(a.int('startedEventId')),
    ...definedOnly({ result: a.payload('result'), identity: a.optStr('identity') }),
  }),
  ACTIVITY_TASK_FAILED: (a, ctx) => ({
    type: 'ActivityTaskFailed',
    scheduledEventId: ctx.ref(a.int('scheduledEventId')),
    startedEventId: ctx.ref(a.int('startedEventId')),
    failure: convertFailure(a.child('failure'), ctx.ref),
    retryState: retryState(a),
    ...definedOnly({ identity: a.optStr('identity') }),
  }),
  ACTIVITY_TASK_TIMED_OUT: (a, ctx) => ({
    type: 'ActivityTaskTimedOut',
    scheduledEventId: ctx.ref(a.int('scheduledEventId')),
    startedEventId: ctx.ref(a.int('startedEventId')),
    failure: convertFailure(a.child('failure'), ctx.ref),
    retryState: retryState(a),
  }),
  ACTIVITY_TASK_CANCEL_REQUESTED: (a, ctx) => ({
    type: 'ActivityTaskCancelRequested',
    scheduledEventId: ctx.ref(a.int('scheduledEventId')),
    workflowTaskCompletedEventId: ctx.ref(a.int('workflowTaskCompletedEventId')),
  }),
  ACTIVITY_TASK_CANCELED: (a, ctx) => ({
    type: 'ActivityTaskCanceled',
    scheduledEventId: ctx.ref(a.int('scheduledEventId')),
    startedEventId: ctx.ref(a.int('startedEventId')),
    ...definedOnly({ details: a.optPayloads('details'), identity: a.optStr('identity') }),
  }),
  TIMER_STARTED: (a, ctx) => ({
    type: 'TimerStarted',
    timerId: a.name('timerId'),
    startToFireTimeoutMs: a.durationMs('startToFireTimeout') ?? 0,
    workflowTaskCompletedEventId: ctx.ref(a.int('workflowTaskCompletedEventId')),
  }),
  TIMER_FIRED: (a, ctx) => ({ type: 'TimerFired', timerId: a.name('timerId'), startedEventId: ctx.ref(a.int('startedEventId')) }),
  TIMER_CANCELED: (a, ctx) => ({
    type: 'TimerCanceled',
    timerId: a.name('timerId'),
    startedEventId: ctx.ref(a.int('startedEventId')),
    workflowTaskCompletedEventId: ctx.ref(a.int('workflowTaskCompletedEventId')),
  }),
  MARKER_RECORDED: (a, ctx) => {
    const markerName = a.name('markerName');
    return {
      type: 'MarkerRecorded',
      markerName,
      details: markerDetails(markerName, a),
      workflowTaskCompletedEventId: ctx.ref(a.int('workflowTaskCompletedEventId')),
      ...definedOnly({ failure: optFailure(a, 'failure', ctx.ref) }),
    };
  },
  START_CHILD_WORKFLOW_EXECUTION_INITIATED: (a, ctx) => ({
    type: 'StartChildWorkflowExecutionInitiated',
    workflowId: a.name('workflowId'),
    workflowType: a.nameOf('workflowType'),
    taskQueue: a.child('taskQueue').str('name'),
    input: a.payloads('input'),
    parentClosePolicy: a.enumOf('parentClosePolicy', 'PARENT_CLOSE_POLICY_', PARENT_CLOSE_POLICIES, 'TERMINATE'),
    workflowTaskCompletedEventId: ctx.ref(a.int('workflowTaskCompletedEventId')),
    ...definedOnly({
      workflowExecutionTimeoutMs: a.durationMs('workflowExecutionTimeout'),
      workflowRunTimeoutMs: a.durationMs('workflowRunTimeout'),
      workflowTaskTimeoutMs: a.durationMs('workflowTaskTimeout'),
    }),
  }),
  START_CHILD_WORKFLOW_EXECUTION_FAILED: (a, ctx) => {
    const cause = a.enumName('cause', 'START_CHILD_WORKFLOW_EXECUTION_FAILED_CAUSE_');
    if (cause !== 'WORKFLOW_ALREADY_EXISTS') {
      throw new ValueError(
        `Temporal history: ${a.path}.cause is ${String(cause)}; Rewind only replays a child start that failed because the workflow already exists.`,
      );
    }
    return {
      type: 'StartChildWorkflowExecutionFailed',
      workflowId: a.str('workflowId'),
      workflowType: a.child('workflowType').str('name'),
      cause,
      initiatedEventId: ctx.ref(a.int('initiatedEventId')),
    };
  },
  CHILD_WORKFLOW_EXECUTION_STARTED: (a, ctx) => ({
    type: 'ChildWorkflowExecutionStarted',
    ...execution(a),
    workflowType: a.child('workflowType').str('name'),
    initiatedEventId: ctx.ref(a.int('initiatedEventId')),
  }),
  CHILD_WORKFLOW_EXECUTION_COMPLETED: (a, ctx) => ({
    type: 'ChildWorkflowExecutionCompleted',
    ...childRefs(a, ctx.ref),
    ...definedOnly({ result: a.payload('result') }),
  }),
  CHILD_WORKFLOW_EXECUTION_FAILED: (a, ctx) => ({
    type: 'ChildWorkflowExecutionFailed',
    ...childRefs(a, ctx.ref),
    failure: convertFailure(a.child('failure'), ctx.ref),
    retryState: retryState(a),
  }),
  CHILD_WORKFLOW_EXECUTION_CANCELED: (a, ctx) => ({
    type: 'ChildWorkflowExecutionCanceled',
    ...childRefs(a, ctx.ref),
    ...definedOnly({ details: a.optPayloads('details') }),
  }),
  CHILD_WORKFLOW_EXECUTION_TIMED_OUT: (a, ctx) => ({
    type: 'ChildWorkflowExecutionTimedOut',
    ...childRefs(a, ctx.ref),
    retryState: retryState(a),
  }),
  CHILD_WORKFLOW_EXECUTION_TERMINATED: (a, ctx) => ({ type: 'ChildWorkflowExecutionTerminated', ...childRefs(a, ctx.ref) }),
  SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED: (a, ctx) => {
    const { workflowId, runId } = execution(a);
    return {
      type: 'SignalExternalWorkflowExecutionInitiated',
      workflowId,
      signalName: a.name('signalName'),
      input: a.payloads('input'),
      childWorkflowOnly: a.bool('childWorkflowOnly'),
      workflowTaskCompletedEventId: ctx.ref(a.int('workflowTaskCompletedEventId')),
      ...definedOnly({ runId: runId || undefined }),
    };
  },
  EXTERNAL_WORKFLOW_EXECUTION_SIGNALED: (a, ctx) => ({
    type: 'ExternalWorkflowExecutionSignaled',
    ...execution(a),
    initiatedEventId: ctx.ref(a.int('initiatedEventId')),
  }),
  // Every cause (not found, namespace not found, too many signals) resolves the workflow's call with a
  // failure; Rewind has one cause, so they all read as "not found".
  SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED: (a, ctx) => ({
    type: 'SignalExternalWorkflowExecutionFailed',
    workflowId: execution(a).workflowId,
    cause: 'EXTERNAL_WORKFLOW_EXECUTION_NOT_FOUND',
    initiatedEventId: ctx.ref(a.int('initiatedEventId')),
  }),
  REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED: (a, ctx) => {
    const { workflowId, runId } = execution(a);
    return {
      type: 'RequestCancelExternalWorkflowExecutionInitiated',
      workflowId,
      childWorkflowOnly: a.bool('childWorkflowOnly'),
      workflowTaskCompletedEventId: ctx.ref(a.int('workflowTaskCompletedEventId')),
      ...definedOnly({ runId: runId || undefined }),
    };
  },
  EXTERNAL_WORKFLOW_EXECUTION_CANCEL_REQUESTED: (a, ctx) => ({
    type: 'ExternalWorkflowExecutionCancelRequested',
    ...execution(a),
    initiatedEventId: ctx.ref(a.int('initiatedEventId')),
  }),
  REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_FAILED: (a, ctx) => ({
    type: 'RequestCancelExternalWorkflowExecutionFailed',
    workflowId: execution(a).workflowId,
    cause: 'EXTERNAL_WORKFLOW_EXECUTION_NOT_FOUND',
    initiatedEventId: ctx.ref(a.int('initiatedEventId')),
  }),
} satisfies Record<string, EventMapper>;
