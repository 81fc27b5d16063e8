// Temporal's long polls as worker sessions of matching: a Temporal SDK's worker does not register; it
// asks for one task at a time (PollWorkflowTaskQueue, PollActivityTaskQueue) and waits up to a minute.
// Each identity on a task queue is one session of matching that takes any type, whose room is its
// waiting polls: a task leased to it answers the oldest one. Its tasks are proven by their tokens, not
// by a connection (a Temporal worker answers on any), and time out as Temporal's do if it goes away.
// A worker's sticky queue is one more session, on its normal queue, that takes only the runs sticky to it.
import type { ActivityTask, NotificationMethod, Notifications, QueryTask, WorkflowTask } from '@rewind/sdk/protocol';
import type { TaskKind } from '../../engine/derive';
import type { ServiceContext } from '../service-context';
import type { WorkerSession } from './matching';
import { PollHistory } from './poll-history';
import type { Notify, WorkerConnection } from './workers';

/** The worker id of a Temporal worker's session: its identity on a queue. */
export function temporalWorkerId(namespace: string, taskQueue: string, identity: string): string {
  return `temporal:${namespace}:${taskQueue}:${identity}`;
}

/** The worker id of a Temporal worker's sticky queue (its name is the worker's own, unique). */
export function temporalStickyWorkerId(namespace: string, stickyQueue: string): string {
  return `temporal:sticky:${namespace}:${stickyQueue}`;
}

/** Whether a lease is a Temporal worker's (its tasks end by its answer or their timeout, never by a reconnect). */
export function isTemporalWorker(workerId: string): boolean {
  return workerId.startsWith('temporal:');
}

/** The connection every Temporal worker's tasks are held on: none in particular (see byToken). */
export const TEMPORAL_WORKERS: WorkerConnection = { id: -1, notify: () => undefined, byToken: true };

/** What a poll gets: a workflow task or a query (workflow polls), or an activity task. */
export type PolledTask =
  { type: 'workflow'; task: WorkflowTask } | { type: 'query'; task: QueryTask } | { type: 'activity'; task: ActivityTask };

export interface PollRequest {
  namespace: string;
  taskQueue: string;
  kind: TaskKind;
  identity: string;
  /** The worker's sticky queue, when the poll is on it (`taskQueue` then names its normal queue). */
  stickyQueue?: string;
  /** The worker instance that polls (Temporal's worker_instance_key): ShutdownWorker names it. */
  workerInstanceKey?: string;
  /** Aborted when the caller gives up. */
  signal: AbortSignal;
  /** The poll answers with nothing by this time (epoch ms). */
  answerBy: number;
}

interface WaitingPoll {
  answer(task: PolledTask | undefined): void;
  instanceKey?: string;
}

interface PollerSession extends WorkerSession {
  notify: Notify;
  waiting: Record<TaskKind, WaitingPoll[]>;
  /** Tasks that came when no poll waited (a poll gave up as they were leased): the next poll takes them. */
  ready: Record<TaskKind, PolledTask[]>;
  lastPollAt: number;
}

/** A session with no waiting poll for this long is forgotten (its leases stay, and time out if nobody answers). */
const IDLE_MS = 120_000;
/** A sticky queue nobody polled for this long gets no task (Temporal's stickyPollerUnavailableWindow). */
export const STICKY_UNAVAILABLE_MS = 10_000;

/** How long a worker instance that shut down is remembered (a poll it sent just before is answered at once). */
const SHUT_DOWN_MEMORY_MS = 5 * 60_000;

export class Pollers {
  /** Worker instances that said ShutdownWorker, with when: their polls get nothing. */
  private readonly shutDown = new Map<string, number>();
  /** Who polled each queue in the last 5 minutes (DescribeTaskQueue, `rewind task-queue describe`). */
  readonly history: PollHistory;

  constructor(private readonly ctx: ServiceContext) {
    this.history = new PollHistory(ctx.clock);
  }

  /** Waits for a task of the poll's kind on its queue; undefined if none comes before it must answer. */
  poll(r: PollRequest): Promise<PolledTask | undefined> {
    // A poll sent just before its worker's ShutdownWorker, arriving after it: the worker waits for its answer.
    if (r.workerInstanceKey && this.shutDown.has(r.workerInstanceKey)) return Promise.resolve(undefined);
    // A sticky queue's polls are the worker's own queue's, not its normal queue's (Temporal lists them apart:
    // DescribeTaskQueue of the sticky queue names its worker).
    this.history.polled(r.namespace, r.stickyQueue ?? r.taskQueue, r.kind, r.identity);
    const session = this.session(r);
    session.lastPollAt = this.ctx.clock.now();
    const ready = session.ready[r.kind].shift();
    if (ready) return Promise.resolve(ready);
    return new Promise((resolve) => {
      const poll: WaitingPoll = {
        ...(r.workerInstanceKey ? { instanceKey: r.workerInstanceKey } : {}),
        answer: (task) => {
          clearTimeout(timer);
          r.signal.removeEventListener('abort', giveUp);
          const i = session.waiting[r.kind].indexOf(poll);
          if (i >= 0) session.waiting[r.kind].splice(i, 1);
          session.lastPollAt = this.ctx.clock.now();
          this.ctx.matching.roomChanged(session);
          this.forgetWhenIdle(session);
          resolve(task);
        },
      };
      const giveUp = (): void => poll.answer(undefined);
      const timer = setTimeout(giveUp, Math.max(0, r.answerBy - Date.now()));
      r.signal.addEventListener('abort', giveUp);
      session.waiting[r.kind].push(poll);
      this.ctx.matching.roomChanged(session);
      this.ctx.committer.poke();
    });
  }

