// Matching: which worker gets which task. Tasks wait in memory queues per task queue and type; a
// worker gets only types it registered, its cached runs first (sticky), up to its declared capacity.
// A run pinned to a build of the workflow code goes only to workers of that build; a retired build's
// workers get nothing else.
import type { StartWarning } from '@rewind/sdk/protocol';
import { taskKey, type TaskKind, type TaskRow } from '../../engine/derive';
import { closestName, editDistance } from './closest-name';

export interface WorkerSession {
  workerId: string;
  identity?: string;
  namespace: string;
  taskQueue: string;
  workflowTypes: ReadonlySet<string>;
  activityTypes: ReadonlySet<string>;
  /** Takes tasks of any type (a Temporal SDK's poller, which does not say which types it has). */
  anyType?: boolean;
  /** Wants a run's whole history with each workflow task (a Temporal SDK's poller on its normal queue). */
  fullHistory?: boolean;
  /**
   * A Temporal worker's sticky queue: takes only the tasks of runs sticky to it (with the history since its
   * last task), which wait for it while it is available (it polls, or did within Temporal's 10 s window).
   */
  sticky?: { available(): boolean };
  /**
   * Answers a query only while the run has no workflow task in flight (a Temporal SDK's poller: its core
   * refuses a query task for a run whose task it holds, and Temporal's server never sends one).
   */
  queriesBetweenTasks?: boolean;
  capacity: Record<TaskKind, number>;
  /** Keys of the tasks this worker holds now. */
  leases: Record<TaskKind, Set<string>>;
  /** The connection it came on (a reconnecting worker gets a new one). */
  connectionId: number;
  /** False once the worker said it is shutting down: it finishes its tasks but gets no new ones. */
  accepting: boolean;
  /** A hash of its workflow code. */
  buildId?: string;
  /** The absolute path of its workflows module, if it said (where a debugger finds the code of its runs). */
  workflowsPath?: string;
}

/** Leases a task to a worker inside the current transaction; false if the task was stale. */
export type LeaseFn = (task: TaskRow, session: WorkerSession) => boolean;

const groupKey = (namespace: string, taskQueue: string): string => `${namespace}\u0000${taskQueue}`;

interface Group {
  sessions: WorkerSession[];
  /** Round-robin position. */
  next: number;
  /** Waiting tasks by kind, then type (and pinned build), in arrival order. */
  queues: Record<TaskKind, Map<string, Map<string, TaskRow>>>;
  /** Builds whose workers only finish the runs pinned to them. */
  retired: Set<string>;
}

/** Whether a worker takes tasks of this kind and type. */
export function takesType(s: WorkerSession, kind: TaskKind, typeName: string): boolean {
  return !!s.anyType || (kind === 'workflow' ? s.workflowTypes : s.activityTypes).has(typeName);
}

/** Tasks that only the same workers can take share a queue: by type, and by build when pinned. */
const queueKey = (row: Pick<TaskRow, 'typeName' | 'buildId'>): string =>
  row.buildId ? `${row.typeName}\u0000${row.buildId}` : row.typeName;

export class Matching {
  /** Told once per queue and type when tasks wait for a type that none of the queue's workers has. */
  onUnservable: ((task: TaskRow, explanation: string) => void) | undefined;
  private readonly reportedUnservable = new Set<string>();
  private readonly groups = new Map<string, Group>();
  private readonly sessions = new Map<string, WorkerSession>();
  /** Where each waiting task is queued, to remove it in O(1). */
  private readonly waiting = new Map<string, TaskRow>();
  private readonly dirty = new Set<Group>();

  private group(namespace: string, taskQueue: string): Group {
    const key = groupKey(namespace, taskQueue);
    let g = this.groups.get(key);
    if (!g) {
      g = { sessions: [], next: 0, queues: { workflow: new Map(), activity: new Map() }, retired: new Set() };
      this.groups.set(key, g);
    }
    return g;
  }

  getSession(workerId: string): WorkerSession | undefined {
    return this.sessions.get(workerId);
  }

  allSessions(): WorkerSession[] {
    return [...this.sessions.values()];
  }

  addSession(session: WorkerSession): void {
    this.removeSession(session.workerId);
    this.sessions.set(session.workerId, session);
    const g = this.group(session.namespace, session.taskQueue);
    g.sessions.push(session);
    this.dirty.add(g);
  }

