// Loading and changing runs: the cache of open runs' state, and the one path by which a change is
// persisted (events, state, derived tasks and timers) and announced after it commits.
import type { HistoryEvent } from '@rewind/sdk/protocol';
import { deriveTasks, deriveTimers, taskKey, timerKey, type TaskRow, type TimerRow } from '../engine/derive';
import type { RunState } from '../engine/run-state';
import { EngineError, RunTransition, type ActivityCancelNotice } from '../engine/transition';
import type { Store } from '../store/store';
import type { Clock } from './clock';
import { diffRows, type RowDiff } from './diff';
import type { UnitOfWork } from './unit-of-work';

/** What the rest of the server learns after a change to a run commits. */
export interface RunChange {
  state: RunState;
  events: HistoryEvent[];
  tasks: RowDiff<TaskRow>;
  timers: RowDiff<TimerRow>;
  activityCancels: ActivityCancelNotice[];
  closed: boolean;
}

export type RunChangeListener = (change: RunChange) => void;

export class Runs {
  private readonly cache = new Map<string, RunState>();
  private readonly listeners: RunChangeListener[] = [];

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  onChange(listener: RunChangeListener): void {
    this.listeners.push(listener);
  }

  get(runId: string): RunState | undefined {
    const cached = this.cache.get(runId);
    if (cached) return cached;
    const state = this.store.getRun(runId);
    if (state && state.status === 'RUNNING') this.cache.set(runId, state);
    return state;
  }

  /** The run of a workflow id: the given run, or the newest one. */
  find(namespace: string, workflowId: string, runId?: string): RunState {
    const id = runId ?? this.store.getCurrentRunId(namespace, workflowId);
    const state = id ? this.get(id) : undefined;
    if (!state || state.namespace !== namespace || state.workflowId !== workflowId) {
      throw new EngineError(
        'NOT_FOUND',
        runId
          ? `Workflow ${workflowId} run ${runId} not found in namespace ${namespace}.`
          : `Workflow ${workflowId} not found in namespace ${namespace}.`,
        'WorkflowNotFoundError',
      );
    }
    return state;
  }

  /** Persists a new run made by `startRun`. */
  create(uow: UnitOfWork, tx: RunTransition): void {
    this.store.insertRun(tx.state);
    this.cache.set(tx.state.runId, tx.state);
    uow.onRollback(() => this.cache.delete(tx.state.runId));
    this.persist(uow, tx, [], []);
  }

  /** Changes a run through `fn`, persists the result and announces it once committed. */
  mutate<T>(uow: UnitOfWork, runId: string, fn: (tx: RunTransition) => T): T {
    const state = this.get(runId);
    if (!state) throw new EngineError('NOT_FOUND', `Run ${runId} not found.`);
    const tasksBefore = deriveTasks(state);
    const timersBefore = deriveTimers(state);
    const tx = new RunTransition(state, this.clock.now());
    // The state is changed in place: if this part of the transaction does not commit, forget it.
    uow.onRollback(() => this.cache.delete(runId));
    const result = fn(tx);
    this.store.updateRun(state);
    this.persist(uow, tx, tasksBefore, timersBefore);
    return result;
  }

  private persist(uow: UnitOfWork, tx: RunTransition, tasksBefore: TaskRow[], timersBefore: TimerRow[]): void {
    const state = tx.state;
    this.store.appendEvents(state.runId, tx.events);
    const tasks = diffRows(tasksBefore, deriveTasks(state), taskKey);
    const timers = diffRows(timersBefore, deriveTimers(state), timerKey);
    for (const row of tasks.deletes) this.store.deleteTask(row);
    for (const row of tasks.upserts) this.store.upsertTask(row);
    for (const row of timers.deletes) this.store.deleteTimer(row);
    for (const row of timers.upserts) this.store.upsertTimer(row);
    const closed = tx.closed !== undefined;
    if (closed) uow.afterCommit(() => this.cache.delete(state.runId));
    const change: RunChange = { state, events: tx.events, tasks, timers, activityCancels: tx.activityCancels, closed };
    uow.afterCommit(() => {
      for (const listener of this.listeners) listener(change);
    });
  }

  /** Drops every cached state (after a failed commit the database is the truth). */
  clear(): void {
    this.cache.clear();
  }
}
