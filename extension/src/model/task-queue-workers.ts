// Who polls a task queue, as Show Task Queue Workers lists it, without VS Code: the queues to pick from
// (those workers poll first, then those of shown runs that no worker polls), and `taskQueue.describe`'s
// pollers as rows — identity, Rewind's or Temporal's worker, what it takes, and its running tasks and
// capacity (Rewind) or last poll of each kind (Temporal), as `rewind task-queue describe` shows them.
import type { PollerInfo, RequestResult, TaskQueueSummary } from '@rewind/sdk/protocol';
import { relativeTime } from './workflow-tree-model';

export type TaskQueueDescription = RequestResult<'taskQueue.describe'>;

/** A row of the queue pick. */
export interface QueueChoice {
  name: string;
  /** How many workers poll it now (0: only running runs of the tree name it). */
  workers: number;
  description: string;
}

/** A row of the workers pick: one poller of the queue. */
export interface WorkerRow {
  /** The worker's identity (its worker id when it gave none). */
  label: string;
  /** Whose worker it is, what it takes and how busy it is (Rewind), or when it last polled (Temporal). */
  description: string;
  /** The types it registered (a Temporal worker takes any), its build of the workflow code and where that is. */
  detail: string;
  sdk: 'Rewind' | 'Temporal';
  /** The workflows module it runs, when it said (Rewind's workers). */
  workflowsPath?: string;
  /** A Temporal worker's latest poll of either kind (epoch ms). */
  lastPollAt?: number;
}

/**
 * The queues to pick from: those workers poll now (`taskQueue.list`), by name, then the queues of shown
 * running runs that no worker polls (those runs wait for one), by name.
 */
export function queueChoices(listed: readonly TaskQueueSummary[], openRuns: ReadonlyMap<string, number>): QueueChoice[] {
  const polled = [...listed]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((q) => ({
      name: q.name,
      workers: q.pollers,
      description: `${q.pollers} worker${q.pollers === 1 ? '' : 's'}${q.anyType ? ' (Temporal)' : ''}`,
    }));
  const known = new Set(polled.map((q) => q.name));
  const unpolled = [...openRuns]
    .filter(([name]) => !known.has(name))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, runs]) => ({
      name,
      workers: 0,
      description: `no worker polls it now · ${runs === 1 ? '1 running run waits' : `${runs} running runs wait`}`,
    }));
  return [...polled, ...unpolled];
}

/**
 * The queue's pollers, in the server's order, as rows: a Temporal worker is the one with its last polls
 * (the server lists it for 5 minutes after its last one); a Rewind worker is listed while connected.
 */
export function workerRows(d: TaskQueueDescription, now: number): WorkerRow[] {
  return d.pollers.map((p) => (p.lastPollAt ? temporalRow(p, p.lastPollAt, now) : rewindRow(p)));
}

function rewindRow(p: PollerInfo): WorkerRow {
  const slots = (kind: 'workflow' | 'activity'): string => `${p.running[kind]}/${p.capacity[kind]} running`;
  const takes = [
    p.workflowTypes.length ? `workflows ${slots('workflow')}` : '',
    p.activityTypes.length ? `activities ${slots('activity')}` : '',
  ].filter(Boolean);
  return {
    label: p.identity ?? p.workerId,
    description: [
      'Rewind worker',
      ...(takes.length ? takes : ['no types registered']),
      p.accepting ? '' : 'shutting down',
      p.retired ? 'its build is retired (it finishes the runs pinned to it)' : '',
    ]
      .filter(Boolean)
      .join(' · '),
    detail: [
      p.workflowTypes.length ? `Workflows: ${p.workflowTypes.join(', ')}` : '',
      p.activityTypes.length ? `Activities: ${p.activityTypes.join(', ')}` : '',
      p.buildId ? `Build ${p.buildId}` : '',
      p.workflowsPath ? `Code: ${p.workflowsPath}` : '',
    ]
      .filter(Boolean)
      .join(' · '),
    sdk: 'Rewind',
    ...(p.workflowsPath ? { workflowsPath: p.workflowsPath } : {}),
  };
}

function temporalRow(p: PollerInfo, last: NonNullable<PollerInfo['lastPollAt']>, now: number): WorkerRow {
  const ago = (at: number): string => relativeTime(new Date(at).toISOString(), now);
  const running = p.running.workflow + p.running.activity;
  const polls = [
    last.workflow !== undefined ? `workflows: last poll ${ago(last.workflow)}` : '',
    last.activity !== undefined ? `activities: last poll ${ago(last.activity)}` : '',
  ].filter(Boolean);
  const kinds = [last.workflow !== undefined ? 'workflow' : '', last.activity !== undefined ? 'activity' : ''].filter(Boolean);
  return {
    label: p.identity ?? p.workerId,
    description: [
      'Temporal worker',
      ...polls,
      running ? `${running} task${running === 1 ? '' : 's'} running` : '',
      p.accepting ? '' : 'no poll waiting now',
    ]
      .filter(Boolean)
      .join(' · '),
    detail: kinds.length
      ? `Takes any ${kinds.join(' and ')} type (a Temporal worker does not list its types)`
      : 'A Temporal worker (it does not list its types)',
    sdk: 'Temporal',
    lastPollAt: Math.max(last.workflow ?? 0, last.activity ?? 0),
  };
}

/** The title of the workers pick: the queue and its backlog. */
export function workersTitle(taskQueue: string, d: TaskQueueDescription): string {
  const tasks = (n: number, kind: string): string => `${n} ${kind} task${n === 1 ? '' : 's'}`;
  return `Workers on task queue '${taskQueue}' · waiting: ${tasks(d.backlog.workflow, 'workflow')}, ${tasks(d.backlog.activity, 'activity')}`;
}

/** What the pick says when nobody polls the queue. */
export function noWorkersText(taskQueue: string): string {
  return `No worker polls '${taskQueue}' now (nor did a Temporal worker in the last 5 minutes): its runs wait until one does.`;
}

/**
 * A running run's hover line: who polls its task queue (up to three, each Rewind's or Temporal's, the
 * latter with its last poll), or that nobody does, so the run waits for a worker.
 */
export function queueWorkersLine(taskQueue: string, d: TaskQueueDescription, now: number): string {
  const rows = workerRows(d, now);
  if (rows.length === 0) return `No worker polls '${taskQueue}' now: the run waits until one does`;
  const named = rows
    .slice(0, 3)
    .map((r) => `${r.label} (${r.sdk}${r.lastPollAt ? `, last poll ${relativeTime(new Date(r.lastPollAt).toISOString(), now)}` : ''})`);
  const more = rows.length > 3 ? ` and ${rows.length - 3} more` : '';
  return `Workers on '${taskQueue}': ${named.join(', ')}${more}`;
}
