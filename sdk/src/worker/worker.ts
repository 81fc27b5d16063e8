// The Worker (Temporal's): runs a task queue's workflows (in the sandbox, cached) and activities,
// reconnects by itself, and shuts down gracefully on SIGINT / SIGTERM.
import { LocalActivityRunner } from './activities/local-activities';
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { msToNumber, type Duration } from '../common/duration';
import { ValueError } from '../common/errors';
import type { History, NotificationMethod, Notifications, RequestParams } from '../protocol';
import { envNamespace } from '../transport/env-config';
import { ActivityTasks } from './activities/activity-tasks';
import { buildIdOf, bundleWorkflowCode, type WorkflowBundle } from './sandbox/bundler';
import { Runtime, type Logger } from './logger';
import { NativeConnection } from './native-connection';
import { replayHistories, replayHistory, type HistoryAndWorkflowId, type ReplayResult } from './workflows/replay';
import { WorkflowSandbox } from './sandbox/sandbox';
import { WorkflowCache } from './workflows/workflow-cache';
import { WorkflowTasks } from './workflows/workflow-tasks';

export interface WorkerOptions {
  /** Default: `NativeConnection.connect()`, to the environment's address (REWIND_ADDRESS, TEMPORAL_ADDRESS) or 127.0.0.1:7233. */
  connection?: NativeConnection;
  /** Default: REWIND_NAMESPACE, else TEMPORAL_NAMESPACE, else 'default' (the Client's default too, so both meet). */
  namespace?: string;
  taskQueue: string;
  /** The file (or folder with an index) that exports the workflow functions. */
  workflowsPath?: string;
  /** A bundle made by bundleWorkflowCode, instead of workflowsPath. */
  workflowBundle?: WorkflowBundle;
  /** The activity functions, by name (e.g. `import * as activities`). */
  activities?: object;
  identity?: string;
  maxConcurrentActivityTaskExecutions?: number;
  maxConcurrentWorkflowTaskExecutions?: number;
  /** Runs kept in memory between tasks. Default 1000. */
  maxCachedWorkflows?: number;
  /** How long running activities may finish after shutdown begins before they are cancelled. Default 0. */
  shutdownGraceTime?: Duration;
  /** Names this build of the workflow code. Default: a hash of the workflow bundle. */
  buildId?: string;
}

/** After the grace time, how long a stopping worker waits for its last reports to reach the server. */
const SHUTDOWN_REPORT_WAIT_MS = 3000;

export type State = 'INITIALIZED' | 'RUNNING' | 'STOPPING' | 'DRAINING' | 'DRAINED' | 'STOPPED' | 'FAILED';

export interface ReplayWorkerOptions {
  workflowsPath?: string;
  workflowBundle?: WorkflowBundle;
}

export class Worker {
  private state: State = 'INITIALIZED';
  private readonly workerId = randomUUID();
  private readonly workflowTasks: WorkflowTasks | undefined;
  private readonly activityTasks: ActivityTasks;
  private readonly cache: WorkflowCache;
  private stopRequested: (() => void) | undefined;
  /** Why the connection ended for good (run() stops and throws it). */
  private fatal: Error | undefined;
  private readonly logger: Logger;
  readonly options: Readonly<WorkerOptions> & { namespace: string; identity: string };

  /** A hash of the workflow bundle: workers on one queue with different ones run different code. */
  readonly buildId: string | undefined;

