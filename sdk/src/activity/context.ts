// The activity Context (Temporal's): info about the running attempt, heartbeats, and cancellation.
import { AsyncLocalStorage } from 'node:async_hooks';
import { CancelledFailure } from '../common/failures';
import { msToNumber, type Duration } from '../common/duration';
import { IllegalStateError } from '../common/errors';
import type { Logger, LogLevel, LogMetadata } from '../worker/logger';
import type { Client } from '../client/client';
import type { ActivityCancellationDetails } from '../common/activity-cancellation-details';
import { noopMetricMeter, type MetricMeter } from '../common/metrics';
import type { ActivityInfo } from './activity-info';
import { activityLogger } from './activity-logger';

export type { ActivityInfo } from './activity-info';

/** Where the worker puts why it cancelled the activity, before it aborts the signal (Temporal's holder). */
export interface ActivityCancellationDetailsHolder {
  details?: ActivityCancellationDetails;
}

/** What a worker (or `MockActivityEnvironment`) gives a {@link Context} besides its info, signal and heartbeat. */
export interface ContextOptions {
  /** The worker's client, for {@link Context.client}; without it, reading `client` throws. */
  client?: Client;
  /** @default noopMetricMeter: Rewind's worker exports no metrics */
  metricMeter?: MetricMeter;
  /** Where {@link Context.log} writes (with the activity's attributes). @default the worker's logger (`Runtime.install`) */
  logger?: Logger;
  /** Filled in by whoever cancels the activity; {@link Context.cancellationDetails} reads it. */
  cancellationDetails?: ActivityCancellationDetailsHolder;
}

const storage = new AsyncLocalStorage<Context>();

/** Whether this async call chain runs inside an activity function (for the SDK's own use; not exported by the package). */
export function insideActivity(): boolean {
  return storage.getStore() !== undefined;
}

/**
 * The context of a running activity, as in Temporal: its {@link ActivityInfo}, heartbeats, and
 * cancellation (a promise, an `AbortSignal`, and a sleep that stops when cancelled). Get it with
 * {@link Context.current} anywhere in the activity's async call chain; the free functions of this module
 * ({@link activityInfo}, {@link heartbeat}, {@link sleep}, {@link cancelled}, {@link cancellationSignal})
 * are shortcuts for the same.
 *
 * An activity is cancelled, with Temporal's reasons (the signal's `reason`, and {@link cancellationDetails}),
 * when its workflow cancels it (its `CancellationScope` or the whole workflow, unless the activity's
 * `cancellationType` is `ABANDON`: `'CANCELLED'`), when its attempt times out (`'TIMED_OUT'`, a local
 * activity's too), when its workflow closes (`'NOT_FOUND'`) and when the worker shuts down
 * (`'WORKER_SHUTDOWN'`). Unlike a Temporal cluster, Rewind's server pushes the cancellation to the
 * worker, so an activity learns of it without heartbeating; heartbeat anyway if the code may also run on
 * Temporal. A cancelled activity that ends by throwing (the
 * {@link CancelledFailure}, or the signal's reason) is reported as cancelled, not failed.
 */
export class Context {
  private cancelledPromise: Promise<never> | undefined;
  private logger: Logger | undefined;
  private readonly workerClient: Client | undefined;
  private readonly baseLogger: Logger | undefined;
  private readonly cancellation: ActivityCancellationDetailsHolder;
  /**
   * The meter to record the activity's metrics with (Temporal's `Context.metricMeter`): Temporal's
   * `noopMetricMeter` in Rewind's worker, which exports no metrics, so instruments made from it take
   * values and drop them. A `MockActivityEnvironment` may be given another meter.
   */
  readonly metricMeter: MetricMeter;

  /** Made by the worker for each attempt; activity code gets it from {@link Context.current}. */
  constructor(
    /** The attempt this activity runs in. */
    readonly info: ActivityInfo,
    /**
     * Aborted when the activity is cancelled, with the reason (`'CANCELLED'`, `'TIMED_OUT'`, `'NOT_FOUND'`
     * or `'WORKER_SHUTDOWN'`) as `reason`: pass it to `fetch()`, `child_process` and other APIs that take
     * an `AbortSignal`, so that they stop with it.
     */
    readonly cancellationSignal: AbortSignal,
    private readonly heartbeatFn: (details?: unknown) => void,
    options: ContextOptions = {},
  ) {
    this.workerClient = options.client;
    this.baseLogger = options.logger;
    this.metricMeter = options.metricMeter ?? noopMetricMeter;
    this.cancellation = options.cancellationDetails ?? {};
  }

