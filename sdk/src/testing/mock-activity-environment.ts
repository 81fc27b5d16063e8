// MockActivityEnvironment (Temporal's): runs one activity function with a Context, records its
// heartbeats (as 'heartbeat' events) and can cancel it, without a server.
import { EventEmitter } from 'node:events';
import { Context, type ActivityInfo } from '../activity/context';

/**
 * The {@link ActivityInfo} a {@link MockActivityEnvironment} gives its activity unless told otherwise: a
 * first attempt of activity `'test'` (type `'unnamed'`) of workflow `'test'`, in namespace and task queue
 * `'default'` / `'test'`, with no heartbeat details and 1-second start-to-close and schedule-to-close
 * timeouts (Temporal's defaults).
 */
export const defaultActivityInfo: ActivityInfo = {
  taskToken: 'test-task-token',
  activityId: 'test',
  activityType: 'unnamed',
  workflowNamespace: 'default',
  workflowType: 'test',
  workflowExecution: { workflowId: 'test', runId: 'dead-beef' },
  taskQueue: 'test',
  attempt: 1,
  heartbeatDetails: undefined,
  startToCloseTimeoutMs: 1000,
  scheduleToCloseTimeoutMs: 1000,
  scheduledTimestampMs: 1,
  currentAttemptScheduledTimestampMs: 1,
  startedTimestampMs: 1,
  isLocal: false,
};

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

  /** @param info what differs from {@link defaultActivityInfo} (an attempt, heartbeat details to resume from, …). */
  constructor(info: Partial<ActivityInfo> = {}) {
    super();
    this.context = new Context({ ...defaultActivityInfo, ...info }, this.abort.signal, (details) => this.emit('heartbeat', details));
  }

  /**
   * Cancels the activity: `Context.current().cancelled` rejects with a `CancelledFailure` and the
   * cancellation signal aborts, with `reason` as its reason.
   *
   * @param reason as a worker would give it: `'CANCELLED'` (the default), `'WORKER_SHUTDOWN'`, `'TIMED_OUT'`.
   */
  cancel(reason: string = 'CANCELLED'): void {
    this.abort.abort(reason);
  }

  /**
   * Runs `fn` as an activity with this environment's context.
   *
   * @returns what `fn` returns; rejects with what it throws.
   */
  run<P extends unknown[], R>(fn: (...args: P) => R | Promise<R>, ...args: P): Promise<R> {
    return this.context.run(async () => fn(...args));
  }
}