  private constructor(
    options: WorkerOptions,
    private readonly connection: NativeConnection,
    private readonly ownsConnection: boolean,
    private readonly sandbox: WorkflowSandbox | undefined,
    bundle: WorkflowBundle | undefined,
  ) {
    this.buildId = options.buildId ?? (bundle ? buildIdOf(bundle) : undefined);
    this.options = {
      ...options,
      namespace: options.namespace || connection.defaultNamespace || envNamespace(),
      identity: options.identity ?? `${process.pid}@${os.hostname()}`,
    };
    this.logger = Runtime.instance().logger;
    this.cache = new WorkflowCache(options.maxCachedWorkflows ?? 1000);
    this.activityTasks = new ActivityTasks(connection, options.activities ?? {}, this.logger);
    if (sandbox) {
      this.workflowTasks = new WorkflowTasks({
        connection,
        sandbox,
        cache: this.cache,
        logger: this.logger,
        localActivities: new LocalActivityRunner(
          (type) => this.activityTasks.functionOf(type),
          () => this.activityTasks.types,
          this.logger,
        ),
        namespace: this.options.namespace,
        taskQueue: options.taskQueue,
      });
    }
  }

  /** Bundles the workflows and connects; fails with a clear message on a bad bundle or no server. */
  static async create(options: WorkerOptions): Promise<Worker> {
    if (!options || typeof options.taskQueue !== 'string' || !options.taskQueue)
      throw new ValueError('WorkerOptions.taskQueue is required.');
    if (!options.workflowsPath && !options.workflowBundle && !options.activities) {
      throw new ValueError('A worker needs workflowsPath (or workflowBundle), activities, or both.');
    }
    const bundle =
      options.workflowBundle ?? (options.workflowsPath ? await bundleWorkflowCode({ workflowsPath: options.workflowsPath }) : undefined);
    const sandbox = bundle ? await WorkflowSandbox.create(bundle) : undefined;
    const ownsConnection = !options.connection;
    const connection =
      options.connection ?? (await NativeConnection.connect({ ...(options.identity ? { identity: options.identity } : {}) }));
    return new Worker(options, connection, ownsConnection, sandbox, bundle);
  }

  /** Workflow types this worker runs. */
  get workflowTypes(): readonly string[] {
    return this.sandbox?.workflowTypes ?? [];
  }

  getState(): State {
    return this.state;
  }

  /** What the worker holds now (as Temporal's getStatus, with the workflow sandbox's live runs). */
  getStatus(): {
    runState: State;
    numCachedWorkflows: number;
    numInFlightActivities: number;
    numInFlightWorkflowTasks: number;
    numSandboxRuns: number;
  } {
    return {
      runState: this.state,
      numCachedWorkflows: this.cache.size,
      numInFlightActivities: this.activityTasks.inFlight,
      numInFlightWorkflowTasks: this.workflowTasks?.inFlight ?? 0,
      numSandboxRuns: this.sandbox?.liveRuns ?? 0,
    };
  }

  private registration(): RequestParams<'worker.register'> {
    return {
      namespace: this.options.namespace,
      taskQueue: this.options.taskQueue,
      workerId: this.workerId,
      identity: this.options.identity,
      workflowTypes: [...this.workflowTypes],
      activityTypes: this.activityTasks.types,
      maxConcurrentWorkflowTasks: this.sandbox ? (this.options.maxConcurrentWorkflowTaskExecutions ?? 100) : 0,
      maxConcurrentActivities: this.options.maxConcurrentActivityTaskExecutions ?? 100,
      runningTasks: this.activityTasks.runningTokens(),
      ...(this.buildId ? { buildId: this.buildId } : {}),
    };
  }

  private onNotification<M extends NotificationMethod>(method: M, params: Notifications[M]): void {
    switch (method) {
      case 'task.workflow':
        void this.workflowTasks?.handle(params as Notifications['task.workflow']);
        break;
      case 'task.activity':
        void this.activityTasks.handle(params as Notifications['task.activity']);
        break;
      case 'task.query':
        void this.workflowTasks?.handleQuery(params as Notifications['task.query']);
        break;
      case 'activity.cancel':
        this.activityTasks.cancel((params as Notifications['activity.cancel']).taskToken, 'CANCELLED');
        break;
    }
  }

