// The shapes of Temporal's schedule API (ScheduleOptions, ScheduleDescription, ScheduleSummary, …) as Rewind's
// client takes and gives them.
import { type SearchAttributes } from '../common/search-attributes';
import { TypedSearchAttributes, type SearchAttributePair } from '../common/typed-search-attributes';
import { type Duration } from '../common/duration';
import type { Workflow } from '../common/interfaces';
import type { ScheduleDescriptionData, ScheduleOverlapPolicyName } from '../protocol';
import { type ScheduleSpec, type ScheduleSpecDescription } from './schedule-spec';

/**
 * What a schedule does at an action time while the run it started last is still running (Temporal's
 * `ScheduleOverlapPolicy`). The runs a schedule started are found by their `TemporalScheduledById`
 * search attribute.
 */
export const ScheduleOverlapPolicy = {
  /** Don't start; the next action time after the run closes starts the next one (the default). */
  SKIP: 'SKIP',
  /** Start once the running one closes; at most one start waits (later ones are skipped). */
  BUFFER_ONE: 'BUFFER_ONE',
  /** Start each one after the one before closes, in order: none is skipped. */
  BUFFER_ALL: 'BUFFER_ALL',
  /** Ask the running one to cancel, and start once it has closed. */
  CANCEL_OTHER: 'CANCEL_OTHER',
  /** Terminate the running one and start at once. */
  TERMINATE_OTHER: 'TERMINATE_OTHER',
  /** Start anyway: runs may overlap. */
  ALLOW_ALL: 'ALLOW_ALL',
  /** Not chosen (undefined): the default, `SKIP` (or, for `trigger`, the schedule's own policy). */
  UNSPECIFIED: undefined,
} as const satisfies Record<string, ScheduleOverlapPolicyName | undefined>;
/** One of the names of {@link ScheduleOverlapPolicy}, or undefined for the default. */
export type ScheduleOverlapPolicy = (typeof ScheduleOverlapPolicy)[keyof typeof ScheduleOverlapPolicy];

/** The workflow a schedule starts at each action time. */
export interface ScheduleStartWorkflowAction {
  type: 'startWorkflow';
  /** The workflow function, or its name. */
  workflowType: string | Workflow;
  /** The task queue whose workers run it. */
  taskQueue: string;
  /** The workflow's arguments (JSON), the same for every run. */
  args?: unknown[] | readonly unknown[];
  /**
   * The start of each run's workflow id: each run's id is this, a dash and its scheduled time to the
   * second in UTC (`nightly-2026-03-01T03:00:00Z`), so a start retried after a crash is the same start.
   *
   * @default `${scheduleId}-workflow`
   */
  workflowId?: string;
  /** As `workflowExecutionTimeout` of `client.workflow.start`. */
  workflowExecutionTimeout?: Duration;
  /** As `workflowRunTimeout` of `client.workflow.start`. */
  workflowRunTimeout?: Duration;
  /** As `workflowTaskTimeout` of `client.workflow.start`. */
  workflowTaskTimeout?: Duration;
  /** Each run's memo (JSON). */
  memo?: Record<string, unknown>;
  /** Each run's search attributes (besides `TemporalScheduledById`, which the schedule adds). */
  searchAttributes?: SearchAttributes;
  /**
   * The same as typed pairs (`[{ key: Customer, value: 'ada' }]`) or a `TypedSearchAttributes`; a name in
   * both is taken from these (as Temporal's).
   */
  typedSearchAttributes?: SearchAttributePair[] | TypedSearchAttributes;
}

/** How a schedule behaves when runs overlap, when it missed times, and when a run fails. */
export interface SchedulePolicies {
  /**
   * What an action time does while the last run still runs.
   *
   * @default ScheduleOverlapPolicy.SKIP
   */
  overlap?: ScheduleOverlapPolicy;
  /**
   * After the server was down, the missed action times it still takes (each with the overlap policy): those
   * missed by less than this. Older ones are counted as missed and skipped.
   *
   * @default one year
   */
  catchupWindow?: Duration;
  /**
   * Pause the schedule when a run it started fails or times out (its note says which run); unpause to go on.
   *
   * @default false
   */
  pauseOnFailure?: boolean;
}

/** What `client.schedule.create()` takes (Temporal's `ScheduleOptions`). */
export interface ScheduleOptions {
  /** The schedule's id, unique in the namespace. */
  scheduleId: string;
  /** When to act: cron expressions, intervals or calendars, in UTC. */
  spec: ScheduleSpec;
  /** What to do at each action time: start a workflow. */
  action: ScheduleStartWorkflowAction;
  policies?: SchedulePolicies;
  /**
   * The schedule's starting state: `paused` (take no actions until unpaused), a `note` (why), a number of
   * `remainingActions` after which it stops acting (unlimited if unset), `triggerImmediately` to take
   * one action at once on creation, and `backfill`s to take at once (see {@link ScheduleHandle.backfill}).
   */
  state?: { paused?: boolean; note?: string; remainingActions?: number; triggerImmediately?: boolean; backfill?: Backfill[] };
  /** Values kept with the schedule (JSON). */
  memo?: Record<string, unknown>;
  /** The schedule's own search attributes (not its runs'), each a list of values; `describe()` gives them. */
  searchAttributes?: SearchAttributes;
  /** The same as typed pairs or a `TypedSearchAttributes`; a name in both is taken from these (as Temporal's). */
  typedSearchAttributes?: SearchAttributePair[] | TypedSearchAttributes;
}

