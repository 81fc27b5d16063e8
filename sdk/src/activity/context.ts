// The activity Context (Temporal's): info about the running attempt, heartbeats, and cancellation.
import { AsyncLocalStorage } from 'node:async_hooks';
import { CancelledFailure } from '../common/failures';
import { msToNumber, type Duration } from '../common/duration';
import { IllegalStateError } from '../common/errors';
import type { Logger, LogLevel, LogMetadata } from '../worker/logger';
import { activityLogger } from './activity-logger';

/**
 * What an activity knows about the attempt it runs in, as Temporal's `Info`. Read it inside the activity
 * with {@link activityInfo} or `Context.current().info`.
 */
export interface ActivityInfo {
  /**
   * Names this attempt to the server (the worker reports its outcome with it). Rewind has no asynchronous
   * completion, so an activity has no use for it beyond logs; empty for a local activity.
   */
  taskToken: string;
  /** The activity's id in its workflow: the `seq` of its command unless the workflow gave one (`activityId`). */
  activityId: string;
  /** The name of the activity function, as the workflow called it through `proxyActivities`. */
  activityType: string;
  /** The namespace of the workflow that scheduled the activity. */
  workflowNamespace: string;
  /** The type (function name) of the workflow that scheduled the activity. */
  workflowType: string;
  /** The run that scheduled the activity. */
  workflowExecution: { workflowId: string; runId: string };
  /** The task queue the activity was scheduled on (a local activity: the workflow's). */
  taskQueue: string;
  /** The attempt: 1 for the first, one more for each retry (the activity's `retry` policy says how many). */
  attempt: number;
  /**
   * The details of the last heartbeat of the previous attempts ({@link heartbeat}), or undefined: a
   * retried attempt resumes from this checkpoint instead of starting over. Always undefined for a local activity.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Temporal's type: the details are whatever the activity sent.
  heartbeatDetails: any;
  /**
   * The heartbeat timeout, if the workflow set one: the attempt fails with a `HEARTBEAT` timeout (and
   * may be retried) when no heartbeat arrives within it.
   *
   * @format number of milliseconds
   */
  heartbeatTimeoutMs?: number;
  /**
   * The longest one attempt may run. Always a number, as in Temporal: when the workflow set only
   * `scheduleToCloseTimeout`, it is that (as Temporal's server fills it in); 0 when neither is known.
   *
   * @format number of milliseconds
   */
  startToCloseTimeoutMs: number;
  /**
   * The longest the activity may take from its first scheduling to its end, retries included, if set.
   *
   * @format number of milliseconds
   */
  scheduleToCloseTimeoutMs?: number;
  /**
   * When the activity was first scheduled (the first attempt's time, for every retry).
   *
   * @format milliseconds since the epoch
   */
  scheduledTimestampMs: number;
  /**
   * When this attempt was scheduled (after the retry backoff, for a retry).
   *
   * @format milliseconds since the epoch
   */
  currentAttemptScheduledTimestampMs: number;
  /**
   * When this attempt started.
   *
   * @format milliseconds since the epoch
   */
  startedTimestampMs: number;
  /** Whether this is a local activity (`proxyLocalActivities`): run by the workflow's worker inside its workflow task. */
  isLocal: boolean;
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
 * An activity is cancelled when its workflow cancels it (its `CancellationScope` or the whole workflow,
 * unless the activity's `cancellationType` is `ABANDON`), when its workflow closes, when its attempt times
 * out (reason `'CANCELLED'` for all of these), when the worker shuts down (`'WORKER_SHUTDOWN'`), and when a
 * local activity's attempt times out (`'TIMED_OUT'`). Unlike a Temporal cluster, Rewind's server pushes
 * the cancellation to the worker, so an activity learns of it without heartbeating; heartbeat anyway if
 * the code may also run on Temporal. A cancelled activity that ends by throwing (the
 * {@link CancelledFailure}, or the signal's reason) is reported as cancelled, not failed.
 */
export class Context {
  private cancelledPromise: Promise<never> | undefined;
  private logger: Logger | undefined;

  /** Made by the worker for each attempt; activity code gets it from {@link Context.current}. */
  constructor(
    /** The attempt this activity runs in. */
    readonly info: ActivityInfo,
    /**
     * Aborted when the activity is cancelled, with the reason (`'CANCELLED'`, `'WORKER_SHUTDOWN'`, or
     * `'TIMED_OUT'` for a local activity) as `reason`: pass it to `fetch()`, `child_process` and other APIs
     * that take an `AbortSignal`, so that they stop with it.
     */
    readonly cancellationSignal: AbortSignal,
    private readonly heartbeatFn: (details?: unknown) => void,
  ) {}

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
    this.logger ??= activityLogger(this.info);
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
