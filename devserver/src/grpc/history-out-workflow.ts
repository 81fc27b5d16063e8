// Rewind's workflow-level events (the run, its workflow tasks, signals, cancel requests, updates, search attributes, memo upserts) as Temporal's history events.
import type { WorkflowTaskFailedCause } from '@rewind/sdk/protocol';
import { definedFields } from '@rewind/sdk/internal/common/defined-fields';
import { retryStateOut, timeoutTypeOut } from './failure-enums';
import { failureOut } from './failures';
import { headerOut } from './headers';
import { eventOf, type EventOutTable } from './history-out-context';
import { executionOut, memoOut, optDurationOut, optPayloadsOut, retryPolicyOut, stickyTaskQueueOut, taskQueueOut } from './messages-out';
import { payloadsOut, resultOut } from './payloads';
import { duration, long, temporal } from './proto';
import { sdkMetadataOut } from './sdk-metadata';
import { typedSearchAttributesOut } from './search-attributes-typed';

const EventType = temporal.api.enums.v1.EventType;
const Initiator = temporal.api.enums.v1.ContinueAsNewInitiator;
const TaskFailed = temporal.api.enums.v1.WorkflowTaskFailedCause;

/**
 * Rewind's causes as Temporal's. Three are Rewind's own: a missing workflow type is, in Temporal, the
 * worker's unhandled failure; BAD_COMMAND (a Rewind worker's bad command, or a rule the engine checks)
 * is UNSPECIFIED here, as Temporal has one BAD_* cause per command type, which a Temporal worker's bad
 * commands are recorded with; a lost worker is a task that timed out in Temporal.
 * A replay only needs to know that the task did not count, which every cause says.
 */
