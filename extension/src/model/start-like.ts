// "Start Workflow Like This One": what a new run of the same workflow starts with — the run's type,
// task queue and arguments (from its WorkflowExecutionStarted event), and a new workflow id made from its id.
import type { HistoryEvent, Payload, WorkflowExecutionInfo } from '@rewind/sdk/protocol';

export interface StartLike {
  workflowType: string;
  taskQueue: string;
  workflowId: string;
  args: Payload[];
}

const SINCE_2020 = Date.UTC(2020, 0, 1);

/**
 * A new id: the old one with a fresh base-36 time suffix. A suffix that is such a time already (Start
 * Workflow's default ids end with one) is replaced, not added to; any other ending is kept.
 */
export function freshWorkflowId(workflowId: string, now: number): string {
  const suffix = /-([0-9a-z]{8,9})$/.exec(workflowId)?.[1];
  const time = suffix ? parseInt(suffix, 36) : NaN;
  const base = time >= SINCE_2020 && time <= now ? workflowId.slice(0, -suffix!.length - 1) : workflowId;
  return `${base}-${now.toString(36)}`;
}

/** The start of a run like `run`; undefined if its history does not begin with its start (then say so). */
export function startLike(run: WorkflowExecutionInfo, firstEvent: HistoryEvent | undefined, now: number): StartLike | undefined {
  if (firstEvent?.type !== 'WorkflowExecutionStarted') return undefined;
  return {
    workflowType: firstEvent.workflowType,
    taskQueue: firstEvent.taskQueue,
    workflowId: freshWorkflowId(run.workflowId, now),
    args: firstEvent.input,
  };
}
