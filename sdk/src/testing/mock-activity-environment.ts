// MockActivityEnvironment (Temporal's): runs one activity function with a Context, records its
// heartbeats (as 'heartbeat' events) and can cancel it, without a server.
import { EventEmitter } from 'node:events';
import { Context } from '../activity/context';
import type { ActivityInfo } from '../activity/activity-info';
import type { Client } from '../client/client';
import { ActivityCancellationDetails } from '../common/activity-cancellation-details';
import type { MetricMeter } from '../common/metrics';
import type { Logger } from '../worker/logger';
import type { ActivityInterceptorsFactory } from '../worker/activities/activity-interceptors';
import { executeActivity } from '../worker/activities/activity-interceptors';
import type { ActivityCancellationDetailsHolder } from '../activity/context';

/**
 * The {@link ActivityInfo} a {@link MockActivityEnvironment} gives its activity unless told otherwise:
 * Temporal's defaults, a first attempt of activity `'test'` (type `'unknown'`) of workflow `'test'`, in
 * namespace `'test'` and task queue `'test'`, with no heartbeat details and 1-second start-to-close and
 * schedule-to-close timeouts.
 */
export const defaultActivityInfo: ActivityInfo = {
  attempt: 1,
  taskQueue: 'test',
  isLocal: false,
  taskToken: Buffer.from('test'),
  activityId: 'test',
  activityType: 'unknown',
  workflowType: 'test',
  base64TaskToken: Buffer.from('test').toString('base64'),
  heartbeatTimeoutMs: undefined,
  heartbeatDetails: undefined,
  activityNamespace: 'default',
  workflowNamespace: 'default',
  workflowExecution: { workflowId: 'test', runId: '00000000-0000-0000-0000-000000000000' },
  scheduledTimestampMs: 1,
  startToCloseTimeoutMs: 1000,
  scheduleToCloseTimeoutMs: 1000,
  currentAttemptScheduledTimestampMs: 1,
  namespace: 'test',
  inWorkflow: true,
};

/** What a {@link MockActivityEnvironment} runs its activity with besides its info (Temporal's options). */
export interface MockActivityEnvironmentOptions {
  /** Activity interceptors the activity runs through, as a worker's `interceptors.activity`. */
  interceptors?: ActivityInterceptorsFactory[];
  /**
   * Where the activity's `log` goes. Rewind's activity logger writes to the process's worker logger
   * (`Runtime.install`); give this to capture the entries of this environment's activity instead.
   */
  logger?: Logger;
  /** The activity's `Context.metricMeter` (default: `noopMetricMeter`). */
  metricMeter?: MetricMeter;
  /** The activity's `Context.client` (without one, reading it throws). */
  client?: Client;
}

/**
 * Runs an activity function in a unit test, without a server or a worker (Temporal's
 * `MockActivityEnvironment`): `Context.current()` and the activity module's functions work inside it, each
 * heartbeat is emitted as a `'heartbeat'` event with its details, and {@link cancel} cancels it.
 *
 * ```ts
 * const env = new MockActivityEnvironment({ attempt: 2, heartbeatDetails: 10 });
 * env.on('heartbeat', (details) => seen.push(details));
 * const result = await env.run(processFiles, '/tmp/in');
 * ```
 */
export class MockActivityEnvironment extends EventEmitter {
  /** The context the activity runs with. */
  readonly context: Context;
  private readonly abort = new AbortController();
  private readonly cancellation: ActivityCancellationDetailsHolder = {};
  private readonly interceptors: readonly ActivityInterceptorsFactory[];

  /**
   * @param info what differs from {@link defaultActivityInfo} (an attempt, heartbeat details to resume from, …).
   * @param opts interceptors, a logger, a metric meter and a client for the activity.
   */
  constructor(info?: Partial<ActivityInfo>, opts?: MockActivityEnvironmentOptions) {
    super();
    this.interceptors = opts?.interceptors ?? [];
    this.context = new Context({ ...defaultActivityInfo, ...info }, this.abort.signal, (details) => this.emit('heartbeat', details), {
      ...(opts?.client ? { client: opts.client } : {}),
      ...(opts?.metricMeter ? { metricMeter: opts.metricMeter } : {}),
      ...(opts?.logger ? { logger: opts.logger } : {}),
      cancellationDetails: this.cancellation,
    });
  }

  /**
   * Cancels the activity: `Context.current().cancelled` rejects with a `CancelledFailure` and the
   * cancellation signal aborts, with `reason` as its reason; `cancellationDetails` then says why.
   *
   * @param reason as a worker would give it: `'CANCELLED'` (the default), `'TIMED_OUT'`, `'NOT_FOUND'`, `'WORKER_SHUTDOWN'`, …
   * @param details what `Context.cancellationDetails` gives (default: `cancelRequested`, as Temporal's).
   */
  cancel(reason: string = 'CANCELLED', details?: ActivityCancellationDetails): void {
    if (this.abort.signal.aborted) return;
    this.cancellation.details = details ?? new ActivityCancellationDetails({ cancelRequested: true });
    this.abort.abort(reason);
  }

  /**
   * Runs `fn` as an activity with this environment's context, through its interceptors.
   *
   * @returns what `fn` returns; rejects with what it throws.
   */
  run<P extends unknown[], R>(fn: (...args: P) => R | Promise<R>, ...args: P): Promise<R> {
    const activity = fn as (...a: unknown[]) => unknown;
    return this.context.run(async () => (await executeActivity(this.interceptors, this.context, activity, { args, headers: {} })) as R);
  }
}
