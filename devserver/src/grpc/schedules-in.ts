// Temporal's Schedule message (action, policies, state) and its patches as the parameters of Rewind's
// `schedule.*` requests. What Rewind's schedules cannot do is refused naming the field (INVALID_ARGUMENT).
import * as grpc from '@grpc/grpc-js';
import type { RequestParams, ScheduleBackfillData, ScheduleOverlapPolicyName } from '@rewind/sdk/protocol';
import { definedFields } from '@rewind/sdk/internal/common/defined-fields';
import { RequestError } from './grpc-errors';
import { headerIn, userMetadataIn } from './headers';
import { payloadMapIn, payloadsIn } from './payloads';
import { durationMs, num, temporal, timestampMs } from './proto';
import { retryPolicyIn } from './retry-policy-in';
import { scheduleSpecIn } from './schedule-spec-in';
import { searchAttributesIn } from './search-attributes';

type Body = Pick<RequestParams<'schedule.create'>, 'spec' | 'action' | 'policies' | 'state'>;
const Overlap = temporal.api.enums.v1.ScheduleOverlapPolicy;

export const OVERLAP_IN: Record<temporal.api.enums.v1.ScheduleOverlapPolicy, ScheduleOverlapPolicyName | undefined> = {
  [Overlap.SCHEDULE_OVERLAP_POLICY_UNSPECIFIED]: undefined,
  [Overlap.SCHEDULE_OVERLAP_POLICY_SKIP]: 'SKIP',
  [Overlap.SCHEDULE_OVERLAP_POLICY_BUFFER_ONE]: 'BUFFER_ONE',
  [Overlap.SCHEDULE_OVERLAP_POLICY_BUFFER_ALL]: 'BUFFER_ALL',
  [Overlap.SCHEDULE_OVERLAP_POLICY_CANCEL_OTHER]: 'CANCEL_OTHER',
  [Overlap.SCHEDULE_OVERLAP_POLICY_TERMINATE_OTHER]: 'TERMINATE_OTHER',
  [Overlap.SCHEDULE_OVERLAP_POLICY_ALLOW_ALL]: 'ALLOW_ALL',
};

const invalid = (field: string, problem: string): RequestError => new RequestError(grpc.status.INVALID_ARGUMENT, `${field}: ${problem}`);

export const overlapIn = (p: temporal.api.enums.v1.ScheduleOverlapPolicy | null | undefined): ScheduleOverlapPolicyName | undefined =>
  p ? OVERLAP_IN[p] : undefined;

/** A Schedule message (CreateSchedule's and UpdateSchedule's `schedule`) as Rewind's spec, action, policies and state. */
export function scheduleIn(s: temporal.api.schedule.v1.ISchedule | null | undefined): Body {
  if (!s) throw invalid('schedule', 'not set; send the schedule (spec, action, policies, state).');
  if (s.policies?.keepOriginalWorkflowId) {
    throw invalid(
      'schedule.policies.keepOriginalWorkflowId',
      "not supported by Rewind yet: each run's workflow id is the action's workflowId, a dash and its scheduled time; leave it false.",
    );
  }
  return {
    spec: scheduleSpecIn(s.spec, 'schedule.spec'),
    action: actionIn(s.action),
    policies: definedFields({
      overlap: overlapIn(s.policies?.overlapPolicy),
      catchupWindowMs: durationMs(s.policies?.catchupWindow),
      pauseOnFailure: s.policies?.pauseOnFailure || undefined,
    }),
    state: definedFields({
      paused: s.state?.paused || undefined,
      note: s.state?.notes || undefined,
      remainingActions: s.state?.limitedActions ? num(s.state.remainingActions) : undefined,
    }),
  };
}

function actionIn(a: temporal.api.schedule.v1.IScheduleAction | null | undefined): Body['action'] {
  const w = a?.startWorkflow;
  const at = 'schedule.action.startWorkflow';
  if (!w) throw invalid(at, "not set; a schedule's action starts a workflow (the only action Temporal has).");
  if (w.workflowIdReusePolicy)
    throw invalid(`${at}.workflowIdReusePolicy`, "not valid in a schedule's action (as in Temporal); leave it out.");
  if (w.cronSchedule)
    throw invalid(`${at}.cronSchedule`, "not valid in a schedule's action (as in Temporal): the schedule's spec says when.");
  return {
    type: 'startWorkflow',
    workflowId: w.workflowId ?? '',
    workflowType: w.workflowType?.name ?? '',
    taskQueue: w.taskQueue?.name ?? '',
    args: payloadsIn(w.input),
    ...definedFields({
      workflowExecutionTimeoutMs: durationMs(w.workflowExecutionTimeout),
      workflowRunTimeoutMs: durationMs(w.workflowRunTimeout),
      workflowTaskTimeoutMs: durationMs(w.workflowTaskTimeout),
      retryPolicy: w.retryPolicy ? retryPolicyIn(w.retryPolicy) : undefined,
      memo: payloadMapIn(w.memo?.fields),
      searchAttributes: searchAttributesIn(w.searchAttributes),
      header: headerIn(w.header),
      userMetadata: userMetadataIn(w.userMetadata),
    }),
  };
}

/**
 * Backfill requests as Rewind's backfills. Temporal's range leaves out its start time and takes its end
 * time; Rewind's takes both, so it starts a millisecond later; an empty range asks for nothing.
 */
export function backfillsIn(requests: readonly temporal.api.schedule.v1.IBackfillRequest[], at: string): ScheduleBackfillData[] {
  return requests.flatMap((b, i) => {
    const startMs = timestampMs(b.startTime);
    const endMs = timestampMs(b.endTime);
    if (startMs === undefined) throw invalid(`${at}[${i}].startTime`, 'not set; a backfill takes the times after its start up to its end.');
    if (endMs === undefined) throw invalid(`${at}[${i}].endTime`, 'not set; a backfill takes the times after its start up to its end.');
    if (endMs <= startMs) return [];
    const overlap = overlapIn(b.overlapPolicy);
    return [{ startMs: startMs + 1, endMs, ...(overlap ? { overlap } : {}) }];
  });
}