const TASK_FAILED_CAUSES_OUT: Record<WorkflowTaskFailedCause, temporal.api.enums.v1.WorkflowTaskFailedCause> = {
  WORKFLOW_WORKER_UNHANDLED_FAILURE: TaskFailed.WORKFLOW_TASK_FAILED_CAUSE_WORKFLOW_WORKER_UNHANDLED_FAILURE,
  NON_DETERMINISTIC_ERROR: TaskFailed.WORKFLOW_TASK_FAILED_CAUSE_NON_DETERMINISTIC_ERROR,
  UNHANDLED_COMMAND: TaskFailed.WORKFLOW_TASK_FAILED_CAUSE_UNHANDLED_COMMAND,
  WORKFLOW_TYPE_NOT_REGISTERED: TaskFailed.WORKFLOW_TASK_FAILED_CAUSE_WORKFLOW_WORKER_UNHANDLED_FAILURE,
  BAD_COMMAND: TaskFailed.WORKFLOW_TASK_FAILED_CAUSE_UNSPECIFIED,
  WORKER_LOST: TaskFailed.WORKFLOW_TASK_FAILED_CAUSE_UNSPECIFIED,
  RESET_WORKFLOW: TaskFailed.WORKFLOW_TASK_FAILED_CAUSE_RESET_WORKFLOW,
  PENDING_ACTIVITIES_LIMIT_EXCEEDED: TaskFailed.WORKFLOW_TASK_FAILED_CAUSE_PENDING_ACTIVITIES_LIMIT_EXCEEDED,
  PENDING_CHILD_WORKFLOWS_LIMIT_EXCEEDED: TaskFailed.WORKFLOW_TASK_FAILED_CAUSE_PENDING_CHILD_WORKFLOWS_LIMIT_EXCEEDED,
  FORCE_CLOSE_COMMAND: TaskFailed.WORKFLOW_TASK_FAILED_CAUSE_FORCE_CLOSE_COMMAND,
  BAD_SCHEDULE_ACTIVITY_ATTRIBUTES: TaskFailed.WORKFLOW_TASK_FAILED_CAUSE_BAD_SCHEDULE_ACTIVITY_ATTRIBUTES,
  BAD_REQUEST_CANCEL_ACTIVITY_ATTRIBUTES: TaskFailed.WORKFLOW_TASK_FAILED_CAUSE_BAD_REQUEST_CANCEL_ACTIVITY_ATTRIBUTES,
  BAD_START_TIMER_ATTRIBUTES: TaskFailed.WORKFLOW_TASK_FAILED_CAUSE_BAD_START_TIMER_ATTRIBUTES,
  BAD_CANCEL_TIMER_ATTRIBUTES: TaskFailed.WORKFLOW_TASK_FAILED_CAUSE_BAD_CANCEL_TIMER_ATTRIBUTES,
  BAD_RECORD_MARKER_ATTRIBUTES: TaskFailed.WORKFLOW_TASK_FAILED_CAUSE_BAD_RECORD_MARKER_ATTRIBUTES,
  BAD_COMPLETE_WORKFLOW_EXECUTION_ATTRIBUTES: TaskFailed.WORKFLOW_TASK_FAILED_CAUSE_BAD_COMPLETE_WORKFLOW_EXECUTION_ATTRIBUTES,
  BAD_FAIL_WORKFLOW_EXECUTION_ATTRIBUTES: TaskFailed.WORKFLOW_TASK_FAILED_CAUSE_BAD_FAIL_WORKFLOW_EXECUTION_ATTRIBUTES,
  BAD_CANCEL_WORKFLOW_EXECUTION_ATTRIBUTES: TaskFailed.WORKFLOW_TASK_FAILED_CAUSE_BAD_CANCEL_WORKFLOW_EXECUTION_ATTRIBUTES,
  BAD_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_ATTRIBUTES:
    TaskFailed.WORKFLOW_TASK_FAILED_CAUSE_BAD_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_ATTRIBUTES,
  BAD_CONTINUE_AS_NEW_ATTRIBUTES: TaskFailed.WORKFLOW_TASK_FAILED_CAUSE_BAD_CONTINUE_AS_NEW_ATTRIBUTES,
  BAD_START_CHILD_EXECUTION_ATTRIBUTES: TaskFailed.WORKFLOW_TASK_FAILED_CAUSE_BAD_START_CHILD_EXECUTION_ATTRIBUTES,
  BAD_SIGNAL_WORKFLOW_EXECUTION_ATTRIBUTES: TaskFailed.WORKFLOW_TASK_FAILED_CAUSE_BAD_SIGNAL_WORKFLOW_EXECUTION_ATTRIBUTES,
  BAD_SEARCH_ATTRIBUTES: TaskFailed.WORKFLOW_TASK_FAILED_CAUSE_BAD_SEARCH_ATTRIBUTES,
  BAD_MODIFY_WORKFLOW_PROPERTIES_ATTRIBUTES: TaskFailed.WORKFLOW_TASK_FAILED_CAUSE_BAD_MODIFY_WORKFLOW_PROPERTIES_ATTRIBUTES,
};

const INITIATORS_OUT = {
  CONTINUE_AS_NEW: Initiator.CONTINUE_AS_NEW_INITIATOR_WORKFLOW,
  CRON_SCHEDULE: Initiator.CONTINUE_AS_NEW_INITIATOR_CRON_SCHEDULE,
  RETRY: Initiator.CONTINUE_AS_NEW_INITIATOR_RETRY,
} as const;

/** The id of the message that delivered an update's request to the worker, as Temporal's server names it. */
export const updateRequestMessageId = (updateId: string): string => `${updateId}/request`;