  /**
   * Runs until shutdown() (or SIGINT / SIGTERM); resolves once in-flight work is done. Rejects (after
   * draining) if the connection ends for good: a restarted server that refuses the auth token.
   */
  async run(): Promise<void> {
    if (this.state !== 'INITIALIZED') throw new ValueError(`Worker.run() can be called once (the worker is ${this.state}).`);
    const stopped = new Promise<void>((resolve) => (this.stopRequested = resolve));
    const unregisterSignals = Runtime.instance().registerShutdown(() => this.shutdown());
    await this.connection.register({
      workerId: this.workerId,
      registration: () => this.registration(),
      onNotification: (method, params) => this.onNotification(method, params),
      onFatal: (err) => {
        this.fatal ??= err;
        this.logger.error(`Worker stopping: ${err.message}`, { taskQueue: this.options.taskQueue });
        this.shutdown();
      },
    });
    // A shutdown asked for while registering (a Ctrl-C at start-up) stands.
    if (this.state === 'INITIALIZED') {
      this.state = 'RUNNING';
      this.logger.info(`Worker running on task queue '${this.options.taskQueue}'`, {
        namespace: this.options.namespace,
        workflows: this.workflowTypes.join(', ') || 'none',
        activities: this.activityTasks.types.join(', ') || 'none',
      });
    }
    await stopped;
    this.state = 'DRAINING';
    await this.connection.stopTasks(this.workerId);
    await this.drain();
    this.connection.detach(this.workerId);
    this.cache.clear();
    unregisterSignals();
    if (this.ownsConnection) await this.connection.close();
    if (this.fatal) {
      this.state = 'FAILED';
      throw this.fatal;
    }
    this.state = 'STOPPED';
    this.logger.info('Worker stopped', { taskQueue: this.options.taskQueue });
  }

  /**
   * Waits for running tasks; activities still running after `shutdownGraceTime` are cancelled. Gives up
   * waiting (the server hands unfinished tasks out again) if their reports cannot reach the server.
   */
  private async drain(): Promise<void> {
    const grace = msToNumber(this.options.shutdownGraceTime ?? 0);
    const deadline = Date.now() + grace;
    const giveUpAt = deadline + SHUTDOWN_REPORT_WAIT_MS;
    let cancelled = false;
    while ((this.workflowTasks?.inFlight ?? 0) > 0 || this.activityTasks.inFlight > 0) {
      if (!cancelled && Date.now() >= deadline) {
        cancelled = true;
        this.activityTasks.cancelAll('WORKER_SHUTDOWN');
      }
      if (Date.now() >= giveUpAt) {
        this.logger.warn('Shutting down without reporting the last tasks (the server is not reachable); they will run again.');
        break;
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    this.state = 'DRAINED';
  }

  /** Starts a graceful shutdown: no new tasks; running ones finish (activities within shutdownGraceTime). */
  shutdown(): void {
    if (this.state !== 'RUNNING' && this.state !== 'INITIALIZED') return;
    this.state = 'STOPPING';
    this.stopRequested?.();
  }

  /** Runs the worker until `fnOrPromise` settles, then shuts it down; returns its result. */
  async runUntil<R>(fnOrPromise: Promise<R> | (() => Promise<R>)): Promise<R> {
    const running = this.run();
    try {
      const promise = typeof fnOrPromise === 'function' ? fnOrPromise() : fnOrPromise;
      return await promise;
    } finally {
      this.shutdown();
      await running;
    }
  }

  /** Replays a history with the given workflow code; throws DeterminismViolationError if they disagree. */
  static async runReplayHistory(options: ReplayWorkerOptions, history: History | unknown, workflowId?: string): Promise<void> {
    await replayHistory(options, history, workflowId);
  }

  /** Replays many histories with one sandbox; yields each one's outcome (an error if it does not replay) instead of throwing. */
  static runReplayHistories(
    options: ReplayWorkerOptions,
    histories: Iterable<HistoryAndWorkflowId> | AsyncIterable<HistoryAndWorkflowId>,
  ): AsyncIterable<ReplayResult> {
    return replayHistories(options, histories);
  }
}
