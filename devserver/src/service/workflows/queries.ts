// Queries: not durable, answered by a worker that has (or rebuilds) the run's state. The server
// forwards each to one worker and waits for its answer; for a worker that answers only between
// workflow tasks (a Temporal SDK's), it first waits until the run has no task in flight. A run sticky to a
// Temporal worker is asked on its sticky queue first and, as Temporal's server does, on the normal queue
// (its stickiness reset) when the sticky queue is unavailable or does not answer in its schedule-to-start timeout.
import { randomUUID } from 'node:crypto';
import type { Failure, Payload, QueryTask, RequestParams } from '@rewind/sdk/protocol';
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
  /** The worker it went to. */
  workerId?: string;
}

/**
 * Whether a workflow task of the run is scheduled or running. A worker that answers queries only between
 * tasks (`queriesBetweenTasks`) is asked once there is none: the answer then reflects every event that came
 * before the query, as Temporal's server ensures by holding such a query until the task ends.
 */
function taskInFlight(state: RunState): boolean {
  return state.status === 'RUNNING' && state.workflowTask !== undefined && state.workflowTask.status !== 'backoff';
}

export const QUERY_TIMEOUT_MS = 30_000;

export class Queries {
  /** Told when a run's sticky queue did not take a query in time: its stickiness ends (Temporal's ResetStickyTaskQueue). */
  onStickyUnanswered: ((state: RunState) => void) | undefined;
  private readonly pending = new Map<string, Pending>();
  /** Queries that wait for their run's workflow task to end before they go to a worker, by query id. */
  private readonly held = new Map<string, Omit<QueryTask, 'workerId'>>();

  constructor(
    private readonly matching: Matching,
    private readonly clock: Clock,
  ) {}

  /** Queries waiting for their answer. */
  get size(): number {
    return this.pending.size;
  }

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
    const task: Omit<QueryTask, 'workerId'> = {
      queryId,
      namespace: state.namespace,
      workflowId: state.workflowId,
      runId: state.runId,
      workflowType: state.workflowType,
      queryType: p.queryType,
      args: p.args,
      ...(p.header ? { header: p.header } : {}),
    };
    return new Promise((resolve, reject) => {
      const timer = this.clock.schedule(() => {
        this.pending.delete(queryId);
        this.held.delete(queryId);
        reject(
          new EngineError('FAILED_PRECONDITION', `The worker did not answer query '${p.queryType}' within ${QUERY_TIMEOUT_MS / 1000} s.`),
        );
      }, QUERY_TIMEOUT_MS);
      this.pending.set(queryId, { resolve, reject, timer, connectionId: session.connectionId });
      if (session.queriesBetweenTasks && taskInFlight(state)) this.held.set(queryId, task);
      else this.send(session, task, state);
    });
  }

  /**
   * A run changed: the queries held for it go out once it has no workflow task scheduled or running
   * (or it closed), to a worker picked now (the one picked before may have gone).
   */
  runChanged(state: RunState): void {
    if (this.held.size === 0 || taskInFlight(state)) return;
    for (const [queryId, task] of this.held) {
      if (task.runId !== state.runId) continue;
      this.held.delete(queryId);
      const pending = this.pending.get(queryId);
      const session = this.pickWorker(state);
      if (!pending) continue;
      if (!session) {
        this.pending.delete(queryId);
        pending.timer.cancel();
        pending.reject(
          new EngineError('FAILED_PRECONDITION', `Cannot query workflow ${state.workflowId}: its worker went away; try again.`),
        );
        continue;
      }
      pending.connectionId = session.connectionId;
      this.send(session, task, state);
    }
  }

  private send(session: WorkerSession, task: Omit<QueryTask, 'workerId'>, state: RunState): void {
    const pending = this.pending.get(task.queryId);
    if (pending) pending.workerId = session.workerId;
    (session as WorkerSession & { notify: Notify }).notify('task.query', { workerId: session.workerId, ...task });
    if (!session.sticky || state.stickyScheduleToStartMs === undefined) return;
    this.clock.schedule(() => {
      const waiting = this.pending.get(task.queryId);
      if (!waiting || waiting.workerId !== session.workerId) return;
      const normal = this.pickWorker(state, false);
      if (!normal) return;
      this.onStickyUnanswered?.(state);
      waiting.connectionId = normal.connectionId;
      this.send(normal, task, state);
    }, state.stickyScheduleToStartMs);
  }

  /** The worker to ask: the run's sticky one first (if `sticky` and it is there), else one on its queue. */
  private pickWorker(state: RunState, sticky = true): WorkerSession | undefined {
    // A pinned run is asked on its build: newer code may not replay its history.
    const ok = (s: WorkerSession | undefined): s is WorkerSession =>
      !!s &&
      s.namespace === state.namespace &&
      s.taskQueue === state.taskQueue &&
      takesType(s, 'workflow', state.workflowType) &&
      (state.pinnedBuildId ? s.buildId === state.pinnedBuildId : !this.matching.isRetired(s));
    const cached = sticky && state.stickyWorkerId ? this.matching.getSession(state.stickyWorkerId) : undefined;
    if (ok(cached) && (!cached.sticky || cached.sticky.available())) return cached;
    // A Temporal worker's sticky queue answers only for the runs it has cached.
    const normal = (s: WorkerSession): boolean => ok(s) && !s.sticky;
    // One with room first: a Temporal worker's session has room while one of its polls waits (a gone one's never does).
    const room = (s: WorkerSession): boolean => s.leases.workflow.size < s.capacity.workflow;
    const sessions = this.matching.allSessions();
    return (
      sessions.find((s) => normal(s) && s.accepting && room(s)) ?? sessions.find((s) => normal(s) && s.accepting) ?? sessions.find(normal)
    );
  }

  /** Brings a worker's answer to the waiting query; false when none waits for it (it timed out, or never was). */
  respond(conn: WorkerConnection, p: RequestParams<'queryTask.respond'>): boolean {
    const pending = this.pending.get(p.queryId);
    if (!pending || pending.connectionId !== conn.id) return false;
    this.pending.delete(p.queryId);
    pending.timer.cancel();
    if (p.failure) pending.reject(new QueryFailedError(p.failure));
    else pending.resolve(p.result === undefined ? {} : { result: p.result });
    return true;
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