export const WORKFLOW_EVENTS_OUT = {
  WorkflowExecutionStarted: {
    type: EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED,
    attributes: (e, ctx) => ({
      workflowExecutionStartedEventAttributes: definedFields({
        workflowType: { name: e.workflowType },
        parentWorkflowNamespace: e.parent?.namespace,
        parentWorkflowExecution: e.parent ? executionOut(e.parent.workflowId, e.parent.runId) : undefined,
        parentInitiatedEventId: e.parent ? long(e.parent.initiatedEventId) : undefined,
        taskQueue: taskQueueOut(e.taskQueue),
        input: payloadsOut(e.input),
        workflowExecutionTimeout: optDurationOut(e.workflowExecutionTimeoutMs),
        workflowRunTimeout: optDurationOut(e.workflowRunTimeoutMs),
        workflowTaskTimeout: optDurationOut(e.workflowTaskTimeoutMs),
        continuedExecutionRunId: e.continuedExecutionRunId,
        initiator: e.initiator ? INITIATORS_OUT[e.initiator] : undefined,
        continuedFailure: e.continuedFailure ? failureOut(e.continuedFailure) : undefined,
        lastCompletionResult: resultOut(e.lastCompletionResult),
        originalExecutionRunId: e.originalExecutionRunId,
        identity: e.identity,
        firstExecutionRunId: e.firstExecutionRunId,
        attempt: e.attempt,
        cronSchedule: e.cronSchedule,
        firstWorkflowTaskBackoff: optDurationOut(e.firstWorkflowTaskBackoffMs),
        retryPolicy: e.retryPolicy ? retryPolicyOut(e.retryPolicy) : undefined,
        memo: memoOut(e.memo),
        searchAttributes: typedSearchAttributesOut(e.searchAttributes, ctx.searchAttributeType),
        header: headerOut(e.header),
        workflowId: ctx.workflowId,
      }),
    }),
  },
  WorkflowExecutionCompleted: {
    type: EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED,
    attributes: (e) => ({
      workflowExecutionCompletedEventAttributes: definedFields({
        result: resultOut(e.result),
        workflowTaskCompletedEventId: long(e.workflowTaskCompletedEventId),
        newExecutionRunId: e.newExecutionRunId,
      }),
    }),
  },
  WorkflowExecutionFailed: {
    type: EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED,
    attributes: (e) => ({
      workflowExecutionFailedEventAttributes: definedFields({
        failure: failureOut(e.failure),
        retryState: retryStateOut(e.retryState),
        workflowTaskCompletedEventId: long(e.workflowTaskCompletedEventId),
        newExecutionRunId: e.newExecutionRunId,
      }),
    }),
  },
  WorkflowExecutionTimedOut: {
    type: EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT,
    attributes: (e) => ({
      workflowExecutionTimedOutEventAttributes: definedFields({
        retryState: retryStateOut(e.retryState),
        newExecutionRunId: e.newExecutionRunId,
      }),
    }),
  },
  WorkflowExecutionCanceled: {
    type: EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED,
    attributes: (e) => ({
      workflowExecutionCanceledEventAttributes: definedFields({
        workflowTaskCompletedEventId: long(e.workflowTaskCompletedEventId),
        details: optPayloadsOut(e.details),
      }),
    }),
  },
  WorkflowExecutionTerminated: {
    type: EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED,
    attributes: (e) => ({
      workflowExecutionTerminatedEventAttributes: definedFields({
        reason: e.reason,
        details: optPayloadsOut(e.details),
        identity: e.identity,
      }),
    }),
  },
  WorkflowExecutionContinuedAsNew: {
    type: EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW,
    attributes: (e) => ({
      workflowExecutionContinuedAsNewEventAttributes: definedFields({
        newExecutionRunId: e.newExecutionRunId,
        workflowType: { name: e.workflowType },
        taskQueue: taskQueueOut(e.taskQueue),
        input: payloadsOut(e.input),
        workflowRunTimeout: optDurationOut(e.workflowRunTimeoutMs),
        workflowTaskTimeout: optDurationOut(e.workflowTaskTimeoutMs),
        workflowTaskCompletedEventId: long(e.workflowTaskCompletedEventId),
        // The event is written for the command of the workflow (a cron's next run is named in the close event instead).
        initiator: Initiator.CONTINUE_AS_NEW_INITIATOR_WORKFLOW,
        header: headerOut(e.header),
      }),
    }),
  },
  WorkflowExecutionCancelRequested: {
    type: EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED,
    attributes: (e) => ({
      workflowExecutionCancelRequestedEventAttributes: definedFields({ cause: e.cause, identity: e.identity }),
    }),
  },
  WorkflowExecutionSignaled: {
    type: EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED,
    attributes: (e) => ({
      workflowExecutionSignaledEventAttributes: definedFields({
        signalName: e.signalName,
        input: payloadsOut(e.input),
        identity: e.identity,
        header: headerOut(e.header),
        requestId: e.requestId,
      }),
    }),
  },
  WorkflowTaskScheduled: {
    type: EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
    attributes: (e) => ({
      workflowTaskScheduledEventAttributes: {
        taskQueue: e.stickyTaskQueue ? stickyTaskQueueOut(e.stickyTaskQueue, e.taskQueue) : taskQueueOut(e.taskQueue),
        startToCloseTimeout: duration(e.startToCloseTimeoutMs),
        attempt: e.attempt,
      },
    }),
  },
  WorkflowTaskStarted: {
    type: EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED,
    attributes: (e) => ({
      workflowTaskStartedEventAttributes: definedFields({
        scheduledEventId: long(e.scheduledEventId),
        identity: e.identity,
        historySizeBytes: e.historySizeBytes === undefined ? undefined : long(e.historySizeBytes),
        suggestContinueAsNew: e.suggestContinueAsNew,
      }),
    }),
  },
  WorkflowTaskCompleted: {
    type: EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
    attributes: (e) => ({
      workflowTaskCompletedEventAttributes: definedFields({
        scheduledEventId: long(e.scheduledEventId),
        startedEventId: long(e.startedEventId),
        identity: e.identity,
        sdkMetadata: sdkMetadataOut(e.sdkMetadata),
      }),
    }),
  },
  WorkflowTaskFailed: {
    type: EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED,
    attributes: (e) => ({
      workflowTaskFailedEventAttributes: definedFields({
        scheduledEventId: long(e.scheduledEventId),
        startedEventId: long(e.startedEventId),
        cause: TASK_FAILED_CAUSES_OUT[e.cause],
        failure: failureOut(e.failure),
        identity: e.identity,
        baseRunId: e.baseRunId,
        newRunId: e.newRunId,
      }),
    }),
  },
  WorkflowTaskTimedOut: {
    type: EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT,
    attributes: (e) => ({
      workflowTaskTimedOutEventAttributes: {
        scheduledEventId: long(e.scheduledEventId),
        startedEventId: long(e.startedEventId),
        timeoutType: timeoutTypeOut(e.timeoutType),
      },
    }),
  },
  UpsertWorkflowSearchAttributes: {
    type: EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES,
    attributes: (e, ctx) => ({
      upsertWorkflowSearchAttributesEventAttributes: {
        workflowTaskCompletedEventId: long(e.workflowTaskCompletedEventId),
        searchAttributes: typedSearchAttributesOut(e.searchAttributes, ctx.searchAttributeType),
      },
    }),
  },
  WorkflowPropertiesModified: {
    type: EventType.EVENT_TYPE_WORKFLOW_PROPERTIES_MODIFIED,
    attributes: (e) => ({
      workflowPropertiesModifiedEventAttributes: {
        workflowTaskCompletedEventId: long(e.workflowTaskCompletedEventId),
        upsertedMemo: memoOut(e.upsertedMemo),
      },
    }),
  },
  WorkflowExecutionUpdateAccepted: {
    type: EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED,
    attributes: (e, ctx) => {
      // Temporal's server sequences an update's request after the events before its task's start: the core
      // replays the update at that point. Known only with the task's completed event.
      const task = eventOf(ctx, e.workflowTaskCompletedEventId, 'WorkflowTaskCompleted');
      return {
        workflowExecutionUpdateAcceptedEventAttributes: definedFields({
          protocolInstanceId: e.updateId,
          acceptedRequestMessageId: updateRequestMessageId(e.updateId),
          acceptedRequestSequencingEventId: task ? long(task.startedEventId - 1) : undefined,
          acceptedRequest: {
            meta: definedFields({ updateId: e.updateId, identity: e.identity }),
            input: definedFields({ header: headerOut(e.header), name: e.name, args: payloadsOut(e.input) }),
          },
        }),
      };
    },
  },
  WorkflowExecutionUpdateCompleted: {
    type: EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED,
    attributes: (e) => ({
      workflowExecutionUpdateCompletedEventAttributes: {
        meta: { updateId: e.updateId },
        acceptedEventId: long(e.acceptedEventId),
        // An outcome is one of the two; a handler that returned nothing succeeded with no payload.
        outcome: e.failure ? { failure: failureOut(e.failure) } : { success: resultOut(e.result) ?? { payloads: [] } },
      },
    }),
  },
} satisfies EventOutTable;
