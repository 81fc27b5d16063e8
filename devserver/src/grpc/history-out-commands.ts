// Rewind's events of what a workflow asked for — activities, timers, markers, child workflows, signals and cancel requests to other workflows — as Temporal's history events.
import type { ParentClosePolicy } from '@rewind/sdk/protocol';
import { definedFields } from '@rewind/sdk/internal/common/defined-fields';
import { retryStateOut } from './failure-enums';
import { failureOut } from './failures';
import { eventOf, type EventOutTable, type HistoryOutContext } from './history-out-context';
import { markerDetailsOut } from './markers-out';
import { headerOut } from './headers';
import { executionOut, optDurationOut, optPayloadsOut, retryPolicyOut, taskQueueOut } from './messages-out';
import { payloadsOut, resultOut } from './payloads';
import { duration, long, temporal } from './proto';

const EventType = temporal.api.enums.v1.EventType;
const ParentClose = temporal.api.enums.v1.ParentClosePolicy;

const PARENT_CLOSE_POLICIES_OUT: Record<ParentClosePolicy, temporal.api.enums.v1.ParentClosePolicy> = {
  TERMINATE: ParentClose.PARENT_CLOSE_POLICY_TERMINATE,
  ABANDON: ParentClose.PARENT_CLOSE_POLICY_ABANDON,
  REQUEST_CANCEL: ParentClose.PARENT_CLOSE_POLICY_REQUEST_CANCEL,
};

/** The fields every event about a started child repeats: its namespace, execution, type and the events that began it. */
function childOut(e: { workflowId: string; runId: string; initiatedEventId: number; startedEventId: number }, ctx: HistoryOutContext) {
  return definedFields({
    namespace: ctx.namespace,
    workflowExecution: executionOut(e.workflowId, e.runId),
    workflowType: childType(e.initiatedEventId, ctx),
    initiatedEventId: long(e.initiatedEventId),
    startedEventId: long(e.startedEventId),
  });
}

function childType(initiatedEventId: number, ctx: HistoryOutContext): temporal.api.common.v1.IWorkflowType | undefined {
  const initiated = eventOf(ctx, initiatedEventId, 'StartChildWorkflowExecutionInitiated');
  return initiated ? { name: initiated.workflowType } : undefined;
}

/** The task that issued the command an event answers (Temporal repeats it on the failed events). */
function issuedBy(initiatedEventId: number, ctx: HistoryOutContext) {
  const initiated = ctx.event?.(initiatedEventId);
  return initiated && 'workflowTaskCompletedEventId' in initiated ? long(initiated.workflowTaskCompletedEventId) : undefined;
}

/** The run an external signal or cancel request was sent to, as it was named (by workflow id, and run id if given). */
function externalRunId(initiatedEventId: number, ctx: HistoryOutContext): string | undefined {
  const initiated = ctx.event?.(initiatedEventId);
  return initiated?.type === 'SignalExternalWorkflowExecutionInitiated' ||
    initiated?.type === 'RequestCancelExternalWorkflowExecutionInitiated'
    ? initiated.runId
    : undefined;
}