  /**
   * A Rewind `Client` to the worker's server, in the worker's namespace (Temporal's `Context.client`): an
   * activity may start, signal or query workflows with it. The worker connects it (with its address, auth
   * token and identity) when its first activity attempt starts, and closes it when it stops.
   *
   * @throws IllegalStateError when the context has no client: a `MockActivityEnvironment` made without the
   *   `client` option.
   */
  get client(): Client {
    if (!this.workerClient) {
      throw new IllegalStateError(
        'No Client available: this activity runs in a MockActivityEnvironment made without a client. Pass one: new MockActivityEnvironment(info, { client }).',
      );
    }
    return this.workerClient;
  }

  /**
   * Why the activity was cancelled (Temporal's `Context.cancellationDetails`), once it was: undefined
   * before. See {@link ActivityCancellationDetails} for which reasons Rewind sets.
   */
  get cancellationDetails(): ActivityCancellationDetails | undefined {
    return this.cancellation.details;
  }

  /**
   * A promise that never resolves, and rejects with a {@link CancelledFailure} (its message the reason) when
   * the activity is cancelled: `await Promise.race([work, ctx.cancelled])` stops waiting at a cancellation.
   * Made when first asked for, as most activities never ask.
   */
  get cancelled(): Promise<never> {
    if (!this.cancelledPromise) {
      const signal = this.cancellationSignal;
      this.cancelledPromise = new Promise<never>((_, reject) => {
        const onAbort = (): void => reject(new CancelledFailure(String(signal.reason ?? 'Activity cancelled')));
        if (signal.aborted) onAbort();
        else signal.addEventListener('abort', onAbort, { once: true });
      });
      this.cancelledPromise.catch(() => undefined);
    }
    return this.cancelledPromise;
  }

  /**
   * The activity's logger (Temporal's `Context.log`): entries go to the worker's logger (`Runtime.install`)
   * with the activity's attributes (`activityId`, `activityType`, `attempt`, `workflowId`, …, and
   * `sdkComponent: 'activity'`), as Temporal's do.
   */
  get log(): Logger {
    this.logger ??= activityLogger(this.info, this.baseLogger);
    return this.logger;
  }

  /**
   * The context of the activity running in this async call chain (kept in `AsyncLocalStorage`, so it is
   * found in nested calls, callbacks and promises).
   *
   * @throws IllegalStateError when called outside an activity function (in a workflow, or in code that
   *   runs outside the activity's call chain).
   */
  static current(): Context {
    const ctx = storage.getStore();
    if (!ctx) throw new IllegalStateError('Context.current() can only be called inside an activity function.');
    return ctx;
  }

  /**
   * Tells the server the activity is alive, and records its progress. A later attempt (after a failure or
   * a timeout) reads the last `details` in {@link ActivityInfo.heartbeatDetails} and can resume from there,
   * as in Temporal; a failure of the last attempt carries them too.
   *
   * Each heartbeat resets the heartbeat timeout. Heartbeats are throttled: the latest details go out at most
   * once per 80% of the heartbeat timeout (30 s without one), so calling this in a tight loop is cheap.
   * Details must be JSON-serialisable; details that are not are dropped with a warning. A heartbeat's
   * answer may carry a cancellation, which aborts {@link cancellationSignal}. Does nothing in a local activity.
   *
   * @param details progress to resume from (JSON), e.g. the index of the next item to process.
   */
  heartbeat(details?: unknown): void {
    this.heartbeatFn(details);
  }

  /**
   * Waits for `ms`, or rejects with a {@link CancelledFailure} as soon as the activity is cancelled.
   * An ordinary timer of the worker's process (not a durable one, unlike the workflow's `sleep`).
   *
   * @param ms a {@link Duration}: milliseconds, or a string such as `'10 seconds'` or `'5m'`.
   */
  sleep(ms: Duration): Promise<void> {
    let handle: ReturnType<typeof setTimeout>;
    const timer = new Promise<void>((resolve) => {
      handle = setTimeout(resolve, msToNumber(ms));
    });
    return Promise.race([this.cancelled, timer]).finally(() => clearTimeout(handle));
  }

  /** Runs `fn` with this context as the current one (used by the worker and by `MockActivityEnvironment`). */
  run<T>(fn: () => T): T {
    return storage.run(this, fn);
  }
}

