// Loading and changing runs: the cache of open runs' state, and the one path by which a change is
// persisted and announced (with the tasks and timers it adds or removes) once it commits. Tasks and
// timers are not stored: they derive from state (see engine/derive.ts).
//
// A change is durable (its events and the state are written in the batch's transaction) or soft:
// handing a workflow task to a worker is kept in memory and written with the run's next durable change.
// If the server dies first, the task is simply handed out again, as the stored state still says it
// waits. (An activity's lease is durable: an attempt may have side effects and run on for minutes.)
// Whenever memory may disagree with the database (a bug, a failed commit), `reset()` drops it all.
import type { HistoryEvent, SearchAttributes, SearchAttributeTypes } from '@rewind/sdk/protocol';
import { deriveTasks, deriveTimers, taskKey, timerKey, type TaskRow, type TimerRow } from '../../engine/derive';
import { upgradeState, type RunState } from '../../engine/run-state';
import { EngineError, RunTransition, type ActivityCancelNotice, type RunEffect } from '../../engine/transition';
import type { Store } from '../../store/store';
import type { Clock } from '../time/clock';
import { diffRows, type RowDiff } from './diff';
import type { UnitOfWork } from './unit-of-work';

/** What the rest of the server learns after a change to a run commits. */
export interface RunChange {
  state: RunState;
  events: HistoryEvent[];
  tasks: RowDiff<TaskRow>;
  timers: RowDiff<TimerRow>;
  activityCancels: ActivityCancelNotice[];
  /** Updates this change accepted or finished. */
  updates: string[];
  closed: boolean;
}

export type RunChangeListener = (change: RunChange) => void;

/** Who hears of a change, and when. */
export interface RunListeners {
  /**
   * At once, inside the batch: the in-memory task queues and timers, so that a task made ready by
   * one mutation can be handed out in the same batch. (If the batch fails, they are rebuilt.)
   */
  indexes: RunChangeListener;
  /** After the commit: what tells the outside world (results to clients, cancels to workers). */
  committed: RunChangeListener;
}

/** The most events kept in memory for a run's next task; a run with more waiting is read from the database. */
const MAX_RECENT_EVENTS = 10_000;

export class Runs {
  private readonly cache = new Map<string, RunState>();
  /** Events of soft changes, not written yet (they precede any later event of the run), with their JSON. */
  private readonly pending = new Map<string, { events: HistoryEvent[]; texts: Map<HistoryEvent, string> }>();
  /**
   * The events of each cached run since its last completed workflow task: what the next task sent to
   * the worker that has the run cached consists of, served without reading the database.
   */
  private readonly recent = new Map<string, HistoryEvent[]>();
  private listeners: RunListeners | undefined;
  /** Applies what a change asks of other runs (set by the service). */
  applyEffect: ((uow: UnitOfWork, effect: RunEffect) => void) | undefined;
  /**
   * Set by the service: hears, inside the batch, the search attributes a run's new events set and the types
   * they came with (to register their types).
   */
  onSearchAttributes: ((namespace: string, attributes: SearchAttributes, types: SearchAttributeTypes) => void) | undefined;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  listen(listeners: RunListeners): void {
    this.listeners = listeners;
  }