export const COMMAND_EVENTS_OUT = {
  ActivityTaskScheduled: {
    type: EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED,
    attributes: (e) => ({
      activityTaskScheduledEventAttributes: definedFields({
        activityId: e.activityId,
        activityType: { name: e.activityType },
        taskQueue: taskQueueOut(e.taskQueue),
        input: payloadsOut(e.input),
        scheduleToCloseTimeout: optDurationOut(e.scheduleToCloseTimeoutMs),
        scheduleToStartTimeout: optDurationOut(e.scheduleToStartTimeoutMs),
        startToCloseTimeout: optDurationOut(e.startToCloseTimeoutMs),
        heartbeatTimeout: optDurationOut(e.heartbeatTimeoutMs),
        workflowTaskCompletedEventId: long(e.workflowTaskCompletedEventId),
        retryPolicy: retryPolicyOut(e.retryPolicy),
        header: headerOut(e.header),
      }),
    }),
  },
  ActivityTaskStarted: {
    type: EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED,
    attributes: (e) => ({
      activityTaskStartedEventAttributes: definedFields({
        scheduledEventId: long(e.scheduledEventId),
        identity: e.identity,
        attempt: e.attempt,
        lastFailure: e.lastFailure ? failureOut(e.lastFailure) : undefined,
      }),
    }),
  },
  ActivityTaskCompleted: {
    type: EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED,
    attributes: (e) => ({
      activityTaskCompletedEventAttributes: definedFields({
        result: resultOut(e.result),
        scheduledEventId: long(e.scheduledEventId),
        startedEventId: long(e.startedEventId),
        identity: e.identity,
      }),
    }),
  },
  ActivityTaskFailed: {
    type: EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED,
    attributes: (e) => ({
      activityTaskFailedEventAttributes: definedFields({
        failure: failureOut(e.failure),
        scheduledEventId: long(e.scheduledEventId),
        startedEventId: long(e.startedEventId),
        identity: e.identity,
        retryState: retryStateOut(e.retryState),
      }),
    }),
  },
  ActivityTaskTimedOut: {
    type: EventType.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT,
    attributes: (e) => ({
      activityTaskTimedOutEventAttributes: {
        failure: failureOut(e.failure),
        scheduledEventId: long(e.scheduledEventId),
        startedEventId: long(e.startedEventId),
        retryState: retryStateOut(e.retryState),
      },
    }),
  },
  ActivityTaskCancelRequested: {
    type: EventType.EVENT_TYPE_ACTIVITY_TASK_CANCEL_REQUESTED,
    attributes: (e) => ({
      activityTaskCancelRequestedEventAttributes: {
        scheduledEventId: long(e.scheduledEventId),
        workflowTaskCompletedEventId: long(e.workflowTaskCompletedEventId),
      },
    }),
  },
  ActivityTaskCanceled: {
    type: EventType.EVENT_TYPE_ACTIVITY_TASK_CANCELED,
    attributes: (e) => ({
      activityTaskCanceledEventAttributes: definedFields({
        details: optPayloadsOut(e.details),
        scheduledEventId: long(e.scheduledEventId),
        startedEventId: long(e.startedEventId),
        identity: e.identity,
      }),
    }),
  },
  TimerStarted: {
    type: EventType.EVENT_TYPE_TIMER_STARTED,
    attributes: (e) => ({
      timerStartedEventAttributes: {
        timerId: e.timerId,
        startToFireTimeout: duration(e.startToFireTimeoutMs),
        workflowTaskCompletedEventId: long(e.workflowTaskCompletedEventId),
      },
    }),
  },
  TimerFired: {
    type: EventType.EVENT_TYPE_TIMER_FIRED,
    attributes: (e) => ({ timerFiredEventAttributes: { timerId: e.timerId, startedEventId: long(e.startedEventId) } }),
  },
  TimerCanceled: {
    type: EventType.EVENT_TYPE_TIMER_CANCELED,
    attributes: (e) => ({
      timerCanceledEventAttributes: {
        timerId: e.timerId,
        startedEventId: long(e.startedEventId),
        workflowTaskCompletedEventId: long(e.workflowTaskCompletedEventId),
      },
    }),
  },
  MarkerRecorded: {
    type: EventType.EVENT_TYPE_MARKER_RECORDED,
    attributes: (e) => ({
      markerRecordedEventAttributes: definedFields({
        markerName: e.markerName,
        details: markerDetailsOut(e),
        workflowTaskCompletedEventId: long(e.workflowTaskCompletedEventId),
        header: headerOut(e.header),
        failure: e.failure ? failureOut(e.failure) : undefined,
      }),
    }),
  },
  StartChildWorkflowExecutionInitiated: {
    type: EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED,
    attributes: (e, ctx) => ({
      startChildWorkflowExecutionInitiatedEventAttributes: definedFields({
        namespace: ctx.namespace,
        workflowId: e.workflowId,
        workflowType: { name: e.workflowType },
        taskQueue: taskQueueOut(e.taskQueue),
        input: payloadsOut(e.input),
        workflowExecutionTimeout: optDurationOut(e.workflowExecutionTimeoutMs),
        workflowRunTimeout: optDurationOut(e.workflowRunTimeoutMs),
        workflowTaskTimeout: optDurationOut(e.workflowTaskTimeoutMs),
        parentClosePolicy: PARENT_CLOSE_POLICIES_OUT[e.parentClosePolicy],
        workflowTaskCompletedEventId: long(e.workflowTaskCompletedEventId),
        header: headerOut(e.header),
      }),
    }),
  },
  StartChildWorkflowExecutionFailed: {
    type: EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_FAILED,
    attributes: (e, ctx) => ({
      startChildWorkflowExecutionFailedEventAttributes: definedFields({
        namespace: ctx.namespace,
        workflowId: e.workflowId,
        workflowType: { name: e.workflowType },
        cause:
          temporal.api.enums.v1.StartChildWorkflowExecutionFailedCause.START_CHILD_WORKFLOW_EXECUTION_FAILED_CAUSE_WORKFLOW_ALREADY_EXISTS,
        initiatedEventId: long(e.initiatedEventId),
        workflowTaskCompletedEventId: issuedBy(e.initiatedEventId, ctx),
      }),
    }),
  },
  ChildWorkflowExecutionStarted: {
    type: EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED,
    attributes: (e, ctx) => ({
      childWorkflowExecutionStartedEventAttributes: definedFields({
        namespace: ctx.namespace,
        initiatedEventId: long(e.initiatedEventId),
        workflowExecution: executionOut(e.workflowId, e.runId),
        workflowType: { name: e.workflowType },
        // Temporal repeats the child's start header here.
        header: headerOut(eventOf(ctx, e.initiatedEventId, 'StartChildWorkflowExecutionInitiated')?.header),
      }),
    }),
  },
  ChildWorkflowExecutionCompleted: {
    type: EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED,
    attributes: (e, ctx) => ({
      childWorkflowExecutionCompletedEventAttributes: { ...childOut(e, ctx), ...definedFields({ result: resultOut(e.result) }) },
    }),
  },
  ChildWorkflowExecutionFailed: {
    type: EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_FAILED,
    attributes: (e, ctx) => ({
      childWorkflowExecutionFailedEventAttributes: {
        ...childOut(e, ctx),
        failure: failureOut(e.failure),
        retryState: retryStateOut(e.retryState),
      },
    }),
  },
  ChildWorkflowExecutionCanceled: {
    type: EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_CANCELED,
    attributes: (e, ctx) => ({
      childWorkflowExecutionCanceledEventAttributes: { ...childOut(e, ctx), ...definedFields({ details: optPayloadsOut(e.details) }) },
    }),
  },
  ChildWorkflowExecutionTimedOut: {
    type: EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TIMED_OUT,
    attributes: (e, ctx) => ({
      childWorkflowExecutionTimedOutEventAttributes: { ...childOut(e, ctx), retryState: retryStateOut(e.retryState) },
    }),
  },
  ChildWorkflowExecutionTerminated: {
    type: EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TERMINATED,
    attributes: (e, ctx) => ({ childWorkflowExecutionTerminatedEventAttributes: childOut(e, ctx) }),
  },
  SignalExternalWorkflowExecutionInitiated: {
    type: EventType.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED,
    attributes: (e, ctx) => ({
      signalExternalWorkflowExecutionInitiatedEventAttributes: definedFields({
        workflowTaskCompletedEventId: long(e.workflowTaskCompletedEventId),
        namespace: ctx.namespace,
        workflowExecution: executionOut(e.workflowId, e.runId),
        signalName: e.signalName,
        input: payloadsOut(e.input),
        header: headerOut(e.header),
        childWorkflowOnly: e.childWorkflowOnly,
      }),
    }),
  },
  ExternalWorkflowExecutionSignaled: {
    type: EventType.EVENT_TYPE_EXTERNAL_WORKFLOW_EXECUTION_SIGNALED,
    attributes: (e, ctx) => ({
      externalWorkflowExecutionSignaledEventAttributes: definedFields({
        initiatedEventId: long(e.initiatedEventId),
        namespace: ctx.namespace,
        workflowExecution: executionOut(e.workflowId, e.runId),
      }),
    }),
  },
  SignalExternalWorkflowExecutionFailed: {
    type: EventType.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED,
    attributes: (e, ctx) => ({
      signalExternalWorkflowExecutionFailedEventAttributes: definedFields({
        cause:
          temporal.api.enums.v1.SignalExternalWorkflowExecutionFailedCause
            .SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED_CAUSE_EXTERNAL_WORKFLOW_EXECUTION_NOT_FOUND,
        workflowTaskCompletedEventId: issuedBy(e.initiatedEventId, ctx),
        namespace: ctx.namespace,
        workflowExecution: executionOut(e.workflowId, externalRunId(e.initiatedEventId, ctx)),
        initiatedEventId: long(e.initiatedEventId),
      }),
    }),
  },
  RequestCancelExternalWorkflowExecutionInitiated: {
    type: EventType.EVENT_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED,
    attributes: (e, ctx) => ({
      requestCancelExternalWorkflowExecutionInitiatedEventAttributes: definedFields({
        workflowTaskCompletedEventId: long(e.workflowTaskCompletedEventId),
        namespace: ctx.namespace,
        workflowExecution: executionOut(e.workflowId, e.runId),
        childWorkflowOnly: e.childWorkflowOnly,
      }),
    }),
  },
  ExternalWorkflowExecutionCancelRequested: {
    type: EventType.EVENT_TYPE_EXTERNAL_WORKFLOW_EXECUTION_CANCEL_REQUESTED,
    attributes: (e, ctx) => ({
      externalWorkflowExecutionCancelRequestedEventAttributes: definedFields({
        initiatedEventId: long(e.initiatedEventId),
        namespace: ctx.namespace,
        workflowExecution: executionOut(e.workflowId, e.runId),
      }),
    }),
  },
  RequestCancelExternalWorkflowExecutionFailed: {
    type: EventType.EVENT_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_FAILED,
    attributes: (e, ctx) => ({
      requestCancelExternalWorkflowExecutionFailedEventAttributes: definedFields({
        cause:
          temporal.api.enums.v1.CancelExternalWorkflowExecutionFailedCause
            .CANCEL_EXTERNAL_WORKFLOW_EXECUTION_FAILED_CAUSE_EXTERNAL_WORKFLOW_EXECUTION_NOT_FOUND,
        workflowTaskCompletedEventId: issuedBy(e.initiatedEventId, ctx),
        namespace: ctx.namespace,
        workflowExecution: executionOut(e.workflowId, externalRunId(e.initiatedEventId, ctx)),
        initiatedEventId: long(e.initiatedEventId),
      }),
    }),
  },
} satisfies EventOutTable;
