// The Worker (Temporal's): runs a task queue's workflows (in the sandbox, cached) and activities,
// reconnects by itself, and shuts down gracefully on SIGINT / SIGTERM.
import { LocalActivityRunner } from './activities/local-activities';
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { msToNumber, type Duration } from '../common/duration';
import { ValueError } from '../common/errors';
import type { History, NotificationMethod, Notifications, RequestParams } from '../protocol';
import { envNamespace } from '../transport/env-config';
import { ActivityTasks } from './activities/activity-tasks';
import { ActivityClientSource } from './activities/activity-client';
import { buildIdOf, bundleWorkflowCode, bundleWorkflowsPath, type WorkflowBundle } from './sandbox/bundler';
import { loadWorkflowBundle, type WorkflowBundleOption } from './sandbox/bundle-option';
import { Runtime, type Logger } from './logger';
import { NativeConnection } from './native-connection';
import { replayHistories, replayHistory, type ReplayHistoriesIterable, type ReplayOptions, type ReplayResult } from './workflows/replay';
import { WorkflowSandbox } from './sandbox/sandbox';
import { WorkflowCache } from './workflows/workflow-cache';
import { WorkflowTasks } from './workflows/workflow-tasks';
import type { ActivityInterceptorsFactory } from './activities/activity-interceptors';
import type { InjectedSinks, SinkDispatch } from './sinks';
import type { Sinks } from '../workflow/sinks';
import type { RefusedMember } from '../common/refused-members';

/**
 * What {@link Worker.create} takes: the task queue, and the workflows, the activities or both that the
 * worker runs for it (Temporal's `WorkerOptions`, those that apply to one machine).
 */
export interface WorkerOptions {
  /**
   * The connection to the server. A worker given one leaves it open when it stops (close it yourself);
   * one it made itself it closes.
   *
   * @default `await NativeConnection.connect()`: the address of `REWIND_ADDRESS`, else `TEMPORAL_ADDRESS`, else `127.0.0.1:7233`
   */
  connection?: NativeConnection;
  /**
   * The namespace whose tasks the worker takes.
   *
   * @default `REWIND_NAMESPACE`, else `TEMPORAL_NAMESPACE`, else `'default'` (the `Client`'s default too, so the two meet)
   */
  namespace?: string;
  /**
   * The task queue the worker serves: workflows and activities started on it (`taskQueue` of
   * `client.workflow.start`, of `proxyActivities`) run here. Required.
   */
  taskQueue: string;
  /**
   * The module that exports the workflow functions: a file, or a folder with an index
   * (`require.resolve('./workflows')` is the usual way to name it). It is bundled, with what it imports,
   * by {@link bundleWorkflowCode}, and runs in the deterministic sandbox. Give this or `workflowBundle`
   * to run workflows.
   */
  workflowsPath?: string;
  /**
   * Workflow code bundled already by {@link bundleWorkflowCode}, instead of `workflowsPath`: the bundle, or
   * the files it was written to (`{ codePath, sourceMapPath }`), as Temporal's.
   */
  workflowBundle?: WorkflowBundleOption;
  /**
   * The activity functions, by name: usually `import * as activities from './activities'`. An activity's
   * type is its key here, the name workflows call it by through `proxyActivities`; local activities run
   * from the same functions.
   */
  activities?: object;
  /**
   * The worker's name in the server's records (who ran a task, who is polling a queue).
   *
   * @default `${process.pid}@${os.hostname()}`
   */
  identity?: string;
  /**
   * The most activities the worker runs at once; the server never hands it more.
   *
   * @default 100
   */
  maxConcurrentActivityTaskExecutions?: number;
  /**
   * The most workflow tasks the worker runs at once; the server never hands it more.
   *
   * @default 100 (0, and no workflow tasks, for a worker without workflows)
   */
  maxConcurrentWorkflowTaskExecutions?: number;
  /**
   * How many runs the worker keeps in memory between their workflow tasks (sticky execution): a cached
   * run's next task runs on from where it is; one evicted (the least recently used) is replayed from its
   * history first.
   *
   * @default 1000
   */
  maxCachedWorkflows?: number;
  /**
   * How long running activities may go on after shutdown begins before they are cancelled (with reason
   * `'WORKER_SHUTDOWN'`); workflow tasks always finish.
   *
   * @default 0: activities are cancelled when shutdown begins
   */
  shutdownGraceTime?: Duration;
  /**
   * Names this build of the workflow code to the server (it tells workers that run different code on one
   * queue apart; `rewind dev` pins runs to a build).
   *
   * @default a hash of the workflow bundle ({@link buildIdOf})
   */
  buildId?: string;
  /**
   * Interceptors (Temporal's `WorkerInterceptors`): `workflowModules`, modules whose `interceptors` export
   * makes each run's workflow interceptors (bundled with the workflows; with `workflowBundle`, pass them to
   * `bundleWorkflowCode` as `workflowInterceptorModules` instead), and `activity`, factories of activity
   * inbound interceptors (each attempt's `execute`, with the header the workflow scheduled it with).
   */
  interceptors?: WorkerInterceptors;
  /**
   * The functions workflows reach with `proxySinks()` (Temporal's `sinks`): each called in this process
   * after the activation that made the call, with the run's info and the call's arguments; not for a
   * replayed activation unless it says `callDuringReplay: true`.
   */
  sinks?: InjectedSinks<Sinks>;
}