  get(runId: string): RunState | undefined {
    const cached = this.cache.get(runId);
    if (cached) return cached;
    const stored = this.store.getRun(runId);
    const state = stored && upgradeState(stored);
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

  /** A run's events from `fromEventId` to `toEventId`, including those of soft changes. */
  readEvents(runId: string, fromEventId: number, toEventId = Number.MAX_SAFE_INTEGER, limit?: number): HistoryEvent[] {
    const tail = this.recent.get(runId);
    if (tail && tail.length > 0 && tail[0]!.eventId <= fromEventId) {
      const out = tail.filter((e) => e.eventId >= fromEventId && e.eventId <= toEventId);
      return limit !== undefined ? out.slice(0, limit) : out;
    }
    const stored = this.store.readEvents({ runId, fromEventId, toEventId, ...(limit !== undefined ? { limit } : {}) });
    const pending = this.pending.get(runId)?.events;
    if (!pending) return stored;
    const more = pending.filter((e) => e.eventId >= fromEventId && e.eventId <= toEventId);
    const all = stored.concat(more);
    return limit !== undefined ? all.slice(0, limit) : all;
  }

  /** Persists a new run made by `startRun`. */
  create(uow: UnitOfWork, tx: RunTransition): void {
    uow.wrote = true;
    this.store.insertRun(tx.state);
    this.cache.set(tx.state.runId, tx.state);
    this.persist(uow, tx, [], [], true);
  }

  /**
   * Changes a run through `fn` and announces the change once the batch commits. `fn` may throw an
   * EngineError only before it changes anything (validate, then apply); any other error is a bug,
   * and the server then reloads everything from the database.
   */
  mutate<T>(uow: UnitOfWork, runId: string, fn: (tx: RunTransition) => T, options: { durable?: boolean } = {}): T {
    const state = this.get(runId);
    if (!state) throw new EngineError('NOT_FOUND', `Run ${runId} not found.`);
    const tasksBefore = deriveTasks(state);
    const timersBefore = deriveTimers(state);
    const tx = new RunTransition(state, this.clock.now());
    const result = fn(tx);
    this.persist(uow, tx, tasksBefore, timersBefore, options.durable !== false || tx.closed !== undefined);
    return result;
  }

  private persist(uow: UnitOfWork, tx: RunTransition, tasksBefore: TaskRow[], timersBefore: TimerRow[], durable: boolean): void {
    const state = tx.state;
    uow.wrote = true;
    if (durable) {
      const earlier = this.pending.get(state.runId);
      if (earlier) {
        this.store.appendEvents(state.runId, earlier.events, earlier.texts);
        this.pending.delete(state.runId);
      }
      this.store.appendEvents(state.runId, tx.events, tx.eventTexts);
      this.store.updateRun(state);
    } else if (tx.events.length > 0) {
      const earlier = this.pending.get(state.runId);
      if (earlier) {
        earlier.events.push(...tx.events);
        for (const [e, text] of tx.eventTexts) earlier.texts.set(e, text);
      } else this.pending.set(state.runId, { events: [...tx.events], texts: tx.eventTexts });
    }
    this.remember(state, tx.events);
    const tasks = diffRows(tasksBefore, deriveTasks(state), taskKey);
    const timers = diffRows(timersBefore, deriveTimers(state), timerKey);
    for (const next of tx.spawned) this.create(uow, next);
    for (const effect of tx.effects) this.applyEffect?.(uow, effect);
    for (const e of tx.events) {
      if ((e.type === 'WorkflowExecutionStarted' || e.type === 'UpsertWorkflowSearchAttributes') && e.searchAttributes) {
        this.onSearchAttributes?.(state.namespace, e.searchAttributes, tx.searchAttributeTypes);
      }
    }
    const closed = tx.closed !== undefined;
    if (closed) {
      uow.afterCommit(() => {
        this.cache.delete(state.runId);
        this.recent.delete(state.runId);
      });
    }
    const change: RunChange = {
      state,
      events: tx.events,
      tasks,
      timers,
      activityCancels: tx.activityCancels,
      updates: tx.updateNotices,
      closed,
    };
    const listeners = this.listeners;
    if (listeners) {
      listeners.indexes(change);
      uow.afterCommit(() => listeners.committed(change));
    }
  }

  /** Keeps the events since the run's last completed workflow task (see `recent`). */
  private remember(state: RunState, events: readonly HistoryEvent[]): void {
    const keepFrom = state.lastCompletedStartedEventId + 1;
    let tail = this.recent.get(state.runId);
    // Only a tail that reaches back to keepFrom is complete enough to serve reads.
    if (!tail || tail.length === 0) {
      if (!(events.length > 0 && events[0]!.eventId <= keepFrom)) return;
      tail = [];
    }
    // Appended in place (readers get copies): a run that gets many events before its next task costs
    // O(1) per event, not a copy of the tail each time.
    if (tail.length > 0 && tail[0]!.eventId < keepFrom) tail = tail.filter((e) => e.eventId >= keepFrom);
    for (const e of events) if (e.eventId >= keepFrom) tail.push(e);
    if (tail.length > 0 && tail[0]!.eventId <= keepFrom && tail.length <= MAX_RECENT_EVENTS) this.recent.set(state.runId, tail);
    else this.recent.delete(state.runId);
  }

  /**
   * Keeps the cache of open runs under `max`: evicts the longest-cached runs that hold nothing
   * only memory knows (no soft changes: no pending events, no task handed out), so reloading them
   * from the database gives the same state.
   */
  trim(max: number): void {
    if (this.cache.size <= max) return;
    for (const [runId, state] of this.cache) {
      if (this.cache.size <= max) break;
      if (this.pending.has(runId) || state.workflowTask?.status === 'started') continue;
      let leased = false;
      for (const id in state.activities) if (state.activities[id]!.status === 'started') leased = true;
      if (leased) continue;
      this.cache.delete(runId);
      this.recent.delete(runId);
    }
  }

  /** Deletes a closed run: its row and history, and what memory holds of it. */
  delete(uow: UnitOfWork, runId: string): void {
    uow.wrote = true;
    this.store.deleteRun(runId);
    this.cache.delete(runId);
    this.pending.delete(runId);
    this.recent.delete(runId);
  }

  /** Forgets everything held in memory: the database is the truth (after a bug or a failed commit). */
  reset(): void {
    this.cache.clear();
    this.pending.clear();
    this.recent.clear();
  }
}
