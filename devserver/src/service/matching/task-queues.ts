// Task queues as a whole: which ones workers poll, the types they registered and where their workflow
// code is (when they said), who polls one (Temporal's pollers) and its backlog, and retiring a build of
// the workflow code on one (`rewind dev`: its workers then finish only the runs pinned to them).
import type { PollerInfo, RequestParams, RequestResult, WorkflowCodeLocation } from '@rewind/sdk/protocol';
import { EngineError } from '../../engine/transition';
import type { WorkerSession } from './matching';
import type { PollHistory } from './poll-history';
import { isTemporalWorker, temporalWorkerId } from './pollers';
import type { ServiceContext } from '../service-context';

export class TaskQueues {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly polls: PollHistory,
  ) {}

  /**
   * The queue's workers: Rewind's connected ones, and Temporal's that polled it in the last 5 minutes (as
   * Temporal's server lists them: also between two polls, or gone), each with its last polls; and its backlog.
   */
  describe(p: RequestParams<'taskQueue.describe'>): RequestResult<'taskQueue.describe'> {
    const { matching } = this.ctx;
    const { sessions, backlog } = matching.describeQueue(p.namespace, p.taskQueue);
    const recent = new Map(this.polls.recent(p.namespace, p.taskQueue).map((r) => [r.identity, r.lastPollAt]));
    const listed = new Set<string>();
    const pollers: PollerInfo[] = sessions.map((s) => {
      const lastPollAt = isTemporalWorker(s.workerId) && s.identity ? recent.get(s.identity) : undefined;
      if (lastPollAt) listed.add(s.identity!);
      return {
        workerId: s.workerId,
        ...(s.identity ? { identity: s.identity } : {}),
        ...(s.buildId ? { buildId: s.buildId } : {}),
        retired: matching.isRetired(s),
        accepting: s.accepting,
        workflowTypes: [...s.workflowTypes].sort(),
        activityTypes: [...s.activityTypes].sort(),
        ...(s.workflowsPath ? { workflowsPath: s.workflowsPath } : {}),
        capacity: { ...s.capacity },
        running: { workflow: s.leases.workflow.size, activity: s.leases.activity.size },
        ...(lastPollAt ? { lastPollAt } : {}),
      };
    });
    // Temporal workers with no poll waiting now (between polls, shut down, or killed), still listed for 5 minutes.
    for (const [identity, lastPollAt] of recent) {
      if (listed.has(identity)) continue;
      pollers.push({
        workerId: temporalWorkerId(p.namespace, p.taskQueue, identity),
        identity,
        retired: false,
        accepting: false,
        workflowTypes: [],
        activityTypes: [],
        capacity: { workflow: 0, activity: 0 },
        running: { workflow: 0, activity: 0 },
        lastPollAt,
      });
    }
    return { pollers, backlog };
  }

  /** The namespace's queues with workers now, by name: the types a new task there can be of. */
  list(p: RequestParams<'taskQueue.list'>): RequestResult<'taskQueue.list'> {
    const { matching, store } = this.ctx;
    if (!store.getNamespace(p.namespace)) {
      throw new EngineError(
        'NOT_FOUND',
        `Namespace ${p.namespace} not found. Create it with: rewind namespace create -n ${p.namespace}`,
        'NamespaceNotFoundError',
      );
    }
    const byQueue = new Map<string, WorkerSession[]>();
    for (const s of matching.allSessions()) {
      // A Temporal worker's sticky queue is the same worker as its session on the normal queue.
      if (s.namespace === p.namespace && !s.sticky) byQueue.set(s.taskQueue, [...(byQueue.get(s.taskQueue) ?? []), s]);
    }
    const taking = (sessions: WorkerSession[]): WorkerSession[] => sessions.filter((s) => s.accepting && !matching.isRetired(s));
    const typesOf = (sessions: WorkerSession[], kind: 'workflowTypes' | 'activityTypes'): string[] =>
      [...new Set(taking(sessions).flatMap((s) => [...s[kind]]))].sort();
    return {
      taskQueues: [...byQueue]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([name, sessions]) => ({
          name,
          workflowTypes: typesOf(sessions, 'workflowTypes'),
          activityTypes: typesOf(sessions, 'activityTypes'),
          pollers: sessions.length,
          ...(taking(sessions).some((s) => s.anyType) ? { anyType: true } : {}),
          ...workflowCode(sessions),
        })),
    };
  }

  /** Retires a build (or brings it back), and hands out what that changes. */
  setBuildRetired(p: RequestParams<'taskQueue.setBuildRetired'>): void {
    this.ctx.matching.setBuildRetired(p.namespace, p.taskQueue, p.buildId, p.retired);
    this.ctx.committer.poke();
  }
}

/**
 * Where a queue's workers said their workflow code is: each module (sorted) with the types its workers
 * registered (any build or state: a run pinned to a retired build replays with that code too). Left out
 * when no worker said.
 */
function workflowCode(sessions: readonly WorkerSession[]): { workflowCode?: WorkflowCodeLocation[] } {
  const byPath = new Map<string, Set<string>>();
  for (const s of sessions) {
    if (!s.workflowsPath) continue;
    const types = byPath.get(s.workflowsPath) ?? new Set<string>();
    for (const t of s.workflowTypes) types.add(t);
    byPath.set(s.workflowsPath, types);
  }
  if (byPath.size === 0) return {};
  return {
    workflowCode: [...byPath]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([workflowsPath, types]) => ({ workflowsPath, workflowTypes: [...types].sort() })),
  };
}
