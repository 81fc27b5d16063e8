// The chaos run's verdict, read from the database file itself: every run closed and holding no task,
// event ids without gaps, each activity completion, timer firing, child result and signal recorded once,
// and each workflow task and activity of a run done by a worker of the run's task queue (so the Temporal
// SDK's worker did its queue's work).
import Database from 'better-sqlite3';
import type { HistoryEvent } from '@rewind/sdk/protocol';
import { CLOSING_EVENT_TYPES } from '@rewind/sdk/internal/history/run-status';

export interface StoreCounts {
  runs: number;
  events: number;
  activities: number;
  timers: number;
  children: number;
  continuedAsNew: number;
  signals: number;
  /** Runs by task queue. */
  runsByQueue: Record<string, number>;
  /** Workflow tasks completed and activities started by each SDK's workers. */
  workflowTasksBySdk: Record<WorkerSdk, number>;
  activitiesBySdk: Record<WorkerSdk, number>;
  /** Runs whose workflow tasks were completed by workers of both SDKs (each replaying what the other recorded). */
  runsOnBothSdks: number;
}

export type WorkerSdk = 'rewind' | 'temporal';

/** A worker of the run, by its identity: the queue it serves and its SDK. */
export interface ChaosWorker {
  queue: string;
  sdk: WorkerSdk;
}

interface RunRow {
  run_id: string;
  workflow_id: string;
  status: string;
  task_queue: string;
  history_length: number;
  state: string;
}

const ACTIVITY_CLOSED = new Set(['ActivityTaskCompleted', 'ActivityTaskFailed', 'ActivityTaskTimedOut', 'ActivityTaskCanceled']);

/**
 * Checks the database; `sentSignals` holds the values sent to each workflow id, `workerOf` the task
 * queue and SDK of a worker (by its identity). Adds each problem found to `problems`.
 */
export function checkStore(
  dbFile: string,
  sentSignals: ReadonlyMap<string, readonly number[]>,
  workerOf: (identity: string) => ChaosWorker | undefined,
  problems: string[],
): StoreCounts {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    const counts: StoreCounts = {
      runs: 0,
      events: 0,
      activities: 0,
      timers: 0,
      children: 0,
      continuedAsNew: 0,
      signals: 0,
      runsByQueue: {},
      workflowTasksBySdk: { rewind: 0, temporal: 0 },
      activitiesBySdk: { rewind: 0, temporal: 0 },
      runsOnBothSdks: 0,
    };
    const received = new Map<string, number[]>();
    const runs = db.prepare('SELECT run_id, workflow_id, status, task_queue, history_length, state FROM executions').all() as RunRow[];
    const eventsOf = db.prepare(
      'SELECT e.data FROM events e JOIN executions x ON x.run_key = e.run_key WHERE x.run_id = ? ORDER BY e.event_id',
    );
    for (const run of runs) {
      counts.runs++;
      counts.runsByQueue[run.task_queue] = (counts.runsByQueue[run.task_queue] ?? 0) + 1;
      const where = `${run.workflow_id} (run ${run.run_id}, queue ${run.task_queue})`;
      if (run.status === 'RUNNING') problems.push(`${where} is still running`);
      const state = JSON.parse(run.state) as { workflowTask?: unknown; activities?: object; timers?: object; children?: object };
      if (state.workflowTask) problems.push(`${where} still holds a workflow task: ${JSON.stringify(state.workflowTask)}`);
      for (const kind of ['activities', 'timers', 'children'] as const) {
        const open = Object.keys(state[kind] ?? {}).length;
        if (open > 0) problems.push(`${where} still holds ${open} pending ${kind}`);
      }
      const events = (eventsOf.all(run.run_id) as { data: string }[]).map((r) => JSON.parse(r.data) as HistoryEvent);
      counts.events += events.length;
      checkRun(where, run.history_length, events, counts, problems);
      checkWorkers(where, run.task_queue, events, workerOf, counts, problems);
      for (const e of events) {
        if (e.type !== 'WorkflowExecutionSignaled') continue;
        counts.signals++;
        received.set(run.workflow_id, [...(received.get(run.workflow_id) ?? []), ...e.input.map(Number)]);
      }
    }
    for (const [workflowId, sent] of sentSignals) {
      const got = [...(received.get(workflowId) ?? [])].sort((a, b) => a - b);
      const want = [...sent].sort((a, b) => a - b);
      if (JSON.stringify(got) !== JSON.stringify(want)) {
        problems.push(`${workflowId}: signals in its histories ${JSON.stringify(got)}, sent ${JSON.stringify(want)}`);
      }
    }
    return counts;
  } finally {
    db.close();
  }
}

