// Worker-facing operations: registration, handing out tasks, their completion and failure, heartbeats,
// and what happens to a worker's tasks when it goes away (or the server restarted under it).
import type {
  BadCommandCause,
  Command,
  Failure,
  SdkMetadata,
  NotificationMethod,
  Notifications,
  Payload,
  RequestParams,
} from '@rewind/sdk/protocol';
import { definedFields } from '@rewind/sdk/internal/common/defined-fields';
import { activityCancelled, completeActivity, failActivityAttempt, recordHeartbeat, requireStartedActivity } from '../../engine/activities';
import { taskKey, type TaskKind, type TaskRow } from '../../engine/derive';
import { decodeTaskToken, encodeTaskToken, type TaskTokenParts } from '../../engine/task-token';
import type { ActivityState, RunState } from '../../engine/run-state';
import { EngineError, type ActivityCancelNotice, type RunTransition } from '../../engine/transition';
import { completeWorkflowTask } from '../../engine/complete-workflow-task';
import { failWorkflowTask, requireStartedTask, serverFailure, stickTo, type StickyQueue } from '../../engine/workflow-task';
import type { WorkerSession } from './matching';
import { isTemporalWorker } from './pollers';
import type { ServiceContext } from '../service-context';
import type { UnitOfWork } from '../commit/unit-of-work';
import { handOutActivityTask, handOutWorkflowTask } from './task-handout';

export type Notify = <M extends NotificationMethod>(method: M, params: Notifications[M]) => void;

/** A connected peer that can hold worker sessions. */
export interface WorkerConnection {
  id: number;
  notify: Notify;
  /**
   * Its workers' answers are proven by their task tokens alone (Temporal's workers, which answer on any
   * connection); else a connection may answer only for the tasks its own workers hold.
   */
  byToken?: boolean;
}

interface Session extends WorkerSession {
  notify: Notify;
}

function workerLostFailure(identity: string | undefined, what: string): Failure {
  return {
    message: `The worker ${identity ?? ''} running this ${what} went away (it disconnected or crashed).`.replace('  ', ' '),
    source: 'RewindServer',
    info: { type: 'application', errorType: 'WorkerLost', nonRetryable: false },
  };
}

/** The task a lease key names, as held by `session` (what `release` needs of it). */
function leaseRow(session: WorkerSession, kind: TaskKind, key: string): TaskRow {
  const [runId, , ref] = key.split('|');
  return {
    runId: runId!,
    kind,
    ref: Number(ref),
    namespace: session.namespace,
    taskQueue: session.taskQueue,
    attempt: 0,
    typeName: '',
    leaseWorkerId: session.workerId,
    stickyWorkerId: null,
    buildId: null,
  };
}

export class Workers {
  /** Leases held by workers before a server restart, until they reconnect or the grace period ends. */
  private readonly orphans = new Map<string, TaskRow>();
  /**
   * Workflow tasks handed out since the server started: with the whole history, or only the events since the
   * worker's last task (a sticky worker's), and how many events they carried.
   */
  readonly workflowTasksOut = { full: 0, partial: 0, events: 0 };

  constructor(private readonly ctx: ServiceContext) {}

  /**
   * After a restart: tasks that were leased wait for their worker to come back, until `graceMs` ends.
   * A Temporal worker's are left to their answer or their timeout, as Temporal's server does: such a
   * worker does not register again, it polls again, and still runs what it held.
   */
  adoptStoredLeases(rows: readonly TaskRow[], graceMs: number): void {
    let temporal = 0;
    for (const row of rows) {
      if (row.leaseWorkerId === null) continue;
      if (isTemporalWorker(row.leaseWorkerId)) temporal++;
      else this.orphans.set(taskKey(row), row);
    }
    if (temporal > 0) {
      this.ctx.log.info(
        `${temporal} task(s) of Temporal workers were running when the server stopped; each ends with its worker's answer or its timeout.`,
      );
    }
    if (this.orphans.size === 0) return;
    this.ctx.log.info(
      `${this.orphans.size} task(s) were running when the server stopped; waiting ${graceMs} ms for their workers to reconnect.`,
    );
    this.ctx.clock.schedule(() => {
      const rows = [...this.orphans.values()];
      this.orphans.clear();
      if (rows.length > 0) void this.release(rows, undefined);
    }, graceMs);
  }

