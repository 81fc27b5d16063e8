// A schedule as describe and list give it: its record, the next times its spec gives, and what it did lately.
import type { ExecutionStatus, ScheduleDescriptionData } from '@rewind/sdk/protocol';
import { definedFields } from '@rewind/sdk/internal/common/defined-fields';
import type { ScheduleRecord } from '../../engine/schedule-record';
import { compileSpec } from '../../engine/schedule-spec';

/** A time as schedules show it (whole seconds without their fraction). */
export const iso = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');

/** What an update must name to change the schedule as it was read (its revision). */
export const conflictToken = (r: ScheduleRecord): string => String(r.revision ?? 0);

/** How many of the spec's next times a description lists. */
const NEXT_TIMES = 10;

/** The description of `r` at `now`; `statusOf` tells how a run it started stands. */
export function describeSchedule(
  r: ScheduleRecord,
  now: number,
  statusOf: (runId: string) => ExecutionStatus | undefined,
): ScheduleDescriptionData {
  const spec = compileSpec(r.spec);
  const nextActionTimes: string[] = [];
  let t = Math.max(r.lastScheduledAt, now);
  for (let i = 0; i < NEXT_TIMES; i++) {
    const n = spec.next(t);
    if (n === undefined) break;
    nextActionTimes.push(iso(n));
    t = n;
  }
  return {
    scheduleId: r.scheduleId,
    spec: r.spec,
    action: r.action,
    policies: r.policies,
    state: r.state,
    ...definedFields({ memo: r.memo, searchAttributes: r.searchAttributes }),
    conflictToken: conflictToken(r),
    info: {
      numActionsTaken: r.numActionsTaken,
      numActionsSkippedOverlap: r.numActionsSkippedOverlap,
      numActionsMissedCatchupWindow: r.numActionsMissedCatchupWindow,
      runningActions: r.running.map((run) => ({ workflowId: run.workflowId, firstExecutionRunId: run.runId })),
      recentActions: r.recentActions.map((a) => ({
        scheduledAt: iso(a.scheduledAt),
        takenAt: iso(a.takenAt),
        workflowId: a.workflowId,
        firstExecutionRunId: a.runId,
        ...definedFields({ status: statusOf(a.runId) }),
      })),
      nextActionTimes: r.state.paused ? [] : nextActionTimes,
      bufferedActions: r.buffered.length,
      createdAt: iso(r.createdAt),
      ...(r.updatedAt !== undefined ? { lastUpdatedAt: iso(r.updatedAt) } : {}),
    },
  };
}