  /** Forgets a worker; returns the keys of the tasks it held. */
  removeSession(workerId: string): WorkerSession | undefined {
    const session = this.sessions.get(workerId);
    if (!session) return undefined;
    this.sessions.delete(workerId);
    const g = this.group(session.namespace, session.taskQueue);
    g.sessions = g.sessions.filter((s) => s !== session);
    this.dirty.add(g);
    return session;
  }

  /** A worker's room for tasks changed (a Temporal poller's poll came or went): look at its queue again. */
  roomChanged(session: WorkerSession): void {
    if (this.sessions.get(session.workerId) === session) this.dirty.add(this.group(session.namespace, session.taskQueue));
  }

  stopAccepting(workerId: string): void {
    const s = this.sessions.get(workerId);
    if (s) s.accepting = false;
  }

  /** Keeps the queues in step with the task rows that a committed change wrote or deleted. */
  tasksChanged(upserts: readonly TaskRow[], deletes: readonly TaskRow[]): void {
    for (const row of deletes) {
      this.unqueue(row);
      this.releaseLease(row);
    }
    for (const row of upserts) {
      this.unqueue(row);
      if (row.leaseWorkerId === null) {
        this.releaseLease(row);
        this.enqueue(row);
      }
    }
  }

  private enqueue(row: TaskRow): void {
    const g = this.group(row.namespace, row.taskQueue);
    const byType = g.queues[row.kind];
    let q = byType.get(queueKey(row));
    if (!q) {
      q = new Map();
      byType.set(queueKey(row), q);
    }
    const key = taskKey(row);
    q.set(key, row);
    this.waiting.set(key, row);
    this.dirty.add(g);
    if (this.onUnservable && g.sessions.length > 0) {
      const has = g.sessions.some((s) => takesType(s, row.kind, row.typeName));
      const report = `${groupKey(row.namespace, row.taskQueue)}\u0000${row.kind}\u0000${row.typeName}`;
      if (!has && !this.reportedUnservable.has(report)) {
        this.reportedUnservable.add(report);
        this.onUnservable(row, this.explainWaiting(row) ?? '');
      }
    }
  }

  private unqueue(row: TaskRow): void {
    const key = taskKey(row);
    const queued = this.waiting.get(key);
    if (!queued) return;
    this.waiting.delete(key);
    const q = this.group(queued.namespace, queued.taskQueue).queues[queued.kind].get(queueKey(queued));
    q?.delete(key);
  }

  /** A lease ended (task done, timed out, released): the worker has room again. */
  private releaseLease(row: TaskRow): void {
    const key = taskKey(row);
    for (const s of this.sessions.values()) {
      if (s.leases[row.kind].delete(key)) this.dirty.add(this.group(s.namespace, s.taskQueue));
    }
  }

  /** Hands waiting tasks to workers with room, in each queue's order. Runs inside a transaction. */
  dispatch(lease: LeaseFn): void {
    const groups = [...this.dirty];
    this.dirty.clear();
    for (const g of groups) {
      if (g.sessions.length === 0) continue;
      for (const kind of ['workflow', 'activity'] as const) {
        for (const [qKey, q] of g.queues[kind]) {
          for (const [key, task] of q) {
            const session = this.pick(g, kind, task);
            if (session === 'sticky') continue;
            if (!session) break;
            q.delete(key);
            this.waiting.delete(key);
            if (lease(task, session)) session.leases[kind].add(key);
          }
          if (q.size === 0) g.queues[kind].delete(qKey);
        }
      }
    }
  }

  /** The worker for a task; 'sticky' when it waits for the sticky queue of its run's worker (others may take later tasks). */
  private pick(g: Group, kind: TaskKind, task: TaskRow): WorkerSession | 'sticky' | undefined {
    const fits = (s: WorkerSession): boolean =>
      s.accepting &&
      s.leases[kind].size < s.capacity[kind] &&
      takesType(s, kind, task.typeName) &&
      (task.buildId ? s.buildId === task.buildId : !(s.buildId && g.retired.has(s.buildId)));
    if (task.stickyWorkerId) {
      const sticky = this.sessions.get(task.stickyWorkerId);
      if (sticky && g.sessions.includes(sticky)) {
        if (fits(sticky)) return sticky;
        if (sticky.sticky?.available()) return 'sticky';
      }
    }
    const n = g.sessions.length;
    for (let i = 0; i < n; i++) {
      const s = g.sessions[(g.next + i) % n]!;
      if (!s.sticky && fits(s)) {
        g.next = (g.next + i + 1) % n;
        return s;
      }
    }
    return undefined;
  }