/** Interceptors of a worker (Temporal's `WorkerInterceptors`: the parts Rewind runs). */
export interface WorkerInterceptors {
  /** Modules exporting `interceptors`, a `WorkflowInterceptorsFactory` (e.g. `require.resolve('./interceptors')`). */
  workflowModules?: string[];
  /** Factories of activity interceptors, one call per activity attempt. */
  activity?: ActivityInterceptorsFactory[];
}

/** After the grace time, how long a stopping worker waits for its last reports to reach the server. */
const SHUTDOWN_REPORT_WAIT_MS = 3000;

/**
 * Where a worker is in its life, as Temporal's: `INITIALIZED` (created, {@link Worker.run} not called yet),
 * `RUNNING`, `STOPPING` (shutdown asked for), `DRAINING` (no new tasks; waiting for running ones),
 * `DRAINED` (none left), `STOPPED` (`run()` resolved), `FAILED` (`run()` rejected).
 */
export type State = 'INITIALIZED' | 'RUNNING' | 'STOPPING' | 'DRAINING' | 'DRAINED' | 'STOPPED' | 'FAILED';

/** The workflow code {@link Worker.runReplayHistory} and {@link Worker.runReplayHistories} replay with: one of the two. */
export interface ReplayWorkerOptions {
  /** The module that exports the workflows (bundled first). */
  workflowsPath?: string;
  /** Code bundled already by {@link bundleWorkflowCode}: the bundle or the files it was written to. */
  workflowBundle?: WorkflowBundleOption;
  /** As {@link WorkerOptions.interceptors}: the same workflow interceptors run in the replay (`workflowModules`). */
  interceptors?: Pick<WorkerInterceptors, 'workflowModules'>;
  /** As {@link WorkerOptions.sinks}: in a replay only those with `callDuringReplay: true` are called. */
  sinks?: InjectedSinks<Sinks>;
}

/** The replay's options: the sinks with the runtime's logger. */
function replayOptions(options: ReplayWorkerOptions): ReplayOptions {
  const { sinks, ...rest } = options;
  const dispatch = sinkDispatch(sinks);
  return { ...rest, ...(dispatch ? { sinks: dispatch } : {}) };
}

/** The sandbox's sinks, reporting to the runtime's logger. */
export function sinkDispatch(sinks: InjectedSinks<Sinks> | undefined): SinkDispatch | undefined {
  return sinks ? { sinks, logger: Runtime.instance().logger } : undefined;
}

/**
 * Runs the workflows and activities of one task queue, as Temporal's `Worker`: tasks are pushed to it by
 * the server (no polling), up to its concurrency limits; workflow code runs in a deterministic sandbox
 * and is replayed from history when a run is not in its cache. It reconnects by itself when the server
 * goes away and says which activities it still runs, so a server restart loses nothing.
 *
 * ```ts
 * const worker = await Worker.create({ taskQueue: 'orders', workflowsPath: require.resolve('./workflows'), activities });
 * await worker.run(); // until Ctrl-C, or worker.shutdown()
 * ```
 */
export class Worker {
  // Temporal's members that Rewind does not have, refused with why and what to use (common/refused-members.ts).
  /** @deprecated Worker.numInFlightActivations$ (Temporal's) is not in Rewind: see the type's text. */
  declare readonly numInFlightActivations$: RefusedMember<'Worker.numInFlightActivations$', 'workerObservables'>;
  /** @deprecated Worker.numInFlightActivities$ (Temporal's) is not in Rewind: see the type's text. */
  declare readonly numInFlightActivities$: RefusedMember<'Worker.numInFlightActivities$', 'workerObservables'>;
  /** @deprecated Worker.numRunningWorkflowInstances$ (Temporal's) is not in Rewind: see the type's text. */
  declare readonly numRunningWorkflowInstances$: RefusedMember<'Worker.numRunningWorkflowInstances$', 'workerObservables'>;
  /** @deprecated Worker.client (Temporal's) is not in Rewind: see the type's text. */
  declare readonly client: RefusedMember<'Worker.client', 'workerClient'>;

