// The server's core, without any transport: composes the store, runs, matching, timers and the
// operations. The WebSocket API and the testing environment both drive this.
import { DEFAULT_NAMESPACE } from '@rewind/sdk/protocol';
import { deriveTasks, deriveTimers, type TaskRow, type TimerRow } from '../engine/derive';
import { DEFAULT_RUN_LIMITS, type RunLimits } from '../engine/limits';
import { onTimer } from '../engine/on-timer';
import { upgradeState } from '../engine/run-state';
import type { Store } from '../store/store';
import { systemClock, type Clock } from './time/clock';
import { EngineError } from '../engine/transition';
import { Committer } from './commit/committer';
import { applyEffect } from './commit/effects';
import { consoleLogger, type Logger } from './logger';
import { Matching, resyncMatching } from './matching/matching';
import { Queries } from './workflows/queries';
import { ExecutionWatches } from './watches/execution-watches';
import { TaskQueues } from './matching/task-queues';
import { HistoryWatches } from './watches/history-watches';
import { ResultWaiters } from './workflows/result-waiters';
import { Runs } from './commit/runs';
import { Schedules } from './time/schedules';
import { SearchAttributeRegistry } from './search-attributes/search-attribute-registry';
import { Updates } from './workflows/updates';
import type { ServiceContext } from './service-context';
import { TimerQueue } from './time/timer-queue';
import { Workers } from './matching/workers';
import { Watching } from './watches/watching';
import { Workflows } from './workflows/workflows';
import { Pollers } from './matching/pollers';
import { Namespaces } from './namespaces';

export interface RewindServiceOptions {
  store: Store;
  clock?: Clock;
  log?: Logger;
  /** How long tasks that were running when the server stopped wait for their worker to reconnect. */
  leaseGraceMs?: number;
  /** Called after every batch of changes (the time skipper looks then). */
  afterBatch?: () => void;
  /** Open runs kept in memory; others are read from the database when needed. Default 20,000. */
  runCacheSize?: number;
  /** What one run may hold; Temporal's defaults (DEFAULT_RUN_LIMITS) for what is not given. */
  limits?: Partial<RunLimits>;
}

/** Retry a timer whose change could not be written (the disk was full, say) after this long. */
const TIMER_RETRY_MS = 1000;
/** The database checkpoints when no batch ran for this long. */
const IDLE_CHECKPOINT_MS = 250;

export class RewindService {
  readonly ctx: ServiceContext;
  readonly workflows: Workflows;
  readonly watching: Watching;
  readonly workers: Workers;
  /** Temporal workers' long polls (the gRPC frontend's), as worker sessions of matching. */
  readonly pollers: Pollers;
  readonly taskQueues: TaskQueues;
  readonly namespaces: Namespaces;
  readonly queries: Queries;
  readonly updates: Updates;
  readonly schedules: Schedules;
  /** The search attribute types of each namespace (registered, or on first use). */
  readonly searchAttributes: SearchAttributeRegistry;
  readonly timers: TimerQueue;
  private readonly waiters = new ResultWaiters();
  readonly watches = new HistoryWatches();
  readonly executionWatches = new ExecutionWatches();
  private readonly checkpointTimer: ReturnType<typeof setInterval>;
  /** Set by the transport: sends queued notifications now (tasks go out before the commit). */
  flushEarly: (() => void) | undefined;

