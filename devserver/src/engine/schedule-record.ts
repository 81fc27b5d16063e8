// A schedule as the server keeps it: what the user asked for, and what it has done so far.
import type {
  Payload,
  ScheduleActionData,
  SchedulePoliciesData,
  ScheduleSpecData,
  ScheduleStateData,
  SearchAttributes,
} from '@rewind/sdk/protocol';

export interface ScheduleRecord {
  namespace: string;
  scheduleId: string;
  spec: ScheduleSpecData;
  action: ScheduleActionData;
  policies: SchedulePoliciesData;
  state: ScheduleStateData;
  memo?: Record<string, Payload>;
  /** The schedule's own search attributes (not its runs'). */
  searchAttributes?: SearchAttributes;
  createdAt: number;
  updatedAt?: number;
  /** The create's request id: the same create again (a client's retry) is not an ALREADY_EXISTS. */
  requestId?: string;
  /** Counts the changes made by users (update, pause, unpause, trigger, backfill): the conflict token. Unset is 0. */
  revision?: number;
  /** The last action time dealt with (taken, skipped or missed): the next is computed from it. */
  lastScheduledAt: number;
  numActionsTaken: number;
  numActionsSkippedOverlap: number;
  numActionsMissedCatchupWindow: number;
  recentActions: { scheduledAt: number; takenAt: number; workflowId: string; runId: string }[];
  /** Runs it started that were running when last looked at. */
  running: { workflowId: string; runId: string }[];
  /** Action times waiting for the running run to finish. */
  buffered: number[];
}

export const DEFAULT_CATCHUP_WINDOW_MS = 365 * 24 * 3600 * 1000;
