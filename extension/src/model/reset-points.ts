// Where "Reset to here" goes back to. The server resets to a WorkflowTaskCompleted event: the new run
// keeps the history up to that task's start, runs that task again on the current code, and gets again
// the signals that came after it; the old run, if it runs, is terminated. So the point that redoes a
// step is THE LAST WorkflowTaskCompleted BEFORE THE STEP'S FIRST EVENT: for a step the workflow began
// (activity, timer, child, marker) that is the task whose commands began it (its
// workflowTaskCompletedEventId); for a signal it is the last task before it arrived (the signal is
// delivered again). A step before the first completed task has no such point. No VS Code here.
import type { EventOf, HistoryEvent } from '@rewind/sdk/protocol';
import { historySteps, type Step } from '@rewind/sdk/internal/history/history-steps';

export interface ResetPoint {
  /** The WorkflowTaskCompleted event to give `workflow.reset`. */
  eventId: number;
  time: string;
  /** The steps this point redoes first: those begun after it and before the next point. */
  redoes: Step[];
}

const isCompletedTask = (e: HistoryEvent): e is EventOf<'WorkflowTaskCompleted'> => e.type === 'WorkflowTaskCompleted';

/** The reset point that redoes a step whose first event is `firstEventId`, or undefined if none comes before it. */
export function resetEventIdForStep(events: readonly HistoryEvent[], firstEventId: number): number | undefined {
  return lastBefore(
    events.filter(isCompletedTask).map((e) => e.eventId),
    firstEventId,
  );
}

/** Every point a run can be reset to, in history order, each with the steps it redoes first. */
export function resetPoints(events: readonly HistoryEvent[]): ResetPoint[] {
  const points: ResetPoint[] = events.filter(isCompletedTask).map((e) => ({ eventId: e.eventId, time: e.eventTime, redoes: [] }));
  const ids = points.map((p) => p.eventId);
  const byId = new Map(points.map((p) => [p.eventId, p]));
  for (const step of historySteps(events)) {
    if (step.kind === 'workflow') continue;
    const at = lastBefore(ids, step.firstEventId);
    if (at !== undefined) byId.get(at)!.redoes.push(step);
  }
  return points;
}

/** The largest of the ascending `ids` below `limit` (binary search: histories run to 50,000 events). */
function lastBefore(ids: readonly number[], limit: number): number | undefined {
  let lo = 0;
  let hi = ids.length; // The answer's index is lo - 1 when the loop ends.
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ids[mid]! < limit) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 ? ids[lo - 1] : undefined;
}