  /** The session of the poll's identity on its queue (made on its first poll). */
  private session(r: PollRequest): PollerSession {
    const workerId = r.stickyQueue
      ? temporalStickyWorkerId(r.namespace, r.stickyQueue)
      : temporalWorkerId(r.namespace, r.taskQueue, r.identity);
    const existing = this.ctx.matching.getSession(workerId) as PollerSession | undefined;
    if (existing) return existing;
    const waiting: Record<TaskKind, WaitingPoll[]> = { workflow: [], activity: [] };
    const leases = { workflow: new Set<string>(), activity: new Set<string>() };
    const session: PollerSession = {
      workerId,
      identity: r.identity,
      namespace: r.namespace,
      taskQueue: r.taskQueue,
      workflowTypes: new Set(),
      activityTypes: new Set(),
      anyType: true,
      ...(r.stickyQueue
        ? {
            sticky: {
              available: () => waiting.workflow.length > 0 || this.ctx.clock.now() - session.lastPollAt < STICKY_UNAVAILABLE_MS,
            },
          }
        : { fullHistory: true }),
      queriesBetweenTasks: true,
      // Room for as many tasks as it holds plus the polls that wait.
      capacity: {
        get workflow() {
          return leases.workflow.size + waiting.workflow.length;
        },
        get activity() {
          return leases.activity.size + waiting.activity.length;
        },
      },
      leases,
      connectionId: TEMPORAL_WORKERS.id,
      accepting: true,
      waiting,
      ready: { workflow: [], activity: [] },
      lastPollAt: this.ctx.clock.now(),
      notify: (method, params) => this.deliver(session, method, params),
    };
    this.ctx.matching.addSession(session);
    this.ctx.log.info(
      r.stickyQueue
        ? `Temporal worker ${r.identity} polls its sticky queue '${r.stickyQueue}' of task queue '${r.taskQueue}' (namespace ${r.namespace}).`
        : `Temporal worker ${r.identity} polls task queue '${r.taskQueue}' (namespace ${r.namespace}).`,
    );
    return session;
  }

  private deliver<M extends NotificationMethod>(session: PollerSession, method: M, params: Notifications[M]): void {
    const polled = polledTask(method, params);
    if (!polled) return;
    const kind: TaskKind = polled.type === 'activity' ? 'activity' : 'workflow';
    const poll = session.waiting[kind][0];
    if (poll) poll.answer(polled);
    else session.ready[kind].push(polled);
  }

  /** Forgets a session that nobody polls on any more (a worker that went away). */
  private forgetWhenIdle(session: PollerSession): void {
    if (session.waiting.workflow.length > 0 || session.waiting.activity.length > 0) return;
    this.ctx.clock.schedule(() => {
      const idle = session.waiting.workflow.length === 0 && session.waiting.activity.length === 0;
      if (idle && this.ctx.clock.now() - session.lastPollAt >= IDLE_MS && this.ctx.matching.getSession(session.workerId) === session) {
        this.ctx.matching.removeSession(session.workerId);
      }
    }, IDLE_MS);
  }

  /**
   * A worker shutting down (ShutdownWorker): its polls answer with nothing (Temporal's worker waits for
   * them: workerPollCompleteOnShutdown), and it takes no more tasks; the runs sticky to its sticky queue get
   * their next tasks on the normal queue, with the whole history. A worker that names its instance is told
   * apart from other workers of its process (one identity); one that does not is all polls of its identity.
   */
  shutdown(p: { namespace: string; identity: string; stickyQueue?: string; workerInstanceKey?: string }): void {
    const stickyId = p.stickyQueue ? temporalStickyWorkerId(p.namespace, p.stickyQueue) : undefined;
    const key = p.workerInstanceKey;
    if (key) this.rememberShutDown(key);
    for (const s of this.ctx.matching.allSessions()) {
      const session = s as PollerSession;
      if (session.connectionId !== TEMPORAL_WORKERS.id || session.namespace !== p.namespace) continue;
      const whole = session.workerId === stickyId || (!key && session.identity === p.identity);
      for (const kind of ['workflow', 'activity'] as const) {
        for (const poll of [...session.waiting[kind]]) if (whole || (key && poll.instanceKey === key)) poll.answer(undefined);
      }
      const others = session.waiting.workflow.length + session.waiting.activity.length > 0;
      if (whole || (key && session.identity === p.identity && !others)) this.ctx.matching.removeSession(session.workerId);
    }
  }

  private rememberShutDown(key: string): void {
    const now = this.ctx.clock.now();
    for (const [k, at] of this.shutDown) if (now - at > SHUT_DOWN_MEMORY_MS) this.shutDown.delete(k);
    this.shutDown.set(key, now);
  }
}

function polledTask<M extends NotificationMethod>(method: M, params: Notifications[M]): PolledTask | undefined {
  switch (method) {
    case 'task.workflow':
      return { type: 'workflow', task: params as WorkflowTask };
    case 'task.query':
      return { type: 'query', task: params as QueryTask };
    case 'task.activity':
      return { type: 'activity', task: params as ActivityTask };
    default:
      // An activity's cancel reaches a Temporal worker through its heartbeats' answers.
      return undefined;
  }
}