  /** Why a waiting task has no worker, in words for `describe`. */
  explainWaiting(task: Pick<TaskRow, 'namespace' | 'taskQueue' | 'kind' | 'typeName' | 'buildId'>): string | undefined {
    const sessions = this.accepting(task.namespace, task.taskQueue);
    const noun = task.kind === 'workflow' ? 'workflow' : 'activity';
    if (sessions.length > 0 && task.buildId) {
      if (!sessions.some((s) => s.buildId === task.buildId)) {
        return (
          `The run is pinned to build ${task.buildId} of the workflow code (newer code could not replay its history), and no worker of that build runs. ` +
          'Make the new code compatible (patched()) and save, or terminate or reset the workflow.'
        );
      }
    } else {
      const why = this.unservable(task);
      if (why) return why.message;
    }
    return `Every worker on task queue '${task.taskQueue}' with ${noun} type '${task.typeName}' is busy.`;
  }

  /**
   * Why no worker would take a new task of this type on this queue (one not pinned to a build): none
   * polls the queue, or those that do lack the type (a retired build's workers take no new tasks).
   * Undefined when one would, maybe once it has room. The words name what is registered, and the
   * closest name ("did you mean") to a mistyped type or queue.
   */
  unservable(task: Pick<TaskRow, 'namespace' | 'taskQueue' | 'kind' | 'typeName'>): StartWarning | undefined {
    const { namespace, taskQueue, kind, typeName } = task;
    const noun = kind === 'workflow' ? 'workflow' : 'activity';
    const sessions = this.accepting(namespace, taskQueue);
    if (sessions.length === 0) {
      const none = `No worker is running on task queue '${taskQueue}' (namespace ${namespace}): start one.`;
      const queues = new Set<string>();
      for (const s of this.sessions.values())
        if (s.accepting && s.namespace === namespace && s.taskQueue !== taskQueue) queues.add(s.taskQueue);
      const elsewhere = [...queues].filter((q) => this.registeredTypes(namespace, q, kind).includes(typeName)).sort();
      if (elsewhere.length > 0) {
        const named = elsewhere.map((q) => `'${q}'`);
        return {
          code: 'TYPE_ON_OTHER_TASK_QUEUE',
          message: `${none} Workers on task queue ${named.join(', ')} have ${noun} type '${typeName}': did you mean ${named.length === 1 ? `task queue ${named[0]}` : 'one of those'}?`,
        };
      }
      const queue = closestName(taskQueue, queues);
      return { code: 'NO_WORKER', message: queue ? `${none} Did you mean task queue '${queue}'?` : none };
    }
    const g = this.groups.get(groupKey(namespace, taskQueue))!;
    const registered = new Set<string>();
    for (const s of sessions) {
      if (s.buildId && g.retired.has(s.buildId)) continue;
      if (s.anyType) return undefined; // A Temporal SDK's poller: it says nothing of its types, and may have this one.
      for (const t of kind === 'workflow' ? s.workflowTypes : s.activityTypes) registered.add(t);
    }
    if (registered.has(typeName)) return undefined;
    const guess = closestName(typeName, registered);
    const have = namesInBrief(
      typeName,
      [...registered],
      `rewind task-queue describe -t ${taskQueue}${namespace === 'default' ? '' : ` -n ${namespace}`} lists them all`,
    );
    return {
      code: 'TYPE_NOT_REGISTERED',
      message: `No worker on task queue '${taskQueue}' has ${noun} type '${typeName}'; the workers there have: ${have}.${guess ? ` Did you mean '${guess}'?` : ''}`,
    };
  }

  /** The workers on a queue that take tasks (not those shutting down, nor Temporal's sticky queues). */
  private accepting(namespace: string, taskQueue: string): WorkerSession[] {
    return this.groups.get(groupKey(namespace, taskQueue))?.sessions.filter((s) => s.accepting && !s.sticky) ?? [];
  }