/** Each workflow task completed and each activity started by a worker of the run's queue, named by its identity; counted by SDK. */
function checkWorkers(
  where: string,
  taskQueue: string,
  events: HistoryEvent[],
  workerOf: (identity: string) => ChaosWorker | undefined,
  counts: StoreCounts,
  problems: string[],
): void {
  const sdks = new Set<WorkerSdk>();
  for (const e of events) {
    if (e.type !== 'WorkflowTaskCompleted' && e.type !== 'ActivityTaskStarted') continue;
    const worker = e.identity === undefined ? undefined : workerOf(e.identity);
    if (worker?.queue !== taskQueue) {
      problems.push(`${where}: event ${e.eventId} (${e.type}) by ${e.identity ?? 'no identity'}, not a worker of its queue`);
    } else if (e.type === 'WorkflowTaskCompleted') {
      counts.workflowTasksBySdk[worker.sdk]++;
      sdks.add(worker.sdk);
    } else counts.activitiesBySdk[worker.sdk]++;
  }
  if (sdks.size > 1) counts.runsOnBothSdks++;
}

function checkRun(where: string, length: number, events: HistoryEvent[], counts: StoreCounts, problems: string[]): void {
  const gap = events.findIndex((e, i) => e.eventId !== i + 1);
  if (gap >= 0 || events.length !== length) {
    problems.push(`${where}: event ids not 1..${length} without gaps (${events.length} events; first wrong at index ${gap})`);
  }
  const once = (what: string, ids: number[], of: number[]): void => {
    for (const id of of) {
      const n = ids.filter((x) => x === id).length;
      if (n !== 1) problems.push(`${where}: ${what} of event ${id} recorded ${n} times`);
    }
  };
  const scheduled = events.filter((e) => e.type === 'ActivityTaskScheduled').map((e) => e.eventId);
  const activityClosed = events.flatMap((e) => (ACTIVITY_CLOSED.has(e.type) ? [(e as { scheduledEventId: number }).scheduledEventId] : []));
  once('the end of the activity', activityClosed, scheduled);
  counts.activities += scheduled.length;
  const timers = events.filter((e) => e.type === 'TimerStarted').map((e) => e.eventId);
  once(
    'the firing of the timer',
    events.flatMap((e) => (e.type === 'TimerFired' ? [e.startedEventId] : [])),
    timers,
  );
  counts.timers += timers.length;
  const children = events.filter((e) => e.type === 'StartChildWorkflowExecutionInitiated').map((e) => e.eventId);
  once(
    'the start of the child',
    events.flatMap((e) => (e.type === 'ChildWorkflowExecutionStarted' ? [e.initiatedEventId] : [])),
    children,
  );
  once(
    'the result of the child',
    events.flatMap((e) => (e.type === 'ChildWorkflowExecutionCompleted' ? [(e as { initiatedEventId: number }).initiatedEventId] : [])),
    children,
  );
  counts.children += children.length;
  if (events.some((e) => e.type === 'WorkflowExecutionContinuedAsNew')) counts.continuedAsNew++;
  const closes = events.filter((e) => CLOSING_EVENT_TYPES.has(e.type));
  if (closes.length !== 1 || !['WorkflowExecutionCompleted', 'WorkflowExecutionContinuedAsNew'].includes(closes[0]!.type)) {
    problems.push(`${where}: closed by ${closes.map((e) => e.type).join(', ') || 'nothing'}`);
  }
}
