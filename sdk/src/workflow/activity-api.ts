// Activities from workflow code (Temporal's proxyActivities and proxyLocalActivities): their options,
// and the typed stubs whose calls schedule an activity (a command) or run a local one in the worker.
import { definedFields } from '../common/defined-fields';
import { msOptionalToNumber, type Duration } from '../common/duration';
import { compileRetryPolicy, retryPolicyWithDefaults, type RetryPolicy } from '../common/retry-policy';
import type { ActivityFunction, UntypedActivities } from '../common/activity-types';
import { deepMerge } from '../common/deep-merge';
import type {
  ActivityFunctionWithOptions,
  ActivityProxyOptions,
  LocalActivityInterfaceFor,
  LocalActivityProxyOptions,
} from './activity-stub-types';
import type { LocalActivityCall } from './local-activities';
import { toPayloads } from '../common/payloads';
import type { ActivityCancellationType } from '../protocol';
import { activityCommand } from './activities';
import { getActivator } from './current-activator';

/**
 * How the activities of a {@link proxyActivities} run (Temporal's `ActivityOptions`). `startToCloseTimeout`
 * or `scheduleToCloseTimeout` is required.
 */
export interface ActivityOptions {
  /**
   * The task queue whose workers run the activities.
   *
   * @default the workflow's task queue
   */
  taskQueue?: string;
  /**
   * The longest one attempt may run; past it the attempt fails with a `START_TO_CLOSE` timeout and is
   * retried per `retry` (the worker is told to stop it). Set this (Temporal recommends it), or
   * `scheduleToCloseTimeout`.
   */
  startToCloseTimeout?: Duration;
  /**
   * The longest the activity may take from its scheduling to its end, all attempts and backoffs included;
   * past it the activity fails with a `SCHEDULE_TO_CLOSE` timeout, whatever `retry` says.
   *
   * @default unlimited
   */
  scheduleToCloseTimeout?: Duration;
  /**
   * The longest the activity may wait for a worker to take it; past it the activity fails with a
   * `SCHEDULE_TO_START` timeout (not retried: another worker would not come sooner).
   *
   * @default unlimited
   */
  scheduleToStartTimeout?: Duration;
  /**
   * The longest an attempt may go without a heartbeat (`heartbeat()` in the activity); past it the attempt
   * fails with a `HEARTBEAT` timeout and is retried. Set it for long activities, so that a stuck one is
   * noticed before its start-to-close timeout.
   *
   * @default none: heartbeats are not required
   */
  heartbeatTimeout?: Duration;
  /**
   * How failed attempts are retried.
   *
   * @default 1 s, ×2 each time, up to 100 s, unlimited attempts (see {@link RetryPolicy})
   */
  retry?: RetryPolicy;
  /**
   * What cancelling the activity's `CancellationScope` does: `TRY_CANCEL` (ask the activity to stop, and
   * reject with a `CancelledFailure` at once), `WAIT_CANCELLATION_COMPLETED` (ask, and wait until the
   * activity has stopped), or `ABANDON` (reject at once and do not tell the activity).
   *
   * @default 'TRY_CANCEL'
   */
  cancellationType?: ActivityCancellationType;
  /**
   * The activity's id in the run (`activityInfo().activityId`).
   *
   * @default the activity's sequence number in this run
   */
  activityId?: string;
}

/**
 * The activities of a module as the workflow sees them (Temporal's `ActivityInterfaceFor`): the same
 * functions, each returning a promise of its result and with `executeWithOptions` to override the proxy's
 * options for one call (`proxyActivities<typeof activities>()`). A property that is not a function returning
 * a promise is `never`: activities must be async (Temporal marks them `NotAnActivityMethod`).
 */
export type ActivityInterfaceFor<T> = {
  [K in keyof T]: T[K] extends ActivityFunction ? ActivityFunctionWithOptions<T[K]> : never;
};

/**
 * How the activities of a {@link proxyLocalActivities} run (Temporal's `LocalActivityOptions`).
 * `startToCloseTimeout` or `scheduleToCloseTimeout` is required.
 */
export interface LocalActivityOptions {
  /** The longest one attempt may run; past it the attempt fails with a `START_TO_CLOSE` timeout and is retried. */
  startToCloseTimeout?: Duration;
  /** The longest the local activity may take, all attempts and backoffs included. */
  scheduleToCloseTimeout?: Duration;
  /**
   * How failed attempts are retried (in the worker, not by the server).
   *
   * @default 1 s, ×2 each time, up to 100 s, unlimited attempts (see {@link RetryPolicy})
   */
  retry?: RetryPolicy;
  /**
   * A retry whose backoff is longer than this (or than half the workflow task timeout) waits on a durable
   * timer, recorded in history, instead of inside the workflow task, so a worker never holds a task for long.
   *
   * @default 1 minute
   */
  localRetryThreshold?: Duration;
  /**
   * The activity's id in the run.
   *
   * @default the activity's sequence number in this run
   */
  activityId?: string;
}

function checkOptions(fn: string, options: ActivityOptions | LocalActivityOptions | undefined): void {
  if (options === undefined || options === null || typeof options !== 'object') {
    throw new TypeError(`${fn} needs options, e.g. { startToCloseTimeout: "1 minute" }`);
  }
  if (options.startToCloseTimeout === undefined && options.scheduleToCloseTimeout === undefined) {
    throw new TypeError(`Required either scheduleToCloseTimeout or startToCloseTimeout in ${fn} options`);
  }
}

