// What one run may hold, with the defaults Temporal's server has: a history that grows past its limit
// ends the run (terminated, with a hint to continue as new); a task that would leave more pending
// activities or children than allowed fails (and is retried), saying what to change.
import type { Command, WorkflowTaskFailedCause } from '@rewind/sdk/protocol';
import { historyLength, type RunState } from './run-state';

export interface RunLimits {
  /** Events in one run's history (Temporal: 51,200). */
  historyEvents: number;
  /** Activities scheduled and not yet finished (Temporal: 2,000). */
  pendingActivities: number;
  /** Child workflows started and not yet finished (Temporal: 2,000). */
  pendingChildren: number;
}

export const DEFAULT_RUN_LIMITS: Readonly<RunLimits> = { historyEvents: 51_200, pendingActivities: 2_000, pendingChildren: 2_000 };

const count = (n: number): string => n.toLocaleString('en-US');

/** Why a task's commands would leave the run holding too much, or undefined. */
export function pendingLimitProblem(
  state: RunState,
  commands: readonly Command[],
  limits: RunLimits,
): { cause: WorkflowTaskFailedCause; message: string } | undefined {
  let activities = Object.keys(state.activities).length;
  let children = Object.keys(state.children).length;
  for (const c of commands) {
    if (c.type === 'ScheduleActivityTask') activities++;
    else if (c.type === 'StartChildWorkflowExecution') children++;
  }
  if (activities > limits.pendingActivities) {
    return {
      cause: 'PENDING_ACTIVITIES_LIMIT_EXCEEDED',
      message:
        `The workflow would have ${count(activities)} activities pending at once; a run may have at most ${count(limits.pendingActivities)}. ` +
        'Await some before scheduling more (run them in batches), or spread the work over child workflows.',
    };
  }
  if (children > limits.pendingChildren) {
    return {
      cause: 'PENDING_CHILD_WORKFLOWS_LIMIT_EXCEEDED',
      message:
        `The workflow would have ${count(children)} child workflows running at once; a run may have at most ${count(limits.pendingChildren)}. ` +
        'Await some before starting more, or start them from several parents.',
    };
  }
  return undefined;
}

/** The termination reason when the run's history has outgrown the limit, or undefined. */
export function historyLimitReason(state: RunState, limits: RunLimits): string | undefined {
  const length = historyLength(state);
  if (length <= limits.historyEvents) return undefined;
  return (
    `Workflow history count exceeds limit: this run has ${count(length)} events, more than ${count(limits.historyEvents)}. ` +
    'Call continueAsNew when workflowInfo().continueAsNewSuggested is true, so that each run starts with a fresh history.'
  );
}
