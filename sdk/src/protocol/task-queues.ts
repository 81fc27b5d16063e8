// Task queues on the wire: who polls a queue (task-queue describe), and pinning runs to the build of
// workflow code that can replay them (what `rewind dev` does when new code cannot replay a history).
import { bool, name, object, optional, str } from './schema';

export const taskQueueRequestSchemas = {
  'taskQueue.describe': object({ namespace: name(), taskQueue: name() }),
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
  capacity: { workflow: number; activity: number };
  running: { workflow: number; activity: number };
}

export interface TaskQueueResults {
  'taskQueue.describe': { pollers: PollerInfo[]; backlog: { workflow: number; activity: number } };
  'taskQueue.setBuildRetired': Record<string, never>;
  'workflow.pinBuild': Record<string, never>;
}
