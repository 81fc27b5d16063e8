// Running activities in a worker: the function with its Context, heartbeats (throttled), cancellation
// (pushed by the server, or the worker shutting down), and reporting the outcome.
import { Context } from '../../activity/context';
import { taskTokenInfo, type ActivityInfo } from '../../activity/activity-info';
import { definedFields } from '../../common/defined-fields';
import { ApplicationFailure, isCancellation } from '../../common/failures';
import { errorToFailure } from '../../common/failure-convert';
import { toPayload, toPayloads } from '../../common/payloads';
import { decodePayload, decodePayloads } from '../../common/payload-decoding';
import type { ActivityTask, Notifications, Payload, RequestParams } from '../../protocol';
import type { Logger } from '../logger';
import type { NativeConnection } from '../native-connection';

import { executeActivity, type ActivityInterceptorsFactory } from './activity-interceptors';
import { ActivityCancellation, type WorkerCancelReason } from './activity-cancel';
import type { ActivityClientSource } from './activity-client';
import { headersFromWire } from '../../common/payload-message';

export type ActivityFunction = (...args: unknown[]) => unknown;

/** Heartbeats go out at most this often (Temporal: 80% of the heartbeat timeout, at most 30 s by default). */
const DEFAULT_HEARTBEAT_THROTTLE_MS = 30_000;

interface Running {
  cancellation: ActivityCancellation;
  task: ActivityTask;
  heartbeat: Heartbeater;
}

/** An attempt's heartbeats: throttled, their last details flushed before its outcome is reported. */
interface Heartbeater {
  beat: (details?: unknown) => void;
  /** Sends the details still held back by the throttle now, and waits for the server's answer. */
  flush: () => Promise<void>;
  stop: () => void;
  lastDetails: () => Payload[] | undefined;
}

export class ActivityTasks {
  private readonly running = new Map<string, Running>();
  private readonly functions: Map<string, ActivityFunction>;

  constructor(
    private readonly connection: NativeConnection,
    activities: object,
    private readonly logger: Logger,
    /** The worker's `interceptors.activity`. */
    private readonly interceptors: readonly ActivityInterceptorsFactory[] = [],
    /** The worker's client, for `Context.client` (none: reading it throws). */
    private readonly clients?: ActivityClientSource,
  ) {
    this.functions = new Map(
      Object.entries(activities as Record<string, unknown>).filter((e): e is [string, ActivityFunction] => typeof e[1] === 'function'),
    );
  }

  get types(): string[] {
    return [...this.functions.keys()];
  }

  /** The function of an activity type, if this worker has it. */
  functionOf(activityType: string): ActivityFunction | undefined {
    return this.functions.get(activityType);
  }

  get inFlight(): number {
    return this.running.size;
  }

  /** Tokens of the attempts running now (kept across a reconnection). */
  runningTokens(): string[] {
    return [...this.running.keys()];
  }

  /** Cancels a running attempt as the server asks (an older server gives no reason: `CANCELLED`). */
  cancel(notice: Readonly<Notifications['activity.cancel']>): void {
    this.running.get(notice.taskToken)?.cancellation.cancel(notice.reason ?? 'CANCELLED');
  }

  cancelAll(reason: WorkerCancelReason): void {
    for (const r of this.running.values()) r.cancellation.cancel(reason);
  }

