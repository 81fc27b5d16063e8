// Update-with-start (Temporal's ExecuteMultiOperation of a start and an update): the start, per its
// conflict policy, and the update's admission commit in one transaction, so an update is never lost
// between a start and a send, and a refused start sends none. Both frontends call this; no rule lives
// in them.
import type { RequestParams, RequestResult, StartResult } from '@rewind/sdk/protocol';
import type { RunState } from '../../engine/run-state';
import { EngineError } from '../../engine/transition';
import { updateOf } from '../../engine/updates';
import type { ServiceContext } from '../service-context';
import type { Updates } from './updates';
import type { Workflows } from './workflows';

/** The parts of the service update-with-start composes. */
export interface UpdateWithStartDeps {
  ctx: ServiceContext;
  workflows: Workflows;
  updates: Updates;
}

/**
 * Starts the workflow unless one runs with its id (then `workflowIdConflictPolicy` decides: USE_EXISTING
 * updates the running one, TERMINATE_EXISTING replaces it, FAIL refuses with ALREADY_EXISTS and no update
 * is sent), hands it the update, and resolves when the update reaches `update.waitForStage` (a rejected
 * update at once). A request sent again (same requestId and updateId) gets the same run and update.
 * `cancelWait` receives a function that stops waiting (the caller left).
 */
export async function updateWithStart(
  deps: UpdateWithStartDeps,
  p: RequestParams<'workflow.updateWithStart'>,
  cancelWait: (stop: () => void) => void,
): Promise<RequestResult<'workflow.updateWithStart'>> {
  const { state, result } = await admitWithStart(deps, p);
  const outcome = await deps.updates.wait(state, p.update.updateId, p.update.waitForStage, cancelWait);
  return { ...result, update: outcome };
}

/**
 * The start and the update's admission of `updateWithStart`, in one transaction, without the wait: the run
 * the update went to and the start's answer (for a frontend that waits on its own terms, as gRPC's does).
 */
export async function admitWithStart(
  deps: UpdateWithStartDeps,
  p: RequestParams<'workflow.updateWithStart'>,
): Promise<{ state: RunState; result: StartResult }> {
  // Temporal's server refuses these in an update-with-start (its messages, and what to do).
  if (p.cronSchedule) {
    throw new EngineError(
      'INVALID_ARGUMENT',
      'CronSchedule is not allowed. Update-with-start takes no cronSchedule: use start or a schedule.',
    );
  }
  if (p.startDelayMs) {
    throw new EngineError('INVALID_ARGUMENT', 'WorkflowStartDelay is not allowed. Update-with-start takes no startDelay: leave it out.');
  }
  const { update, ...start } = p;
  return deps.ctx.committer.run((uow) => {
    const { state: s, started } = deps.workflows.startIn(uow, start);
    if (s.status !== 'RUNNING' && !updateOf(s, update.updateId)) {
      // A retried request whose run has closed since: the update cannot be sent any more.
      throw new EngineError(
        'NOT_FOUND',
        `Workflow execution already completed: workflow ${p.workflowId} is ${s.status} (run ${s.runId}); it takes no more updates.`,
        'WorkflowNotFoundError',
      );
    }
    const { waitForStage: _stage, ...request } = update;
    deps.updates.admitIn(uow, s, { ...request, identity: p.identity });
    return { state: s, result: deps.workflows.startResult(s, started) };
  });
}