/**
 * The {@link ActivityInfo} of the running activity: `Context.current().info`.
 *
 * @throws IllegalStateError outside an activity function.
 */
export function activityInfo(): ActivityInfo {
  return Context.current().info;
}

/**
 * Records progress and tells the server the activity is alive: `Context.current().heartbeat(details)`
 * (see {@link Context.heartbeat} for throttling and what a retried attempt reads back).
 *
 * @param details progress to resume from (JSON); a later attempt reads it in `activityInfo().heartbeatDetails`.
 * @throws IllegalStateError outside an activity function.
 */
export function heartbeat(details?: unknown): void {
  Context.current().heartbeat(details);
}

/**
 * Waits for `ms`, or rejects with a {@link CancelledFailure} as soon as the activity is cancelled:
 * `Context.current().sleep(ms)`. Not the workflow's durable `sleep`.
 *
 * @param ms a {@link Duration}: milliseconds, or a string such as `'10 seconds'`.
 * @throws IllegalStateError outside an activity function.
 */
export function sleep(ms: Duration): Promise<void> {
  return Context.current().sleep(ms);
}

/**
 * A promise that rejects with a {@link CancelledFailure} when the activity is cancelled, and never
 * resolves: `Context.current().cancelled`.
 *
 * @throws IllegalStateError outside an activity function.
 */
export function cancelled(): Promise<never> {
  return Context.current().cancelled;
}

/**
 * The `AbortSignal` aborted when the activity is cancelled (the reason as its `reason`), to pass to APIs
 * that take one: `Context.current().cancellationSignal`.
 *
 * @throws IllegalStateError outside an activity function.
 */
export function cancellationSignal(): AbortSignal {
  return Context.current().cancellationSignal;
}

/**
 * The running activity's logger (Temporal's `log` of `@temporalio/activity`): `Context.current().log`,
 * so each entry carries the activity's attributes and reaches the worker's logger (`Runtime.install`).
 *
 * ```ts
 * log.info('Charging', { orderId });
 * ```
 *
 * @throws IllegalStateError when a method is called outside an activity function.
 */
export const log: Logger = {
  log: (level: LogLevel, message: string, meta?: LogMetadata) => Context.current().log.log(level, message, meta),
  trace: (message: string, meta?: LogMetadata) => Context.current().log.trace(message, meta),
  debug: (message: string, meta?: LogMetadata) => Context.current().log.debug(message, meta),
  info: (message: string, meta?: LogMetadata) => Context.current().log.info(message, meta),
  warn: (message: string, meta?: LogMetadata) => Context.current().log.warn(message, meta),
  error: (message: string, meta?: LogMetadata) => Context.current().log.error(message, meta),
};

/** Temporal's name for {@link ActivityInfo}: `import type { Info } from '@temporalio/activity'`. */
export type Info = ActivityInfo;

/**
 * The worker's client (Temporal's `getClient()`): `Context.current().client`.
 *
 * @throws IllegalStateError outside an activity function, or in a `MockActivityEnvironment` made without a client.
 */
export function getClient(): Client {
  return Context.current().client;
}

/**
 * Why the running activity was cancelled, once it was (Temporal's `cancellationDetails()`):
 * `Context.current().cancellationDetails`.
 *
 * @throws IllegalStateError outside an activity function.
 */
export function cancellationDetails(): ActivityCancellationDetails | undefined {
  return Context.current().cancellationDetails;
}

/**
 * The running activity's metric meter (Temporal's `metricMeter` of `@temporalio/activity`): each call goes to
 * `Context.current().metricMeter`, a meter that drops its values in Rewind's worker (see {@link Context.metricMeter}).
 *
 * @throws IllegalStateError when a method is called outside an activity function.
 */
export const metricMeter: MetricMeter = {
  createCounter: (name, unit, description) => Context.current().metricMeter.createCounter(name, unit, description),
  createHistogram: (name, valueType, unit, description) =>
    Context.current().metricMeter.createHistogram(name, valueType, unit, description),
  createGauge: (name, valueType, unit, description) => Context.current().metricMeter.createGauge(name, valueType, unit, description),
  createUpDownCounter: (name, unit, description) => {
    const meter = Context.current().metricMeter;
    if (!meter.createUpDownCounter) throw new IllegalStateError("The activity's metric meter has no createUpDownCounter.");
    return meter.createUpDownCounter(name, unit, description);
  },
  withTags: (tags) => Context.current().metricMeter.withTags(tags),
};
