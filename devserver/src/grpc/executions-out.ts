// Runs as Temporal's visibility shows them, from Rewind's: a list entry (WorkflowExecutionInfo) and a
// description (DescribeWorkflowExecutionResponse: pending activities, children and workflow task).
import type {
  ExecutionStatus,
  PendingActivityInfo,
  PendingChildInfo,
  PendingWorkflowTaskInfo,
  WorkflowDescription,
  WorkflowExecutionInfo,
} from '@rewind/sdk/protocol';
import { definedFields } from '@rewind/sdk/internal/common/defined-fields';
import { failureOut } from './failures';
import { userMetadataOut } from './headers';
import { executionOut, memoOut, optDurationOut, taskQueueOut } from './messages-out';
import { payloadsOut } from './payloads';
import { long, temporal, timestamp } from './proto';
import { typedSearchAttributesOut, type SearchAttributeTypeLookup } from './search-attributes-typed';

const enums = temporal.api.enums.v1;
type Described = temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse.$Properties;
type ExecutionInfoOut = temporal.api.workflow.v1.WorkflowExecutionInfo.$Properties;

export const STATUS_OUT: Record<ExecutionStatus, temporal.api.enums.v1.WorkflowExecutionStatus> = {
  RUNNING: enums.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING,
  COMPLETED: enums.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED,
  FAILED: enums.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_FAILED,
  CANCELLED: enums.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_CANCELED,
  TERMINATED: enums.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TERMINATED,
  CONTINUED_AS_NEW: enums.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_CONTINUED_AS_NEW,
  TIMED_OUT: enums.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TIMED_OUT,
};

/** Temporal has no BACKOFF state for an activity: one waiting for its retry is SCHEDULED, with its next attempt's time. */
const ACTIVITY_STATE: Record<PendingActivityInfo['state'], temporal.api.enums.v1.PendingActivityState> = {
  SCHEDULED: enums.PendingActivityState.PENDING_ACTIVITY_STATE_SCHEDULED,
  BACKOFF: enums.PendingActivityState.PENDING_ACTIVITY_STATE_SCHEDULED,
  STARTED: enums.PendingActivityState.PENDING_ACTIVITY_STATE_STARTED,
  CANCEL_REQUESTED: enums.PendingActivityState.PENDING_ACTIVITY_STATE_CANCEL_REQUESTED,
};

/** Temporal has no BACKOFF state for a workflow task either: a task waiting to be retried is scheduled. */
const WORKFLOW_TASK_STATE: Record<PendingWorkflowTaskInfo['state'], temporal.api.enums.v1.PendingWorkflowTaskState> = {
  SCHEDULED: enums.PendingWorkflowTaskState.PENDING_WORKFLOW_TASK_STATE_SCHEDULED,
  BACKOFF: enums.PendingWorkflowTaskState.PENDING_WORKFLOW_TASK_STATE_SCHEDULED,
  STARTED: enums.PendingWorkflowTaskState.PENDING_WORKFLOW_TASK_STATE_STARTED,
};

const PARENT_CLOSE_POLICY: Record<PendingChildInfo['parentClosePolicy'], temporal.api.enums.v1.ParentClosePolicy> = {
  TERMINATE: enums.ParentClosePolicy.PARENT_CLOSE_POLICY_TERMINATE,
  ABANDON: enums.ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON,
  REQUEST_CANCEL: enums.ParentClosePolicy.PARENT_CLOSE_POLICY_REQUEST_CANCEL,
};

/** A run as a list shows it, its search attributes typed by `typeOf` (the namespace's registered types). */
export function executionInfoOut(e: WorkflowExecutionInfo, typeOf?: SearchAttributeTypeLookup): ExecutionInfoOut {
  return {
    execution: executionOut(e.workflowId, e.runId),
    type: { name: e.workflowType },
    taskQueue: e.taskQueue,
    status: STATUS_OUT[e.status],
    startTime: timestamp(e.startTime),
    // Rewind keeps no separate execution time (a start delay or cron wait): the start is the nearest it has.
    executionTime: timestamp(e.startTime),
    historyLength: long(e.historyLength),
    ...definedFields({
      closeTime: e.closeTime === undefined ? undefined : timestamp(e.closeTime),
      memo: memoOut(e.memo),
      searchAttributes: typedSearchAttributesOut(e.searchAttributes, typeOf),
    }),
  };
}

function pendingActivityOut(a: PendingActivityInfo): temporal.api.workflow.v1.PendingActivityInfo.$Properties {
  return {
    activityId: a.activityId,
    activityType: { name: a.activityType },
    state: ACTIVITY_STATE[a.state],
    attempt: a.attempt,
    maximumAttempts: a.maximumAttempts,
    ...definedFields({
      heartbeatDetails: payloadsOut(a.heartbeatDetails),
      lastHeartbeatTime: a.lastHeartbeatTime === undefined ? undefined : timestamp(a.lastHeartbeatTime),
      lastStartedTime: a.lastStartedTime === undefined ? undefined : timestamp(a.lastStartedTime),
      nextAttemptScheduleTime: a.nextAttemptScheduleTime === undefined ? undefined : timestamp(a.nextAttemptScheduleTime),
      lastFailure: a.lastFailure === undefined ? undefined : failureOut(a.lastFailure),
      lastWorkerIdentity: a.lastWorkerIdentity,
    }),
  };
}

function pendingChildOut(c: PendingChildInfo): temporal.api.workflow.v1.PendingChildExecutionInfo.$Properties {
  return {
    workflowId: c.workflowId,
    runId: c.runId ?? '',
    workflowTypeName: c.workflowType,
    initiatedId: long(c.initiatedEventId),
    parentClosePolicy: PARENT_CLOSE_POLICY[c.parentClosePolicy],
  };
}

function pendingWorkflowTaskOut(t: PendingWorkflowTaskInfo): temporal.api.workflow.v1.PendingWorkflowTaskInfo.$Properties {
  return {
    state: WORKFLOW_TASK_STATE[t.state],
    scheduledTime: timestamp(t.scheduledTime),
    originalScheduledTime: timestamp(t.scheduledTime),
    attempt: t.attempt,
    ...definedFields({ startedTime: t.startedTime === undefined ? undefined : timestamp(t.startedTime) }),
  };
}

/** A run as DescribeWorkflowExecution answers (what the client's `handle.describe()` shows, and its `raw`). */
export function describedOut(d: WorkflowDescription, typeOf?: SearchAttributeTypeLookup): Described {
  return {
    executionConfig: {
      taskQueue: taskQueueOut(d.taskQueue),
      ...definedFields({
        workflowExecutionTimeout: optDurationOut(d.workflowExecutionTimeoutMs),
        workflowRunTimeout: optDurationOut(d.workflowRunTimeoutMs),
        defaultWorkflowTaskTimeout: optDurationOut(d.workflowTaskTimeoutMs),
        userMetadata: userMetadataOut(d.userMetadata),
      }),
    },
    workflowExecutionInfo: {
      ...executionInfoOut(d, typeOf),
      firstRunId: d.firstExecutionRunId,
      ...definedFields({ parentExecution: d.parent ? executionOut(d.parent.workflowId, d.parent.runId) : undefined }),
    },
    pendingActivities: d.pendingActivities.map(pendingActivityOut),
    pendingChildren: (d.pendingChildren ?? []).map(pendingChildOut),
    ...definedFields({ pendingWorkflowTask: d.pendingWorkflowTask ? pendingWorkflowTaskOut(d.pendingWorkflowTask) : undefined }),
  };
}
