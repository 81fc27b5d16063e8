// Eager workflow start (Temporal's `request_eager_execution`): a start whose run begins now leases the
// run's first workflow task, in the start's own transaction, to the worker of the process that asked (its
// identity on the run's task queue), and answers with that task instead of putting it on the queue.
// The lease is matching's own (Workers.lease), so the task ends as any started task does: the worker's
// answer, or its start-to-close timeout, after which it goes to the queue. As Temporal's server, nothing
// is handed out for a run that waits (a start delay, a cron time) or for a run that already existed (a
// retried request id, USE_EXISTING): those answer as a plain start does.
import type { RequestParams, StartResult, WorkflowTask } from '@rewind/sdk/protocol';
import { deriveTasks, taskKey } from '../../engine/derive';
import type { RunState } from '../../engine/run-state';
import type { UnitOfWork } from '../commit/unit-of-work';
import type { WorkerSession } from '../matching/matching';
import { TEMPORAL_WORKERS, temporalWorkerId } from '../matching/pollers';
import type { Notify } from '../matching/workers';
import type { RewindService } from '../rewind-service';

/**
 * Starts a run as `workflows.start` does; when a new run begins now, its first workflow task is leased to
 * the worker `identity` names on the run's task queue and comes back as `eagerTask`.
 */
export async function startEagerly(
  service: Pick<RewindService, 'ctx' | 'workflows' | 'workers'>,
  p: RequestParams<'workflow.start'>,
  identity: string,
): Promise<StartResult & { eagerTask?: WorkflowTask }> {
  const { ctx, workflows } = service;
  let eagerTask: WorkflowTask | undefined;
  const result = await ctx.committer.run((uow) => {
    const before = ctx.store.getCurrentRunId(p.namespace, p.workflowId);
    const { state, started } = workflows.startIn(uow, p);
    if (started && state.runId !== before) leaseFirstTask(service, uow, state, identity, (task) => (eagerTask = task));
    return workflows.startResult(state, started);
  });
  // The task is delivered just before the commit: by now it is here, if it was leased.
  return eagerTask ? { ...result, eagerTask } : result;
}

/** Leases the new run's scheduled first task to the caller's worker; `deliver` gets it just before the commit. */
function leaseFirstTask(
  service: Pick<RewindService, 'ctx' | 'workers'>,
  uow: UnitOfWork,
  state: RunState,
  identity: string,
  deliver: (task: WorkflowTask) => void,
): void {
  // A start delay or a cron time holds the first task back (Temporal: first_workflow_task_backoff).
  if (state.workflowTask?.status !== 'scheduled') return;
  const task = deriveTasks(state).find((t) => t.kind === 'workflow');
  if (!task) return;
  const workerId = temporalWorkerId(state.namespace, state.taskQueue, identity);
  // The caller, as matching's lease sees a worker: it takes this one task, with the whole history, and
  // its notification is the start's answer (not a poll's).
  const notify: Notify = (method, params) => {
    if (method === 'task.workflow') deliver(params as WorkflowTask);
  };
  const caller: WorkerSession & { notify: Notify } = {
    workerId,
    identity,
    namespace: state.namespace,
    taskQueue: state.taskQueue,
    workflowTypes: new Set([state.workflowType]),
    activityTypes: new Set(),
    fullHistory: true,
    capacity: { workflow: 1, activity: 0 },
    leases: { workflow: new Set(), activity: new Set() },
    connectionId: TEMPORAL_WORKERS.id,
    accepting: true,
    notify,
  };
  if (!service.workers.lease(uow, task, caller)) return;
  // Counted with the worker's other leases when it polls too (what "idle" means to time skipping).
  service.ctx.matching.getSession(workerId)?.leases.workflow.add(taskKey(task));
}
