// Task queues on the wire: who polls a queue (task-queue describe), and pinning runs to the build of
// workflow code that can replay them (what `rewind dev` does when new code cannot replay a history).
import { bool, name, object, optional, str } from './schema';

export const taskQueueRequestSchemas = {
  'taskQueue.describe': object({ namespace: name(), taskQueue: name() }),
  /** The namespace's task queues that workers poll now, with the types they registered. */
  'taskQueue.list': object({ namespace: name() }),
  /** Retired builds get only workflow tasks pinned to them, and no activities. */
  'taskQueue.setBuildRetired': object({ namespace: name(), taskQueue: name(), buildId: str({ min: 1, max: 200 }), retired: bool() }),
  /** Pins a run's workflow tasks to workers of one build (no buildId: unpins). */
  'workflow.pinBuild': object({
    namespace: name(),
    workflowId: name(),
    runId: optional(name()),
    buildId: optional(str({ min: 1, max: 200 })),
  }),
};

export interface PollerInfo {
  workerId: string;
  identity?: string;
  buildId?: string;
  /** Gets only the workflow tasks pinned to its build. */
  retired: boolean;
  /** False once it is shutting down. */
  accepting: boolean;
  workflowTypes: string[];
  activityTypes: string[];
  /** The absolute path of the workflows module it runs, if it said (Rewind's workers since they report it). */
  workflowsPath?: string;
  capacity: { workflow: number; activity: number };
  running: { workflow: number; activity: number };
  /**
   * A Temporal worker's last poll of the queue's workflow and activity tasks (epoch ms), those in the last
   * 5 minutes: it is listed that long after its last poll, as Temporal's server lists it. Absent for Rewind's workers.
   */
  lastPollAt?: { workflow?: number; activity?: number };
}

/** A task queue that workers poll, and what a new run or activity there can be (`taskQueue.list`). */
export interface TaskQueueSummary {
  name: string;
  /** The types its workers take new tasks of (retired builds and workers shutting down left out), sorted. */
  workflowTypes: string[];
  activityTypes: string[];
  /** How many workers poll it (any build, shutting down or not; a Temporal worker's sticky queue is not one more). */
  pollers: number;
  /**
   * A worker that takes new tasks there takes any type: a Temporal SDK's worker, which does not say which types
   * it has (its types are not in the lists above). Absent when none does.
   */
  anyType?: boolean;
  /**
   * Where its workers' workflow code is: each workflows module a worker reported (absolute path), with the
   * workflow types the workers running it registered, by path. Absent when no worker said (older servers
   * and workers, Temporal's workers).
   */
  workflowCode?: WorkflowCodeLocation[];
}

/** A workflows module that live workers run, and the workflow types they registered from it. */
export interface WorkflowCodeLocation {
  workflowsPath: string;
  workflowTypes: string[];
}

export interface TaskQueueResults {
  'taskQueue.describe': { pollers: PollerInfo[]; backlog: { workflow: number; activity: number } };
  'taskQueue.list': { taskQueues: TaskQueueSummary[] };
  'taskQueue.setBuildRetired': Record<string, never>;
  'workflow.pinBuild': Record<string, never>;
}