  /**
   * Sends every running attempt's heartbeat details still held back by the throttle (as Temporal's worker
   * flushes them): a worker that shuts down calls it before closing its connection, so that the next
   * attempt resumes from the last details given, not older ones.
   *
   * @param waitMs how long to wait for the server's answers (it may be out of reach).
   */
  async flushHeartbeats(waitMs: number): Promise<void> {
    if (this.running.size === 0) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const gaveUp = new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs)));
    await Promise.race([Promise.all([...this.running.values()].map((r) => r.heartbeat.flush())), gaveUp]);
    clearTimeout(timer);
  }

  async handle(task: ActivityTask): Promise<void> {
    const meta = { activityType: task.activityType, activityId: task.activityId, workflowId: task.workflowId, attempt: task.attempt };
    const fn = this.functions.get(task.activityType);
    if (!fn) {
      const failure = errorToFailure(
        ApplicationFailure.retryable(
          `Activity function ${task.activityType} is not registered on this worker; it has: ${this.types.join(', ') || 'none'}.`,
          'NotFoundError',
        ),
      );
      await this.report('activityTask.fail', { taskToken: task.taskToken, failure });
      return;
    }
    let args: unknown[];
    let heartbeatDetails: unknown;
    try {
      args = decodePayloads(task.args, `activity ${task.activityType}`);
      heartbeatDetails = decodePayload(task.heartbeatDetails?.[0], `the heartbeat details of activity ${task.activityType}`);
    } catch (err) {
      // Another attempt would get the same bytes: the activity fails, saying what it could not read.
      await this.report('activityTask.fail', {
        taskToken: task.taskToken,
        failure: errorToFailure(ApplicationFailure.fromError(err, { nonRetryable: true })),
      });
      return;
    }
    let client;
    try {
      client = await this.clients?.get();
    } catch (err) {
      // The server is out of reach for the client: so it is for this report, most likely; the attempt is retried.
      await this.report('activityTask.fail', { taskToken: task.taskToken, failure: errorToFailure(ApplicationFailure.fromError(err)) });
      return;
    }
    const cancellation = new ActivityCancellation();
    const heartbeat = this.heartbeater(task, cancellation);
    this.running.set(task.taskToken, { cancellation, task, heartbeat });
    const ctx = new Context(toInfo(task, heartbeatDetails), cancellation.signal, heartbeat.beat, {
      client,
      cancellationDetails: cancellation.holder,
    });
    try {
      const result = await ctx.run(() => executeActivity(this.interceptors, ctx, fn, { args, headers: headersFromWire(task.header) }));
      heartbeat.stop();
      let payload;
      try {
        payload = toPayload(result, `the result of activity ${task.activityType}`);
      } catch (err) {
        throw ApplicationFailure.fromError(err, { nonRetryable: true });
      }
      await this.report('activityTask.complete', { taskToken: task.taskToken, ...definedFields({ result: payload }) });
    } catch (err) {
      // The attempt did not complete: the server keeps its last details for the next one (a retry after a
      // failure, or after the worker shut down), so the details the throttle still holds go out first.
      await heartbeat.flush();
      heartbeat.stop();
      if (cancellation.signal.aborted && (isCancellation(err) || err === cancellation.signal.reason)) {
        await this.report('activityTask.cancelled', { taskToken: task.taskToken });
        return;
      }
      this.logger.warn(`Activity failed: ${err instanceof Error ? err.message : String(err)}`, meta);
      const lastHeartbeatDetails = heartbeat.lastDetails();
      await this.report('activityTask.fail', {
        taskToken: task.taskToken,
        failure: errorToFailure(ApplicationFailure.fromError(err)),
        ...(lastHeartbeatDetails ? { lastHeartbeatDetails } : {}),
      });
    } finally {
      this.running.delete(task.taskToken);
    }
  }

  private async report<M extends 'activityTask.complete' | 'activityTask.fail' | 'activityTask.cancelled'>(
    method: M,
    params: RequestParams<M>,
  ): Promise<void> {
    try {
      await this.connection.call(method, params);
    } catch (err) {
      // The attempt timed out or was cancelled meanwhile: the server no longer waits for it.
      this.logger.debug(`The server did not take the activity's outcome: ${(err as Error).message}`);
    }
  }

  /** Throttled heartbeats: the latest details go out at most once per interval; the answer may cancel. */
  private heartbeater(task: ActivityTask, cancellation: ActivityCancellation): Heartbeater {
    const interval = task.heartbeatTimeoutMs
      ? Math.min(task.heartbeatTimeoutMs * 0.8, DEFAULT_HEARTBEAT_THROTTLE_MS)
      : DEFAULT_HEARTBEAT_THROTTLE_MS;
    let lastSent = 0;
    let pending: { details: unknown } | undefined;
    let latest: { details: unknown } | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    let inFlight: Promise<void> = Promise.resolve();
    const send = (): Promise<void> => {
      if (timer) clearTimeout(timer);
      timer = undefined;
      if (!pending || stopped) return inFlight;
      const details = pending.details;
      pending = undefined;
      lastSent = Date.now();
      let payload;
      try {
        payload = details === undefined ? undefined : toPayloads([details], 'heartbeat');
      } catch (err) {
        this.logger.warn(`Heartbeat details dropped: ${(err as Error).message}`);
        return inFlight;
      }
      const call = this.connection.call('activityTask.heartbeat', { taskToken: task.taskToken, ...(payload ? { details: payload } : {}) });
      inFlight = call.then(
        ({ cancelRequested }) => {
          if (cancelRequested) cancellation.cancel('CANCELLED');
        },
        () => undefined,
      );
      return inFlight;
    };
    return {
      lastDetails: () => {
        if (!latest || latest.details === undefined) return undefined;
        try {
          return toPayloads([latest.details], 'heartbeat');
        } catch {
          return undefined;
        }
      },
      beat: (details) => {
        pending = { details };
        latest = pending;
        if (timer || stopped) return;
        const wait = Math.max(0, lastSent + interval - Date.now());
        timer = setTimeout(() => void send(), wait);
      },
      flush: send,
      stop: () => {
        stopped = true;
        if (timer) clearTimeout(timer);
      },
    };
  }
}

function toInfo(t: ActivityTask, heartbeatDetails: unknown): ActivityInfo {
  const token = taskTokenInfo(t.taskToken);
  // Written out, not spread first (`{ ...token, ... }`): Node 20's V8 builds an object literal that starts
  // with a spread and goes on with many properties slowly (tens of microseconds, once per attempt).
  return {
    taskToken: token.taskToken,
    base64TaskToken: token.base64TaskToken,
    activityId: t.activityId,
    activityType: t.activityType,
    namespace: t.namespace,
    activityNamespace: t.namespace,
    inWorkflow: true,
    workflowNamespace: t.namespace,
    workflowType: t.workflowType,
    workflowExecution: { workflowId: t.workflowId, runId: t.runId },
    taskQueue: t.taskQueue,
    attempt: t.attempt,
    heartbeatDetails,
    // Always a number, as Temporal's server fills it in from the schedule-to-close timeout.
    startToCloseTimeoutMs: t.startToCloseTimeoutMs || t.scheduleToCloseTimeoutMs || 0,
    // A timeout of 0 is none (Temporal's server gives 0 for no schedule-to-close timeout too).
    ...definedFields({ heartbeatTimeoutMs: t.heartbeatTimeoutMs || undefined }),
    scheduleToCloseTimeoutMs: t.scheduleToCloseTimeoutMs || 0,
    scheduledTimestampMs: Date.parse(t.scheduledTime),
    currentAttemptScheduledTimestampMs: Date.parse(t.currentAttemptScheduledTime),
    startedTimestampMs: Date.parse(t.startedTime),
    isLocal: false,
  };
}
