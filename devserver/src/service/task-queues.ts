// Task queues as a whole: who polls one (Temporal's pollers) and its backlog, and retiring a build of
// the workflow code on one (`rewind dev`: its workers then finish only the runs pinned to them).
import type { RequestParams, RequestResult } from '@rewind/sdk/protocol';
import type { ServiceContext } from './service-context';

export class TaskQueues {
  constructor(private readonly ctx: ServiceContext) {}

  describe(p: RequestParams<'taskQueue.describe'>): RequestResult<'taskQueue.describe'> {
    const { matching } = this.ctx;
    const { sessions, backlog } = matching.describeQueue(p.namespace, p.taskQueue);
    return {
      pollers: sessions.map((s) => ({
        workerId: s.workerId,
        ...(s.identity ? { identity: s.identity } : {}),
        ...(s.buildId ? { buildId: s.buildId } : {}),
        retired: matching.isRetired(s),
        accepting: s.accepting,
        workflowTypes: [...s.workflowTypes].sort(),
        activityTypes: [...s.activityTypes].sort(),
        capacity: { ...s.capacity },
        running: { workflow: s.leases.workflow.size, activity: s.leases.activity.size },
      })),
      backlog,
    };
  }

  /** Retires a build (or brings it back), and hands out what that changes. */
  setBuildRetired(p: RequestParams<'taskQueue.setBuildRetired'>): void {
    this.ctx.matching.setBuildRetired(p.namespace, p.taskQueue, p.buildId, p.retired);
    this.ctx.committer.poke();
  }
}
