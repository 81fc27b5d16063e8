// Updates from the client's side: record the request, then answer the caller once the workflow has
// accepted it (or finished it, as asked). Waiters live in memory; the request and its outcome are in
// the run's state, so a caller that retries with the same update id gets the same answer.
import type { Header, Payload, RequestParams, UpdateOutcome } from '@rewind/sdk/protocol';
import { definedFields } from '@rewind/sdk/internal/common/defined-fields';
import type { RunState, UpdateState } from '../../engine/run-state';
import { EngineError } from '../../engine/transition';
import { requestUpdate, updateOf } from '../../engine/updates';
import type { RunChange } from '../commit/runs';
import type { ServiceContext } from '../service-context';
import type { UnitOfWork } from '../commit/unit-of-work';

type Stage = UpdateOutcome['stage'];

interface Waiter {
  stage: Stage;
  resolve: (outcome: UpdateOutcome) => void;
}

function outcomeAt(runId: string, updateId: string, u: UpdateState, stage: Stage): UpdateOutcome | undefined {
  if (u.status === 'completed') {
    return {
      updateId,
      runId,
      stage: 'COMPLETED',
      ...definedFields({ result: u.result, failure: u.failure, rejected: u.rejected || undefined }),
    };
  }
  if (u.status === 'accepted' && stage === 'ACCEPTED') return { updateId, runId, stage: 'ACCEPTED' };
  return undefined;
}

export class Updates {
  private readonly waiters = new Map<string, Set<Waiter>>();

  constructor(private readonly ctx: ServiceContext) {}

  /** Sends an update to a run and resolves at `waitForStage`; `cancelWait` receives a function that stops waiting. */
  async request(p: RequestParams<'workflow.update'>, cancelWait: (stop: () => void) => void): Promise<UpdateOutcome> {
    const { committer, runs, store } = this.ctx;
    if (!store.getNamespace(p.namespace)) {
      throw new EngineError('NOT_FOUND', `Namespace ${p.namespace} not found.`, 'NamespaceNotFoundError');
    }
    const state = await committer.run((uow) => {
      const s = runs.find(p.namespace, p.workflowId, p.runId);
      if (updateOf(s, p.updateId)) return s; // Sent before: answered below from its state.
      if (p.name === undefined) {
        throw new EngineError(
          'NOT_FOUND',
          `Workflow ${p.workflowId} (run ${s.runId}) has no update with id ${p.updateId}.`,
          'NotFoundError',
        );
      }
      if (s.status !== 'RUNNING') {
        throw new EngineError(
          'NOT_FOUND',
          `Workflow execution already completed: workflow ${p.workflowId} is ${s.status} (run ${s.runId}); it takes no more updates.`,
          'WorkflowNotFoundError',
        );
      }
      const request = { updateId: p.updateId, name: p.name, args: p.args ?? [], identity: p.identity, header: p.header };
      runs.mutate(uow, s.runId, (tx) => requestUpdate(tx, request));
      return s;
    });
    return this.wait(state, p.updateId, p.waitForStage, cancelWait);
  }

  /**
   * Hands an update to a running run within the caller's transaction (update-with-start composes it
   * with a start): once per update id, so a retried request finds the update it sent.
   */
  admitIn(
    uow: UnitOfWork,
    state: RunState,
    request: { updateId: string; name: string; args: Payload[]; identity?: string; header?: Header },
  ): void {
    if (updateOf(state, request.updateId)) return;
    this.ctx.runs.mutate(uow, state.runId, (tx) => requestUpdate(tx, request));
  }

  /** Resolves when the run's update reaches `stage` (at once if it has); `cancelWait` receives a function that stops waiting. */
  wait(state: RunState, updateId: string, stage: Stage, cancelWait: (stop: () => void) => void): Promise<UpdateOutcome> {
    const u = updateOf(state, updateId);
    const now = u && outcomeAt(state.runId, updateId, u, stage);
    if (now) return Promise.resolve(now);
    const key = `${state.runId}/${updateId}`;
    return new Promise((resolve) => {
      let set = this.waiters.get(key);
      if (!set) this.waiters.set(key, (set = new Set()));
      const waiter: Waiter = { stage, resolve };
      set.add(waiter);
      cancelWait(() => {
        set.delete(waiter);
        if (set.size === 0) this.waiters.delete(key);
      });
    });
  }

  get size(): number {
    return this.waiters.size;
  }

  /** After a change commits: answers the callers of the updates it accepted or finished. */
  changed(change: RunChange): void {
    for (const updateId of change.updates) {
      const key = `${change.state.runId}/${updateId}`;
      const set = this.waiters.get(key);
      const u = updateOf(change.state, updateId);
      if (!set || !u) continue;
      for (const w of set) {
        const outcome = outcomeAt(change.state.runId, updateId, u, w.stage);
        if (!outcome) continue;
        set.delete(w);
        w.resolve(outcome);
      }
      if (set.size === 0) this.waiters.delete(key);
    }
  }
}