  async register(conn: WorkerConnection, p: RequestParams<'worker.register'>): Promise<void> {
    if (!this.ctx.store.getNamespace(p.namespace)) {
      throw new EngineError(
        'NOT_FOUND',
        `Namespace ${p.namespace} not found. Create it with: rewind namespace create -n ${p.namespace}`,
        'NamespaceNotFoundError',
      );
    }
    const existing = this.ctx.matching.getSession(p.workerId) as Session | undefined;
    const running = new Set(p.runningTasks);
    const stillRunning = new Set(
      p.runningTasks.flatMap((token) => {
        const t = decodeTaskToken(token);
        return t ? [taskKey(t)] : [];
      }),
    );
    // The same worker again, on a new connection (its old one is not seen closed yet): it keeps the
    // activities it says it still runs; the rest of what the old connection held goes back at once.
    const dropped: TaskRow[] = [];
    const kept = { workflow: new Set<string>(), activity: new Set<string>() };
    if (existing && existing.connectionId !== conn.id) {
      for (const key of existing.leases.activity) {
        if (stillRunning.has(key)) kept.activity.add(key);
        else dropped.push(leaseRow(existing, 'activity', key));
      }
      for (const key of existing.leases.workflow) dropped.push(leaseRow(existing, 'workflow', key));
    }
    const session: Session = {
      workerId: p.workerId,
      ...(p.identity ? { identity: p.identity } : {}),
      namespace: p.namespace,
      taskQueue: p.taskQueue,
      workflowTypes: new Set(p.workflowTypes),
      activityTypes: new Set(p.activityTypes),
      capacity: { workflow: p.maxConcurrentWorkflowTasks, activity: p.maxConcurrentActivities },
      leases: existing && existing.connectionId === conn.id ? existing.leases : kept,
      connectionId: conn.id,
      accepting: true,
      notify: conn.notify,
      ...(p.buildId ? { buildId: p.buildId } : {}),
      ...(p.workflowsPath ? { workflowsPath: p.workflowsPath } : {}),
    };
    this.ctx.matching.addSession(session);
    for (const { other, types } of this.ctx.matching.conflicting(session)) {
      this.ctx.log.warn(
        `Workers on task queue '${p.taskQueue}' run different workflow code for ${types.join(', ')}: ` +
          `${p.identity ?? p.workerId} (build ${p.buildId}) and ${other.identity ?? other.workerId} (build ${other.buildId}). ` +
          'Tasks go to either one; stop the old worker, or give the new one its own task queue.',
      );
    }
    // Tasks this worker held before the server restarted: keep the ones it still runs, release the rest.
    const keep: TaskRow[] = [];
    const drop: TaskRow[] = dropped;
    for (const [key, row] of this.orphans) {
      if (row.leaseWorkerId !== p.workerId) continue;
      this.orphans.delete(key);
      const token = encodeTaskToken({ kind: row.kind, runId: row.runId, ref: row.ref, attempt: row.attempt });
      (running.has(token) ? keep : drop).push(row);
    }
    for (const row of keep) session.leases[row.kind].add(taskKey(row));
    if (drop.length > 0) await this.release(drop, p.identity);
    this.ctx.log.info(
      `Worker ${p.identity ?? p.workerId} registered on task queue '${p.taskQueue}' (namespace ${p.namespace}): ` +
        `${p.workflowTypes.length} workflow type(s), ${p.activityTypes.length} activity type(s).`,
    );
    this.ctx.committer.poke();
  }

  unregister(conn: WorkerConnection, workerId: string): void {
    const s = this.ctx.matching.getSession(workerId);
    if (s && s.connectionId === conn.id) this.ctx.matching.stopAccepting(workerId);
  }

  /**
   * The connection closed: its workers' tasks go back to the queue at once. Not when the server is
   * stopping (it closed the connection): the leases stay written, and wait for their workers after the restart.
   */
  async connectionClosed(connectionId: number): Promise<void> {
    if (this.ctx.committer.isClosed) return;
    const lost: TaskRow[] = [];
    // One line per process: a process runs a worker per task queue on one connection.
    const who = new Map<string, string[]>();
    for (const s of this.ctx.matching.allSessions()) {
      if (s.connectionId !== connectionId) continue;
      this.ctx.matching.removeSession(s.workerId);
      for (const kind of ['workflow', 'activity'] as const) for (const key of s.leases[kind]) lost.push(leaseRow(s, kind, key));
      const name = s.identity ?? s.workerId;
      who.set(name, [...(who.get(name) ?? []), s.taskQueue]);
    }
    for (const [name, queues] of who) {
      this.ctx.log.info(
        `Worker ${name} (task queue${queues.length > 1 ? 's' : ''} ${queues.join(', ')}) disconnected${lost.length ? `; ${lost.length} task(s) it held go back to the queue` : ''}.`,
      );
    }
    if (lost.length > 0) await this.release(lost, undefined);
  }

