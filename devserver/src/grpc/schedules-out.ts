// A Rewind schedule's description as Temporal's server gives it: DescribeScheduleResponse (the schedule,
// its info, memo, search attributes and conflict token) and ListSchedules' entry.
import type { RetryPolicyData, ScheduleActionData, ScheduleDescriptionData, ScheduleOverlapPolicyName } from '@rewind/sdk/protocol';
import { definedFields } from '@rewind/sdk/internal/common/defined-fields';
import { STATUS_OUT } from './executions-out';
import { headerOut, userMetadataOut } from './headers';
import { memoOut, optDurationOut, taskQueueOut } from './messages-out';
import { payloadOut } from './payloads';
import { duration, long, temporal, timestamp } from './proto';
import { scheduleSpecOut } from './schedule-spec-out';
import { typedSearchAttributesOut } from './search-attributes-typed';

type Described = temporal.api.workflowservice.v1.IDescribeScheduleResponse;
const Overlap = temporal.api.enums.v1.ScheduleOverlapPolicy;

const OVERLAP_OUT: Record<ScheduleOverlapPolicyName, temporal.api.enums.v1.ScheduleOverlapPolicy> = {
  SKIP: Overlap.SCHEDULE_OVERLAP_POLICY_SKIP,
  BUFFER_ONE: Overlap.SCHEDULE_OVERLAP_POLICY_BUFFER_ONE,
  BUFFER_ALL: Overlap.SCHEDULE_OVERLAP_POLICY_BUFFER_ALL,
  CANCEL_OTHER: Overlap.SCHEDULE_OVERLAP_POLICY_CANCEL_OTHER,
  TERMINATE_OTHER: Overlap.SCHEDULE_OVERLAP_POLICY_TERMINATE_OTHER,
  ALLOW_ALL: Overlap.SCHEDULE_OVERLAP_POLICY_ALLOW_ALL,
};

/** The conflict token as bytes (Temporal's is an opaque `bytes`; Rewind's a string). */
export const conflictTokenOut = (token: string): Buffer => Buffer.from(token, 'utf8');

export function describedScheduleOut(d: ScheduleDescriptionData): Described {
  return {
    schedule: {
      spec: scheduleSpecOut(d.spec),
      action: { startWorkflow: actionOut(d.action) },
      policies: {
        overlapPolicy: OVERLAP_OUT[d.policies.overlap],
        catchupWindow: duration(d.policies.catchupWindowMs),
        pauseOnFailure: d.policies.pauseOnFailure,
        keepOriginalWorkflowId: false,
      },
      state: {
        notes: d.state.note ?? '',
        paused: d.state.paused,
        limitedActions: d.state.remainingActions !== undefined,
        remainingActions: long(d.state.remainingActions ?? 0),
      },
    },
    info: {
      actionCount: long(d.info.numActionsTaken),
      missedCatchupWindow: long(d.info.numActionsMissedCatchupWindow),
      overlapSkipped: long(d.info.numActionsSkippedOverlap),
      bufferDropped: long(0),
      bufferSize: long(d.info.bufferedActions),
      runningWorkflows: d.info.runningActions.map((r) => ({ workflowId: r.workflowId, runId: r.firstExecutionRunId })),
      recentActions: recentActionsOut(d),
      futureActionTimes: d.info.nextActionTimes.map((t) => timestamp(t)),
      createTime: timestamp(d.info.createdAt),
      ...(d.info.lastUpdatedAt ? { updateTime: timestamp(d.info.lastUpdatedAt) } : {}),
    },
    ...definedFields({ memo: memoOut(d.memo), searchAttributes: typedSearchAttributesOut(d.searchAttributes) }),
    conflictToken: conflictTokenOut(d.conflictToken),
  };
}

/** A schedule as ListSchedules lists it. */
export function scheduleListEntryOut(d: ScheduleDescriptionData): temporal.api.schedule.v1.IScheduleListEntry {
  return {
    scheduleId: d.scheduleId,
    ...definedFields({ memo: memoOut(d.memo), searchAttributes: typedSearchAttributesOut(d.searchAttributes) }),
    info: {
      spec: scheduleSpecOut(d.spec),
      workflowType: { name: d.action.workflowType },
      notes: d.state.note ?? '',
      paused: d.state.paused,
      recentActions: recentActionsOut(d),
      futureActionTimes: d.info.nextActionTimes.map((t) => timestamp(t)),
    },
  };
}

function recentActionsOut(d: ScheduleDescriptionData): temporal.api.schedule.v1.IScheduleActionResult[] {
  return d.info.recentActions.map((a) => ({
    scheduleTime: timestamp(a.scheduledAt),
    actualTime: timestamp(a.takenAt),
    startWorkflowResult: { workflowId: a.workflowId, runId: a.firstExecutionRunId },
    ...(a.status ? { startWorkflowStatus: STATUS_OUT[a.status] } : {}),
  }));
}

function actionOut(a: ScheduleActionData): temporal.api.workflow.v1.INewWorkflowExecutionInfo {
  return {
    workflowId: a.workflowId,
    workflowType: { name: a.workflowType },
    taskQueue: taskQueueOut(a.taskQueue),
    input: { payloads: a.args.map(payloadOut) },
    ...definedFields({
      workflowExecutionTimeout: optDurationOut(a.workflowExecutionTimeoutMs),
      workflowRunTimeout: optDurationOut(a.workflowRunTimeoutMs),
      workflowTaskTimeout: optDurationOut(a.workflowTaskTimeoutMs),
      retryPolicy: a.retryPolicy ? retryPolicyOut(a.retryPolicy) : undefined,
      memo: memoOut(a.memo),
      searchAttributes: typedSearchAttributesOut(a.searchAttributes),
      header: headerOut(a.header),
      userMetadata: userMetadataOut(a.userMetadata),
    }),
  };
}

/** The retry policy as it was given (what was left out stays out, for the server's defaults). */
function retryPolicyOut(r: Partial<RetryPolicyData>): temporal.api.common.v1.IRetryPolicy {
  return definedFields({
    initialInterval: optDurationOut(r.initialIntervalMs),
    backoffCoefficient: r.backoffCoefficient,
    maximumInterval: optDurationOut(r.maximumIntervalMs),
    maximumAttempts: r.maximumAttempts,
    nonRetryableErrorTypes: r.nonRetryableErrorTypes ? [...r.nonRetryableErrorTypes] : undefined,
  });
}
