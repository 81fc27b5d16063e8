// Queries: not durable, answered by a worker that has (or rebuilds) the run's state. The server
// forwards each to one worker and waits for its answer.
import { randomUUID } from 'node:crypto';
import type { Failure, Payload, RequestParams } from '@rewind/sdk/protocol';
import type { RunState } from '../../engine/run-state';
import { EngineError } from '../../engine/transition';
import { takesType, type Matching, type WorkerSession } from '../matching/matching';
import type { Clock, TimerHandle } from '../time/clock';
import type { Notify, WorkerConnection } from '../matching/workers';

/** A query the worker could not answer: the failure travels back to the client. */
export class QueryFailedError extends Error {
  override readonly name = 'QueryFailedError';
  constructor(readonly failure: Failure) {
    super(failure.message);
  }
}

interface Pending {
  resolve: (result: { result?: Payload }) => void;
  reject: (err: Error) => void;
  timer: TimerHandle;
  connectionId: number;
}

export const QUERY_TIMEOUT_MS = 30_000;

export class Queries {
  private readonly pending = new Map<string, Pending>();

  constructor(
    private readonly matching: Matching,
    private readonly clock: Clock,
  ) {}

  ask(state: RunState, p: RequestParams<'workflow.query'>): Promise<{ result?: Payload }> {
    const session = this.pickWorker(state);
    if (!session) {
      const reason = this.matching.explainWaiting({
        namespace: state.namespace,
        taskQueue: state.taskQueue,
        kind: 'workflow',
        typeName: state.workflowType,
        buildId: state.pinnedBuildId ?? null,
      });
      throw new EngineError(
        'FAILED_PRECONDITION',
        `Cannot query workflow ${state.workflowId}: a query needs a worker with its code. ${reason ?? ''}`.trim(),
      );
    }
    const queryId = randomUUID();
    return new Promise((resolve, reject) => {
      const timer = this.clock.schedule(() => {
        this.pending.delete(queryId);
        reject(
          new EngineError('FAILED_PRECONDITION', `The worker did not answer query '${p.queryType}' within ${QUERY_TIMEOUT_MS / 1000} s.`),
        );
      }, QUERY_TIMEOUT_MS);
      this.pending.set(queryId, { resolve, reject, timer, connectionId: session.connectionId });
      (session as WorkerSession & { notify: Notify }).notify('task.query', {
        workerId: session.workerId,
        queryId,
        namespace: state.namespace,
        workflowId: state.workflowId,
        runId: state.runId,
        workflowType: state.workflowType,
        queryType: p.queryType,
        args: p.args,
        ...(p.header ? { header: p.header } : {}),
      });
    });
  }

  private pickWorker(state: RunState): WorkerSession | undefined {
    // A pinned run is asked on its build: newer code may not replay its history.
    const ok = (s: WorkerSession | undefined): s is WorkerSession =>
      !!s &&
      s.namespace === state.namespace &&
      s.taskQueue === state.taskQueue &&
      takesType(s, 'workflow', state.workflowType) &&
      (state.pinnedBuildId ? s.buildId === state.pinnedBuildId : !this.matching.isRetired(s));
    const sticky = state.stickyWorkerId ? this.matching.getSession(state.stickyWorkerId) : undefined;
    if (ok(sticky)) return sticky;
    return this.matching.allSessions().find((s) => ok(s) && s.accepting) ?? this.matching.allSessions().find(ok);
  }

  respond(conn: WorkerConnection, p: RequestParams<'queryTask.respond'>): void {
    const pending = this.pending.get(p.queryId);
    if (!pending || pending.connectionId !== conn.id) return;
    this.pending.delete(p.queryId);
    pending.timer.cancel();
    if (p.failure) pending.reject(new QueryFailedError(p.failure));
    else pending.resolve(p.result === undefined ? {} : { result: p.result });
  }

  connectionClosed(connectionId: number): void {
    for (const [id, pending] of this.pending) {
      if (pending.connectionId !== connectionId) continue;
      this.pending.delete(id);
      pending.timer.cancel();
      pending.reject(new EngineError('FAILED_PRECONDITION', 'The worker answering the query went away; try again.'));
    }
  }
}
