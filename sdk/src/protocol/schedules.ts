// Schedules on the wire: when to act (cron expressions, intervals), what to do (start a workflow),
// what to do when the last run is still going (overlap policy), and what the server reports back.
import type { ExecutionStatus } from './history';
import { headerSchema, userMetadataSchema } from './headers';
import type { SearchAttributes } from './search-attributes';
import { newWorkflowFields, retryPolicySchema, searchAttributesSchema } from './new-workflow-fields';
import type { Payload } from './payload';
import { array, bool, int, literal, name, object, optional, payload, record, str, type Infer } from './schema';

export const scheduleOverlapPolicySchema = literal('SKIP', 'BUFFER_ONE', 'BUFFER_ALL', 'CANCEL_OTHER', 'TERMINATE_OTHER', 'ALLOW_ALL');
export type ScheduleOverlapPolicyName = Infer<typeof scheduleOverlapPolicySchema>;

export const scheduleSpecSchema = object({
  cronExpressions: optional(array(str({ min: 1, max: 500 }), { max: 100 })),
  intervals: optional(array(object({ everyMs: int({ min: 1000 }), offsetMs: optional(int({ min: 0 })) }), { max: 100 })),
  /** Epoch ms: no action before / after. */
  startAtMs: optional(int({ min: 0 })),
  endAtMs: optional(int({ min: 0 })),
});
export type ScheduleSpecData = Infer<typeof scheduleSpecSchema>;

export const scheduleActionSchema = object({
  type: literal('startWorkflow'),
  /** workflowId: each run gets this id followed by the scheduled time: `nightly-2026-11-25T03:00:00Z`. */
  ...newWorkflowFields(),
  /** Each run's retry policy (a failed or timed-out run is retried in a new run). */
  retryPolicy: optional(retryPolicySchema),
  /** Each run's header (context for its interceptors), as Temporal's schedule action keeps it. */
  header: headerSchema(),
  /** Each run's summary and details for user interfaces. */
  userMetadata: userMetadataSchema(),
});
export type ScheduleActionData = Infer<typeof scheduleActionSchema>;

export const schedulePoliciesSchema = object({
  overlap: optional(scheduleOverlapPolicySchema),
  /** After the server was down: actions missed by more than this are not taken. Default one year. */
  catchupWindowMs: optional(int({ min: 1000 })),
  /** Pause the schedule when a run it started fails or times out. */
  pauseOnFailure: optional(bool()),
});

export const scheduleStateSchema = object({
  paused: optional(bool()),
  note: optional(str({ max: 10_000 })),
  /** Take only this many more actions. */
  remainingActions: optional(int({ min: 0 })),
});

/** Action times to take at once, as if they passed now: those of the spec from `startMs` to `endMs` (both included). */
export const scheduleBackfillSchema = object({
  startMs: int({ min: 0 }),
  endMs: int({ min: 0 }),
  /** Default: the schedule's own overlap policy. */
  overlap: optional(scheduleOverlapPolicySchema),
});
export type ScheduleBackfillData = Infer<typeof scheduleBackfillSchema>;

const target = { namespace: name(), scheduleId: name() };
const body = {
  spec: scheduleSpecSchema,
  action: scheduleActionSchema,
  policies: optional(schedulePoliciesSchema),
  state: optional(scheduleStateSchema),
  /** The schedule's own search attributes (not its runs'): they replace the old ones on update. */
  searchAttributes: searchAttributesSchema(),
};

export const scheduleRequestSchemas = {
  'schedule.create': object({
    ...target,
    ...body,
    memo: optional(record(payload(), { maxKeys: 100 })),
    triggerImmediately: optional(bool()),
    /** Backfills taken once the schedule is created. */
    backfill: optional(array(scheduleBackfillSchema, { max: 100 })),
    requestId: name(),
  }),
  'schedule.update': object({
    ...target,
    ...body,
    /** The describe()'s conflictToken: the update is refused (FAILED_PRECONDITION) if the schedule changed since. */
    conflictToken: optional(str({ max: 100 })),
  }),
  'schedule.describe': object(target),
  'schedule.list': object({
    namespace: name(),
    pageSize: optional(int({ min: 1, max: 1000 })),
    nextPageToken: optional(str({ max: 1000 })),
  }),
  'schedule.pause': object({ ...target, note: optional(str({ max: 10_000 })) }),
  'schedule.unpause': object({ ...target, note: optional(str({ max: 10_000 })) }),
  'schedule.trigger': object({
    ...target,
    overlap: optional(scheduleOverlapPolicySchema),
    /** The action time the run is for (its workflow id ends with it); default now (Temporal's scheduled_time). */
    scheduledAtMs: optional(int({ min: 0 })),
  }),
  'schedule.delete': object(target),
  'schedule.backfill': object({ ...target, backfills: array(scheduleBackfillSchema, { max: 100 }) }),
  /** The spec's times from `startMs` to `endMs` (both included), at most 1,000 (Temporal's ListScheduleMatchingTimes). */
  'schedule.matchingTimes': object({ ...target, startMs: int({ min: 0 }), endMs: int({ min: 0 }) }),
};

export interface ScheduleActionResult {
  /** ISO time the action was scheduled for, and when it was taken. */
  scheduledAt: string;
  takenAt: string;
  workflowId: string;
  firstExecutionRunId: string;
  /** The run's status when described (undefined if the server no longer has it). */
  status?: ExecutionStatus;
}

/** The policies of a schedule with the defaults filled in. */
export interface SchedulePoliciesData {
  overlap: ScheduleOverlapPolicyName;
  catchupWindowMs: number;
  pauseOnFailure: boolean;
}

export interface ScheduleStateData {
  paused: boolean;
  note?: string;
  remainingActions?: number;
}

export interface ScheduleDescriptionData {
  scheduleId: string;
  spec: ScheduleSpecData;
  action: ScheduleActionData;
  policies: SchedulePoliciesData;
  state: ScheduleStateData;
  memo?: Record<string, Payload>;
  searchAttributes?: SearchAttributes;
  /** Changes with every change of the schedule: give it to `schedule.update` to refuse a change made meanwhile. */
  conflictToken: string;
  info: {
    numActionsTaken: number;
    numActionsSkippedOverlap: number;
    numActionsMissedCatchupWindow: number;
    /** Runs started by the schedule that are still running. */
    runningActions: { workflowId: string; firstExecutionRunId: string }[];
    /** The last actions taken (up to 10), oldest first. */
    recentActions: ScheduleActionResult[];
    /** The next times it will act (up to 10), ISO. */
    nextActionTimes: string[];
    /** Starts waiting for the running one to finish (BUFFER_ONE, BUFFER_ALL, CANCEL_OTHER). */
    bufferedActions: number;
    createdAt: string;
    lastUpdatedAt?: string;
  };
}

export interface ScheduleResults {
  'schedule.create': Record<string, never>;
  'schedule.update': Record<string, never>;
  'schedule.describe': ScheduleDescriptionData;
  'schedule.list': { schedules: ScheduleDescriptionData[]; nextPageToken?: string };
  'schedule.pause': Record<string, never>;
  'schedule.unpause': Record<string, never>;
  'schedule.trigger': Record<string, never>;
  'schedule.delete': Record<string, never>;
  'schedule.backfill': Record<string, never>;
  /** ISO times, ascending. */
  'schedule.matchingTimes': { times: string[] };
}