  /** Takes tasks away from a worker that is gone: workflow tasks are handed out again, activity attempts fail and retry. */
  private async release(rows: readonly TaskRow[], identity: string | undefined): Promise<void> {
    await Promise.all(
      rows.map((row) =>
        this.ctx.committer
          .run((uow) =>
            this.ctx.runs.mutate(uow, row.runId, (tx) => {
              if (tx.state.status !== 'RUNNING') return;
              if (row.kind === 'workflow') {
                const wt = tx.state.workflowTask;
                if (wt?.status === 'started' && wt.scheduledEventId === row.ref && wt.workerId === row.leaseWorkerId) {
                  failWorkflowTask(tx, 'WORKER_LOST', workerLostFailure(identity ?? wt.identity, 'workflow task'));
                }
              } else {
                const a = tx.state.activities[row.ref];
                if (a?.status === 'started' && a.workerId === row.leaseWorkerId) {
                  failActivityAttempt(
                    tx,
                    a,
                    workerLostFailure(identity ?? a.identity, `activity (${a.activityType}, attempt ${a.attempt})`),
                  );
                }
              }
            }),
          )
          .catch((err) => this.ctx.log.error(`Could not release a task of run ${row.runId}`, err)),
      ),
    );
  }

  /** Hands one waiting task to a worker, inside the batch's transaction (task-handout.ts). */
  lease(uow: UnitOfWork, task: TaskRow, session: WorkerSession): boolean {
    const s = session as Session;
    const holder = { workerId: s.workerId, ...(s.identity ? { identity: s.identity } : {}) };
    return task.kind === 'workflow'
      ? handOutWorkflowTask(this.ctx, uow, task, s, holder, this.workflowTasksOut)
      : handOutActivityTask(this.ctx, uow, task, s, holder);
  }

  private token(taskToken: string, kind: TaskTokenParts['kind']): TaskTokenParts {
    const t = decodeTaskToken(taskToken);
    if (!t || t.kind !== kind)
      throw new EngineError('INVALID_ARGUMENT', `Not a ${kind} task token: ${JSON.stringify(taskToken.slice(0, 100))}.`);
    return t;
  }

  /** The worker of this connection that holds a lease, or an error: a connection may only report its own tasks. */
  private holder(conn: WorkerConnection, workerId: string | undefined): { workerId: string; identity?: string } {
    const s = workerId ? this.ctx.matching.getSession(workerId) : undefined;
    if (conn.byToken && workerId) return { workerId, ...definedFields({ identity: s?.identity }) };
    if (!s || s.connectionId !== conn.id) {
      throw new EngineError(
        'NOT_FOUND',
        'Task not found: it is held by another worker now (it timed out here, or this worker reconnected).',
      );
    }
    return { workerId: s.workerId, ...(s.identity ? { identity: s.identity } : {}) };
  }

  /**
   * Completes a workflow task with its commands. A Temporal worker's commands are read with the run's
   * state at hand (`commands` as a function, which may name what is wrong with them instead).
   * Returns why the server failed the task instead (a bad command, a limit), if it did.
   */
  async completeWorkflowTask(
    conn: WorkerConnection,
    p: {
      taskToken: string;
      commands:
        readonly Command[] | ((state: RunState) => readonly Command[] | { problem: string; cause: BadCommandCause | 'BAD_COMMAND' });
      sdkMetadata?: SdkMetadata;
      /** Where the run's next tasks go first: a Temporal worker's sticky queue, or (null) any worker; else this worker. */
      sticky?: (StickyQueue & { workerId: string }) | null;
    },
  ): Promise<{ refused?: string; resetHistoryEventId?: number }> {
    const t = this.token(p.taskToken, 'workflow');
    let resetHistoryEventId: number | undefined;
    const refused = await this.ctx.committer.run((uow) =>
      this.ctx.runs.mutate(uow, t.runId, (tx) => {
        const holder = this.holder(conn, requireStartedTask(tx, t.ref, t.attempt, t.start));
        const commands = typeof p.commands === 'function' ? p.commands(tx.state) : p.commands;
        if ('problem' in commands) failWorkflowTask(tx, commands.cause, serverFailure(commands.problem, true), holder);
        else {
          const stickTo = p.sticky === undefined ? {} : { sticky: p.sticky };
          completeWorkflowTask(tx, commands, { ...holder, ...stickTo }, this.ctx.limits, p.sdkMetadata);
          resetHistoryEventId = tx.droppedTaskResetTo;
        }
        const failed = tx.events.find((e) => e.type === 'WorkflowTaskFailed');
        // New events during the task (UNHANDLED_COMMAND) are routine: the task runs again at once.
        return failed?.type === 'WorkflowTaskFailed' && failed.cause !== 'UNHANDLED_COMMAND'
          ? { workflowId: tx.state.workflowId, failed }
          : undefined;
      }),
    );
    // The worker sent commands the server could not apply (a bad command, a limit): say so where someone looks.
    if (refused) {
      this.ctx.log.warn(
        `The workflow task of ${refused.workflowId} failed (${refused.failed.cause}): ${refused.failed.failure.message} It is retried with backoff.`,
      );
    }
    if (refused) return { refused: refused.failed.failure.message };
    // A speculative task that only rejected updates left no event: its worker goes back to this event.
    return resetHistoryEventId === undefined ? {} : { resetHistoryEventId };
  }