  constructor(options: RewindServiceOptions) {
    const store = options.store;
    const clock = options.clock ?? systemClock;
    const log = options.log ?? consoleLogger();
    const runs = new Runs(store, clock);
    const runCacheSize = options.runCacheSize ?? 20_000;
    const matching = new Matching();
    matching.onUnservable = (task, why) => {
      const workflowId = runs.get(task.runId)?.workflowId;
      log.warn(`A ${task.kind} task of ${workflowId ? `workflow ${workflowId} (run ${task.runId})` : `run ${task.runId}`} waits: ${why}`);
    };
    const committer = new Committer(store, {
      beforeCommit: (uow) => matching.dispatch((task, session) => this.workers.lease(uow, task, session)),
      isExpected: (err) => err instanceof EngineError,
      onReset: () => this.reloadFromStore(),
      onError: (err) => log.error('A change could not be saved', err),
      flushEarly: () => this.flushEarly?.(),
      ...(options.afterBatch ? { afterBatch: options.afterBatch } : {}),
    });
    this.ctx = { store, runs, committer, matching, clock, log, limits: { ...DEFAULT_RUN_LIMITS, ...options.limits } };
    runs.applyEffect = (uow, effect) => applyEffect(this.ctx, runs, uow, effect);
    this.searchAttributes = new SearchAttributeRegistry(this.ctx);
    runs.onSearchAttributes = (namespace, attributes, types) => this.searchAttributes.recordUsed(namespace, attributes, types);
    this.workflows = new Workflows(this.ctx, this.waiters, this.executionWatches);
    this.watching = new Watching(this.ctx, this.workflows, this.watches, this.executionWatches);
    this.workers = new Workers(this.ctx);
    this.pollers = new Pollers(this.ctx);
    this.taskQueues = new TaskQueues(this.ctx, this.pollers.history);
    this.namespaces = new Namespaces(this.ctx);
    this.queries = new Queries(matching, clock);
    this.queries.onStickyUnanswered = (state) => {
      this.workers.resetStickiness(state).catch((err: unknown) => {
        if (!(err instanceof EngineError)) log.error(`Could not reset the stickiness of ${state.workflowId}`, err);
      });
    };
    this.updates = new Updates(this.ctx);
    this.schedules = new Schedules(this.ctx, this.workflows);
    this.timers = new TimerQueue(clock, (rows) => this.timersDue(rows));

    runs.listen({
      indexes: (change) => {
        matching.tasksChanged(change.tasks.upserts, change.tasks.deletes);
        this.timers.changed(change.timers.upserts, change.timers.deletes);
      },
      committed: (change) => {
        runs.trim(runCacheSize);
        if (change.activityCancels.length > 0) this.workers.notifyActivityCancels(change.activityCancels);
        if (change.updates.length > 0) this.updates.changed(change);
        this.watches.changed(change);
        this.executionWatches.changed(change);
        this.queries.runChanged(change.state);
        if (change.closed && change.state.outcome) {
          this.waiters.closed(change.state.runId, change.state.outcome);
          this.schedules.runClosed(change.state);
        }
        if (matching.hasDirtyWork()) committer.poke();
      },
    });

    const leaseGraceMs = options.leaseGraceMs ?? 10_000;
    store.transaction(() => {
      if (!store.getNamespace(DEFAULT_NAMESPACE)) {
        store.insertNamespace({
          name: DEFAULT_NAMESPACE,
          description: 'The default namespace',
          createdAt: new Date(clock.now()).toISOString(),
        });
      }
    });
    const { tasks, timers } = this.derivedFromStore();
    matching.tasksChanged(
      tasks.filter((t) => t.leaseWorkerId === null),
      [],
    );
    this.workers.adoptStoredLeases(tasks, leaseGraceMs);
    this.timers.changed(timers, []);
    this.schedules.reload();

    let checkpointed = true;
    this.checkpointTimer = setInterval(() => {
      const idle = performance.now() - committer.lastFlushAt > IDLE_CHECKPOINT_MS;
      if (!idle) checkpointed = false;
      else if (!checkpointed) {
        checkpointed = true;
        try {
          store.checkpoint();
        } catch (err) {
          log.warn(`Checkpoint failed (it is retried when idle again): ${(err as Error).message}`);
        }
      }
    }, IDLE_CHECKPOINT_MS);
    this.checkpointTimer.unref();
  }

  /** Nothing in flight: no task waiting for or held by a worker, no change queued. */
  isIdle(): boolean {
    return !this.ctx.committer.busy && this.ctx.matching.isEmpty();
  }

  /**
   * Nothing in flight but running activities: no workflow task waiting for or held by a worker, no activity
   * waiting for one, no change queued. What a time-skipping `env.sleep` waits for (Temporal's test server
   * moves time on while activities run: an activity may call it).
   */
  isIdleButRunningActivities(): boolean {
    return !this.ctx.committer.busy && this.ctx.matching.isEmpty(false);
  }

  hasResultWaiters(): boolean {
    return this.waiters.size > 0 || this.updates.size > 0;
  }

  nextTimerAt(): number | undefined {
    const timer = this.timers.nextFireAt();
    const schedule = this.schedules.nextFireAt();
    return timer === undefined ? schedule : schedule === undefined ? timer : Math.min(timer, schedule);
  }

  /** Tasks and timers of every open run, derived from the stored states. */
  private derivedFromStore(): { tasks: TaskRow[]; timers: TimerRow[] } {
    const tasks: TaskRow[] = [];
    const timers: TimerRow[] = [];
    for (const state of this.ctx.store.listOpenRuns().map(upgradeState)) {
      tasks.push(...deriveTasks(state));
      timers.push(...deriveTimers(state));
    }
    return { tasks, timers };
  }

  /** Memory may disagree with the database (a bug, a failed commit): rebuild it from the database. */
  private reloadFromStore(): void {
    const { runs, matching, log } = this.ctx;
    log.warn('Reloading the server state from the database.');
    runs.reset();
    this.searchAttributes.reload();
    const { tasks, timers } = this.derivedFromStore();
    resyncMatching(matching, tasks);
    this.timers.reset(timers);
    this.schedules.reload();
    this.ctx.committer.poke();
  }

  private timersDue(rows: TimerRow[]): void {
    const { committer, runs, log } = this.ctx;
    for (const row of rows) {
      committer
        .run((uow) => runs.mutate(uow, row.runId, (tx) => onTimer(tx, row)))
        .catch((err) => {
          if (err instanceof EngineError) return; // The run is gone.
          log.error(`Timer ${row.kind} of run ${row.runId} could not be processed; retrying`, err);
          this.timers.changed([{ ...row, fireAt: this.ctx.clock.now() + TIMER_RETRY_MS }], []);
        });
    }
  }

  close(): void {
    clearInterval(this.checkpointTimer);
    this.timers.stop();
    this.schedules.stop();
    this.ctx.committer.close();
  }
}