/**
 * A proxy whose every property is a function calling `call(activityType, args, options)` with the proxy's
 * options, and whose `executeWithOptions(override, args)` calls it with them deep-merged with `override`
 * (a field of `override` replaces the proxy's, a nested object such as `retry` is merged field by field).
 */
function activityProxy<O extends object, I>(
  fn: string,
  options: O & { activityTypeInfo?: unknown },
  call: (activityType: string, args: unknown[], options: O) => Promise<unknown>,
): I {
  if ('activityTypeInfo' in options && options.activityTypeInfo !== undefined) {
    throw new TypeError(
      `${fn}: activityTypeInfo is not supported: Rewind's payloads are JSON with one fixed converter; pass JSON values to the activities.`,
    );
  }
  return new Proxy({} as object, {
    get(_target, activityType) {
      if (typeof activityType !== 'string') throw new TypeError('Activity names must be strings');
      if (activityType === 'then') return undefined; // Not a thenable.
      const stub = (...args: unknown[]): Promise<unknown> => call(activityType, args, options);
      stub.executeWithOptions = (override: O, args: unknown[]): Promise<unknown> => {
        if (!Array.isArray(args)) {
          throw new TypeError(`${activityType}.executeWithOptions(options, args) takes the activity's arguments as an array.`);
        }
        return call(activityType, args, deepMerge(options, override));
      };
      return stub;
    },
  }) as I;
}

/**
 * Typed stubs that run activities as local activities (Temporal's `proxyLocalActivities`): the worker
 * runs them itself, inside the workflow task, with no round trip through the server per call; each
 * outcome is recorded in history as a marker, and replay reads the marker instead of running the
 * function again. Retries happen in the worker. For short steps, well under the workflow task timeout
 * (10 s by default); use {@link proxyActivities} for anything longer, or anything that must heartbeat.
 *
 * ```ts
 * const { validateAddress } = proxyLocalActivities<typeof activities>({ startToCloseTimeout: '5 seconds' });
 * ```
 *
 * @throws TypeError (at once) if neither `startToCloseTimeout` nor `scheduleToCloseTimeout` is given, or a duration is not one.
 */
export function proxyLocalActivities<A = UntypedActivities>(options: LocalActivityProxyOptions<A>): LocalActivityInterfaceFor<A> {
  checkOptions('proxyLocalActivities', options);
  localActivityCall('check', [], options); // A typo in a duration fails at once, not at the first call.
  return activityProxy<LocalActivityOptions, LocalActivityInterfaceFor<A>>('proxyLocalActivities', options, (activityType, args, o) =>
    getActivator().localActivities.execute(localActivityCall(activityType, args, o), o),
  );
}

/** What the runtime runs for one local activity call with these options. */
function localActivityCall(activityType: string, args: unknown[], options: LocalActivityOptions): LocalActivityCall {
  const startToCloseTimeoutMs = msOptionalToNumber(options.startToCloseTimeout);
  const scheduleToCloseTimeoutMs = msOptionalToNumber(options.scheduleToCloseTimeout);
  return {
    activityType,
    args: toPayloads(args, `local activity ${activityType}`),
    retryPolicy: retryPolicyWithDefaults(options.retry ? compileRetryPolicy(options.retry) : undefined),
    localRetryThresholdMs: msOptionalToNumber(options.localRetryThreshold) ?? 60_000,
    // An empty activity id is none.
    ...definedFields({ startToCloseTimeoutMs, scheduleToCloseTimeoutMs, activityId: options.activityId || undefined }),
  };
}

/**
 * Typed stubs that schedule activities, as Temporal's `proxyActivities`: each call schedules the activity
 * with these options (a command recorded in history), a worker of the task queue runs it, and the returned
 * promise resolves with its result, or rejects with an `ActivityFailure` (its `cause` says why) once it
 * failed for good after its retries. If the worker or the server dies meanwhile, the workflow waits and
 * goes on where it was: the result comes from history on replay, and the activity is not run again once it
 * completed.
 *
 * ```ts
 * import type * as activities from './activities';
 * const { charge } = proxyActivities<typeof activities>({ startToCloseTimeout: '1 minute', retry: { maximumAttempts: 5 } });
 * const receipt = await charge(orderId);
 * ```
 *
 * Import the activities module with `import type`: workflow code must not load it (it runs outside the sandbox).
 *
 * @throws TypeError (at once) if neither `startToCloseTimeout` nor `scheduleToCloseTimeout` is given, or a duration is not one.
 */
export function proxyActivities<A = UntypedActivities>(options: ActivityProxyOptions<A>): ActivityInterfaceFor<A> {
  checkOptions('proxyActivities', options);
  // Check the options now (a typo in a duration fails at once, not at the first call).
  activityCommand({ activityType: 'check', args: [], options, headers: {}, seq: 0 }, '');
  // Each call goes through the run's outbound interceptors (scheduleActivity) to its command.
  return activityProxy<ActivityOptions, ActivityInterfaceFor<A>>('proxyActivities', options, (activityType, args, o) =>
    getActivator().activities.call(activityType, args, o),
  );
}