/**
 * What a schedule's `update` function returns: the whole new spec, action, policies and state, which replace
 * the old ones (as in Temporal, `state` is required: `{}` unpauses and lifts `remainingActions`; return
 * `{ ...previous, spec }` to change only the spec). Search attributes left out stay as they were; given
 * (even `{}`), they replace the old ones.
 */
export type ScheduleUpdateOptions = Omit<ScheduleOptions, 'scheduleId' | 'memo' | 'state'> & {
  state: { paused?: boolean; note?: string; remainingActions?: number };
};

/**
 * Action times to take at once, as if they passed now (Temporal's `Backfill`): each time of the spec from
 * `start` to `end`, both included.
 */
export interface Backfill {
  /** The first time looked at. */
  start: Date;
  /** The last time looked at. */
  end: Date;
  /**
   * What each of these times does if a run the schedule started still runs (a run started by the backfill
   * included). Default: the schedule's own policy (as Temporal's server does; its SDK documents `SKIP`).
   */
  overlap?: ScheduleOverlapPolicy;
}

/** The run an action started (Temporal's `ScheduleExecutionStartWorkflowActionResult`). */
export interface ScheduleExecutionStartWorkflowActionResult {
  type: 'startWorkflow';
  workflow: { workflowId: string; firstExecutionRunId: string };
}
/** What an action did (Temporal's `ScheduleExecutionActionResult`): it started a run. */
export type ScheduleExecutionActionResult = ScheduleExecutionStartWorkflowActionResult;

/** One action a schedule took (Temporal's `ScheduleExecutionResult`). */
export interface ScheduleExecutionResult {
  /** The action time it was for. */
  scheduledAt: Date;
  /** When it was taken (later than `scheduledAt` for a buffered or caught-up one). */
  takenAt: Date;
  /** The run it started. */
  action: ScheduleExecutionActionResult;
}

/** The workflow a schedule starts, as `describe()` gives it: as it was given, the timeouts in milliseconds. */
export interface DescribedStartWorkflowAction {
  type: 'startWorkflow';
  workflowType: string;
  taskQueue: string;
  /** The start of each run's workflow id (each run's id is this, a dash and its scheduled time). */
  workflowId: string;
  /** The arguments of each run (always given by describe()). */
  args?: unknown[] | readonly unknown[];
  memo?: Record<string, unknown>;
  searchAttributes?: SearchAttributes;
  typedSearchAttributes?: TypedSearchAttributes;
  workflowExecutionTimeout?: number;
  workflowRunTimeout?: number;
  workflowTaskTimeout?: number;
}

/** What `scheduleHandle.describe()` says of a schedule (Temporal's `ScheduleDescription`). */
export interface ScheduleDescription {
  scheduleId: string;
  /** The spec: cron expressions (calendars converted to them) and intervals in milliseconds. */
  spec: ScheduleSpecDescription;
  /** The workflow it starts. */
  action: DescribedStartWorkflowAction;
  /** The policies, defaults applied (`catchupWindow` in milliseconds). */
  policies: { overlap: ScheduleOverlapPolicy; catchupWindow: number; pauseOnFailure: boolean };
  state: { paused: boolean; note?: string; remainingActions?: number };
  memo?: Record<string, unknown>;
  /** The schedule's own search attributes (`{}` if none). */
  searchAttributes: SearchAttributes;
  /** The same, read by typed keys (an update that passes on a description's fields keeps these over searchAttributes, as Temporal's). */
  typedSearchAttributes: TypedSearchAttributes;
  /** What the schedule has done and will do. */
  info: {
    /** Runs started. */
    numActionsTaken: number;
    /** Action times skipped because a run was still running (`SKIP`, or a full `BUFFER_ONE`). */
    numActionsSkippedOverlap: number;
    /** Action times missed while the server was down, older than the catch-up window. */
    numActionsMissedCatchupWindow: number;
    /** The runs it started that are still running. */
    runningActions: ScheduleExecutionResult['action'][];
    /** The last actions taken, oldest first (at most 10). */
    recentActions: ScheduleExecutionResult[];
    /** The next action times. */
    nextActionTimes: Date[];
    createdAt: Date;
    /** When it was last changed (updated, paused, unpaused, triggered, backfilled), if it was. */
    lastUpdatedAt: Date | undefined;
  };
  /** What the server said. */
  raw: ScheduleDescriptionData;
}

/** The workflow a schedule starts, as `list()` gives it (Temporal's `ScheduleSummaryStartWorkflowAction`). */
export interface ScheduleSummaryStartWorkflowAction {
  type: 'startWorkflow';
  workflowType: string;
}
/** What a schedule does, as `list()` gives it (Temporal's `ScheduleSummaryAction`). */
export type ScheduleSummaryAction = ScheduleSummaryStartWorkflowAction;

/** What `client.schedule.list()` yields for each schedule (Temporal's `ScheduleSummary`). */
export interface ScheduleSummary {
  scheduleId: string;
  spec?: ScheduleSpecDescription;
  action?: ScheduleSummaryAction;
  memo?: Record<string, unknown>;
  searchAttributes?: SearchAttributes;
  state: { paused: boolean; note?: string };
  info: {
    /** The last actions taken, oldest first (at most 10). */
    recentActions: ScheduleExecutionResult[];
    /** The next action times. */
    nextActionTimes: Date[];
  };
  /** What the server said (Rewind's: set by `list()`). */
  raw?: ScheduleDescriptionData;
}