  private state: State = 'INITIALIZED';
  private readonly workerId = randomUUID();
  private readonly workflowTasks: WorkflowTasks | undefined;
  private readonly activityTasks: ActivityTasks;
  /** The client activities get (`Context.client`), connected when one first runs. */
  private readonly activityClients: ActivityClientSource;
  private readonly cache: WorkflowCache;
  private stopRequested: (() => void) | undefined;
  /** Why the connection ended for good (run() stops and throws it). */
  private fatal: Error | undefined;
  private readonly logger: Logger;
  /** The options it was created with, with the namespace and identity it uses. */
  readonly options: Readonly<WorkerOptions> & { namespace: string; identity: string };

  /** A hash of the workflow bundle: workers on one queue with different ones run different code. */
  readonly buildId: string | undefined;

  /**
   * The absolute path of the workflows module it runs: `workflowsPath`, or the module a `workflowBundle` was
   * made from when its source map says; reported when it registers (a debugger finds the code of its runs there).
   */
  readonly workflowsPath: string | undefined;

  private constructor(
    options: WorkerOptions,
    /** The connection the worker takes its tasks on: the one it was given, else its own (Temporal's `connection`). */
    readonly connection: NativeConnection,
    private readonly ownsConnection: boolean,
    private readonly sandbox: WorkflowSandbox | undefined,
    bundle: WorkflowBundle | undefined,
  ) {
    this.buildId = options.buildId ?? (bundle ? buildIdOf(bundle) : undefined);
    this.workflowsPath = !bundle
      ? undefined
      : options.workflowBundle
        ? bundleWorkflowsPath(bundle)
        : options.workflowsPath
          ? path.resolve(options.workflowsPath)
          : undefined;
    this.options = {
      ...options,
      namespace: options.namespace || connection.defaultNamespace || envNamespace(),
      identity: options.identity ?? `${process.pid}@${os.hostname()}`,
    };
    this.logger = Runtime.instance().logger;
    this.cache = new WorkflowCache(options.maxCachedWorkflows ?? 1000);
    this.activityClients = new ActivityClientSource(connection, this.options.namespace, this.options.identity);
    this.activityTasks = new ActivityTasks(
      connection,
      options.activities ?? {},
      this.logger,
      options.interceptors?.activity ?? [],
      this.activityClients,
    );
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
          options.interceptors?.activity ?? [],
          this.activityClients,
        ),
        namespace: this.options.namespace,
        taskQueue: options.taskQueue,
      });
    }
  }

  /**
   * Creates a worker: bundles the workflow code (if `workflowsPath` is given), loads it into a sandbox and
   * connects (unless given a connection). It takes no tasks until {@link run}.
   *
   * @throws ValueError if `taskQueue` is missing, if neither workflows nor activities are given, or if
   *   `workflowsPath` does not exist.
   * @throws WorkflowBundleError if the workflow code does not bundle (a syntax error, a Node built-in
   *   imported by workflow code, …), with each problem's file and line.
   * @throws ConnectionError if it makes its own connection and no server answers (the message says which
   *   address, and which variable named it); `UnauthenticatedError` if the server refuses the auth token.
   */
  static async create(options: WorkerOptions): Promise<Worker> {
    if (!options || typeof options.taskQueue !== 'string' || !options.taskQueue)
      throw new ValueError('WorkerOptions.taskQueue is required.');
    if (!options.workflowsPath && !options.workflowBundle && !options.activities) {
      throw new ValueError('A worker needs workflowsPath (or workflowBundle), activities, or both.');
    }
    const workflowInterceptorModules = options.interceptors?.workflowModules ?? [];
    if (options.workflowBundle && workflowInterceptorModules.length > 0) {
      Runtime.instance().logger.warn(
        'interceptors.workflowModules is not used with workflowBundle (as in Temporal): pass them to bundleWorkflowCode as workflowInterceptorModules.',
      );
    }
    const bundle = options.workflowBundle
      ? loadWorkflowBundle(options.workflowBundle)
      : options.workflowsPath
        ? await bundleWorkflowCode({ workflowsPath: options.workflowsPath, workflowInterceptorModules })
        : undefined;
    const sandbox = bundle ? await WorkflowSandbox.create(bundle, sinkDispatch(options.sinks)) : undefined;
    const ownsConnection = !options.connection;
    const connection =
      options.connection ?? (await NativeConnection.connect({ ...(options.identity ? { identity: options.identity } : {}) }));
    return new Worker(options, connection, ownsConnection, sandbox, bundle);
  }

  /** The workflow types this worker runs: the functions its workflows module exports. */
  get workflowTypes(): readonly string[] {
    return this.sandbox?.workflowTypes ?? [];
  }

  /** Where the worker is in its life (see {@link State}). */
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
      ...(this.workflowsPath ? { workflowsPath: this.workflowsPath } : {}),
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
        this.activityTasks.cancel(params as Notifications['activity.cancel']);
        break;
      case 'executions.changed':
      case 'history.events':
        break; // for a client that watches runs: nothing for a worker to do
    }
  }

  /**
   * Registers with the server and runs tasks until {@link shutdown} is called or the process gets one of
   * the runtime's shutdown signals (`SIGINT`, `SIGTERM` by default; see `Runtime.install`). Resolves once
   * the worker has drained: running workflow tasks finished, activities finished or cancelled after
   * `shutdownGraceTime`, their outcomes reported. Closes the connection if the worker made it.
   *
   * While the server is away the worker waits and reconnects; it does not fail.
   *
   * @throws ValueError if called a second time.
   * @throws UnauthenticatedError (after draining) if the connection ends for good: a server, restarted,
   *   that refuses the auth token.
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
    // Activities still running (they ignored the cancellation): their last heartbeat details go out first.
    await this.activityTasks.flushHeartbeats(SHUTDOWN_REPORT_WAIT_MS);
    this.connection.detach(this.workerId);
    this.cache.clear();
    await this.activityClients.close();
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

  /**
   * Starts a graceful shutdown and returns at once; {@link run}'s promise resolves when it is done. The
   * worker takes no new tasks; running workflow tasks finish, and running activities have
   * `shutdownGraceTime` to finish before they are cancelled. Tasks it could not report are handed to
   * another worker by the server. Does nothing if the worker is already stopping.
   */
  shutdown(): void {
    if (this.state !== 'RUNNING' && this.state !== 'INITIALIZED') return;
    this.state = 'STOPPING';
    this.stopRequested?.();
  }

  /**
   * Runs the worker until `fnOrPromise` settles, then shuts it down and waits for it to stop (as Temporal's
   * `runUntil`): the way tests run a worker around the code they check.
   *
   * @param fnOrPromise a promise, or a function that returns one (called once the worker runs).
   * @returns what the promise resolves to; rejects with what it rejects with, or with the worker's error.
   */
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

  /**
   * Replays a saved history with workflow code, through the code path that runs live tasks, to check that
   * the code still produces what the history recorded (Temporal's `runReplayHistory`): run it in a test
   * before deploying changed workflow code. The history may be Rewind's (`handle.fetchHistory()`,
   * `rewind workflow show --output json`) or Temporal's JSON export.
   *
   * @param options the workflow code: `workflowsPath` or `workflowBundle`.
   * @param history the history object, or its JSON text.
   * @param workflowId the run's workflow id (default: the history's, else `'replay-workflow-id'`).
   * @throws DeterminismViolationError if the code no longer matches the history: the message names the
   *   event, what the history holds, what the code issued and where, and says to use `patched()`.
   * @throws ReplayError if the workflow code throws while replaying.
   * @throws ValueError if `history` is not a history, or no workflow code is given.
   */
  static async runReplayHistory(options: ReplayWorkerOptions, history: History | unknown, workflowId?: string): Promise<void> {
    await replayHistory(replayOptions(options), history, workflowId);
  }

  /**
   * Replays many histories with the same workflow code (Temporal's `runReplayHistories`), bundled and
   * loaded once, so each history is cheap. Yields each one's {@link ReplayResult}, with an `error` when it
   * does not replay, instead of throwing.
   *
   * @param histories each history with its workflow id, e.g. from `client.workflow.list()` and `fetchHistory()`.
   */
  static runReplayHistories(options: ReplayWorkerOptions, histories: ReplayHistoriesIterable): AsyncIterable<ReplayResult> {
    return replayHistories(replayOptions(options), histories);
  }
}