  /** Other workers on the session's queue that run other workflow code for the same types. */
  conflicting(session: WorkerSession): { other: WorkerSession; types: string[] }[] {
    if (!session.buildId) return [];
    const g = this.groups.get(groupKey(session.namespace, session.taskQueue));
    const out: { other: WorkerSession; types: string[] }[] = [];
    for (const other of g?.sessions ?? []) {
      if (other === session || !other.buildId || other.buildId === session.buildId) continue;
      if (g!.retired.has(other.buildId) || g!.retired.has(session.buildId)) continue;
      const types = [...session.workflowTypes].filter((t) => other.workflowTypes.has(t));
      if (types.length > 0) out.push({ other, types });
    }
    return out;
  }

  /** Types registered on a queue, for error messages. */
  registeredTypes(namespace: string, taskQueue: string, kind: TaskKind): string[] {
    const g = this.groups.get(groupKey(namespace, taskQueue));
    const out = new Set<string>();
    for (const s of g?.sessions ?? []) for (const t of kind === 'workflow' ? s.workflowTypes : s.activityTypes) out.add(t);
    return [...out].sort();
  }

  /** Retires a build on a queue (its workers then only finish the runs pinned to it), or brings it back. */
  setBuildRetired(namespace: string, taskQueue: string, buildId: string, retired: boolean): void {
    const g = this.group(namespace, taskQueue);
    if (retired) g.retired.add(buildId);
    else g.retired.delete(buildId);
    this.dirty.add(g);
  }

  isRetired(session: WorkerSession): boolean {
    return !!session.buildId && !!this.groups.get(groupKey(session.namespace, session.taskQueue))?.retired.has(session.buildId);
  }

  /** The workers on a queue (not Temporal's sticky queues, as Temporal lists them), and how many tasks of each kind wait there. */
  describeQueue(namespace: string, taskQueue: string): { sessions: WorkerSession[]; backlog: Record<TaskKind, number> } {
    const g = this.groups.get(groupKey(namespace, taskQueue));
    const count = (kind: TaskKind): number => [...(g?.queues[kind].values() ?? [])].reduce((n, q) => n + q.size, 0);
    return {
      sessions: (g?.sessions ?? []).filter((s) => !s.sticky),
      backlog: { workflow: count('workflow'), activity: count('activity') },
    };
  }

  hasDirtyWork(): boolean {
    return this.dirty.size > 0;
  }

  /**
   * No task waits for a worker and no worker holds one.
   *
   * @param runningActivities whether activity tasks held by a worker count (false: only workflow tasks do).
   */
  isEmpty(runningActivities = true): boolean {
    if (this.waiting.size > 0) return false;
    for (const s of this.sessions.values())
      if (s.leases.workflow.size > 0 || (runningActivities && s.leases.activity.size > 0)) return false;
    return true;
  }
}

/** Rebuilds the queues and leases from the stored task rows (after a failed commit left memory unsure). */
export function resyncMatching(matching: Matching, rows: readonly TaskRow[]): void {
  for (const s of matching.allSessions()) {
    s.leases.workflow.clear();
    s.leases.activity.clear();
  }
  matching.tasksChanged([], rows);
  const unleased = rows.filter((r) => r.leaseWorkerId === null);
  matching.tasksChanged(unleased, []);
  for (const r of rows) {
    if (r.leaseWorkerId !== null) matching.getSession(r.leaseWorkerId)?.leases[r.kind].add(taskKey(r));
  }
}

/**
 * Names to read in one line: all of them in order, or, when there are many, those closest to `typed`
 * and how many more there are (and where to see them).
 */
function namesInBrief(typed: string, names: string[], seeAll: string, most = 12): string {
  if (names.length === 0) return 'none';
  if (names.length <= most) return names.sort().join(', ');
  const near = names
    .map((name) => ({ name, distance: editDistance(typed.toLowerCase(), name.toLowerCase()) }))
    .sort((a, b) => a.distance - b.distance || a.name.localeCompare(b.name))
    .slice(0, most)
    .map((n) => n.name);
  return `${near.join(', ')} and ${names.length - most} more (${seeAll})`;
}