  /**
   * Temporal's ResetStickyTaskQueue: the run's next workflow task goes to any worker on its normal queue,
   * with the whole history. NOT_FOUND for a closed run, as Temporal answers.
   */
  resetStickiness(p: { namespace: string; workflowId: string; runId?: string }): Promise<void> {
    const state = this.ctx.runs.find(p.namespace, p.workflowId, p.runId);
    return this.ctx.committer.run((uow) =>
      this.ctx.runs.mutate(uow, state.runId, (tx) => {
        if (tx.state.status !== 'RUNNING') {
          throw new EngineError('NOT_FOUND', `Workflow execution already completed: ${tx.state.workflowId} is ${tx.state.status}.`);
        }
        stickTo(tx.state, undefined);
      }),
    );
  }

  failWorkflowTask(conn: WorkerConnection, p: RequestParams<'workflowTask.fail'>): Promise<void> {
    const t = this.token(p.taskToken, 'workflow');
    return this.ctx.committer.run((uow) =>
      this.ctx.runs.mutate(uow, t.runId, (tx) => {
        const holder = this.holder(conn, requireStartedTask(tx, t.ref, t.attempt, t.start));
        failWorkflowTask(tx, p.cause, p.failure, holder);
      }),
    );
  }

  private activity<T>(conn: WorkerConnection, taskToken: string, fn: (tx: RunTransition, a: ActivityState) => T): Promise<T> {
    const t = this.token(taskToken, 'activity');
    return this.ctx.committer.run((uow) =>
      this.ctx.runs.mutate(uow, t.runId, (tx) => {
        const a = requireStartedActivity(tx, t.ref, t.attempt);
        this.holder(conn, a.workerId);
        return fn(tx, a);
      }),
    );
  }

  completeActivity(conn: WorkerConnection, p: { taskToken: string; result?: Payload }): Promise<void> {
    return this.activity(conn, p.taskToken, (tx, a) => completeActivity(tx, a, p.result));
  }

  failActivity(conn: WorkerConnection, p: { taskToken: string; failure: Failure; lastHeartbeatDetails?: Payload[] }): Promise<void> {
    return this.activity(conn, p.taskToken, (tx, a) => {
      if (p.lastHeartbeatDetails) recordHeartbeat(tx, a, p.lastHeartbeatDetails);
      failActivityAttempt(tx, a, p.failure);
    });
  }

  activityCancelled(conn: WorkerConnection, p: { taskToken: string; details?: Payload[] }): Promise<void> {
    return this.activity(conn, p.taskToken, (tx, a) => {
      if (!a.cancelRequested) {
        // Cancelled without being asked (worker shutting down): the attempt failed, retry it.
        failActivityAttempt(tx, a, serverFailure('The activity was cancelled by its worker without a cancel request.', false));
        return;
      }
      activityCancelled(tx, a, p.details);
    });
  }

  /**
   * The task token of an activity's running attempt, found by its run and activity id (Temporal's `…ById`
   * requests, which a client sends for an activity it completes asynchronously); NOT_FOUND if no attempt runs.
   */
  activityTokenById(p: { namespace: string; workflowId: string; runId?: string; activityId: string }): string {
    const state = this.ctx.runs.find(p.namespace, p.workflowId, p.runId);
    const a = Object.values(state.activities).find((x) => x.activityId === p.activityId);
    if (state.status !== 'RUNNING' || !a || a.status !== 'started') {
      throw new EngineError(
        'NOT_FOUND',
        `Activity task not found: activity ${p.activityId} of workflow ${p.workflowId} is not running (it finished, waits for a retry, or never was).`,
      );
    }
    return encodeTaskToken({ kind: 'activity', runId: state.runId, ref: a.scheduledEventId, attempt: a.attempt });
  }

  heartbeat(conn: WorkerConnection, p: { taskToken: string; details?: Payload[] }): Promise<{ cancelRequested: boolean }> {
    return this.activity(conn, p.taskToken, (tx, a) => {
      recordHeartbeat(tx, a, p.details);
      return { cancelRequested: a.cancelRequested };
    });
  }

  /** Tells workers to stop activities whose workflow closed, timed out or cancelled them. */
  notifyActivityCancels(cancels: readonly ActivityCancelNotice[]): void {
    for (const c of cancels) {
      const s = this.ctx.matching.getSession(c.workerId) as Session | undefined;
      s?.notify('activity.cancel', { workerId: c.workerId, taskToken: c.taskToken, reason: c.reason });
    }
  }
}
