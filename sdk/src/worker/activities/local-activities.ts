// Running local activities in the worker, inside the workflow task that asked for them: attempts and
// short backoffs here, a long backoff handed back to the workflow (which waits it out on a timer).
import { Context } from '../../activity/context';
import { taskTokenInfo, type ActivityInfo } from '../../activity/activity-info';
import { ActivityCancellation } from './activity-cancel';
import type { ActivityClientSource } from './activity-client';
import { definedFields } from '../../common/defined-fields';
import { ApplicationFailure, TimeoutFailure } from '../../common/failures';
import { errorToFailure } from '../../common/failure-convert';
import { toPayload } from '../../common/payloads';
import { decideRetry } from '../../common/retry-policy';
import type { ActivationJob, Failure, LocalActivityRequest, LocalActivityResolution, Payload } from '../../protocol';
import type { ActivityFunction } from './activity-tasks';
import type { Logger } from '../logger';
import { executeActivity, type ActivityInterceptorsFactory } from './activity-interceptors';
import { headersFromWire } from '../../common/payload-message';

export interface LocalActivityScope {
  namespace: string;
  workflowId: string;
  runId: string;
  workflowType: string;
  taskQueue: string;
  /** When the worker got the task (epoch ms): local work must end well before the task times out. */
  taskReceivedAt: number;
  workflowTaskTimeoutMs: number;
}

/** The worker has no function for a local activity: the task fails (and is retried) until one that has it runs it. */
export class LocalActivityNotRegisteredError extends Error {
  override readonly name = 'LocalActivityNotRegisteredError';
}

export class LocalActivityRunner {
  constructor(
    private readonly functionOf: (activityType: string) => ActivityFunction | undefined,
    private readonly knownTypes: () => string[],
    private readonly logger: Logger,
    /** The worker's activity interceptor factories: local activities pass through them too, as in Temporal. */
    private readonly interceptors: readonly ActivityInterceptorsFactory[] = [],
    /** The worker's client, for `Context.client` (none: reading it throws). */
    private readonly clients?: ActivityClientSource,
  ) {}

  /** Runs every request (at once); one ResolveLocalActivity job each, in the order of the requests. */
  run(requests: readonly LocalActivityRequest[], scope: LocalActivityScope): Promise<ActivationJob[]> {
    for (const r of requests) {
      if (!this.functionOf(r.activityType)) {
        throw new LocalActivityNotRegisteredError(
          `Local activity ${r.activityType} is not registered on this worker; it has: ${this.knownTypes().join(', ') || 'none'}. ` +
            'Pass it in the activities of Worker.create; the workflow waits until a worker that has it runs the task.',
        );
      }
    }
    return Promise.all(requests.map((r) => this.runOne(r, scope)));
  }

  private async runOne(request: LocalActivityRequest, scope: LocalActivityScope): Promise<ActivationJob> {
    const startedAt = Date.now();
    let attempt = request.attempt;
    const done = (resolution: LocalActivityResolution): ActivationJob => ({
      type: 'ResolveLocalActivity',
      seq: request.seq,
      attempt,
      resolution,
    });
    for (;;) {
      const outcome = await this.attempt(request, attempt, scope);
      if (!('failure' in outcome)) return done({ status: 'completed', ...definedFields({ result: outcome.result }) });
      const decision = decideRetry({
        policy: request.retryPolicy,
        attempt,
        failure: outcome.failure,
        // Workflow time of the first attempt, plus what passed here (the test environment's clock may skip).
        now: request.originalScheduleTime + (Date.now() - startedAt),
        scheduledAt: request.originalScheduleTime,
        scheduleToCloseTimeoutMs: request.scheduleToCloseTimeoutMs,
      });
      if ('retryState' in decision) {
        return done({ status: 'failed', failure: activityFailure(request, decision.retryState, outcome.failure) });
      }
      const left = scope.taskReceivedAt + scope.workflowTaskTimeoutMs / 2 - Date.now();
      if (decision.retryAfterMs > request.localRetryThresholdMs || decision.retryAfterMs >= left) {
        return done({ status: 'backoff', nextAttempt: attempt + 1, backoffMs: decision.retryAfterMs, failure: outcome.failure });
      }
      await new Promise((r) => setTimeout(r, decision.retryAfterMs));
      attempt++;
    }
  }

  private async attempt(
    request: LocalActivityRequest,
    attempt: number,
    scope: LocalActivityScope,
  ): Promise<{ result?: Payload } | { failure: Failure }> {
    const fn = this.functionOf(request.activityType)!;
    let client;
    try {
      client = await this.clients?.get();
    } catch (err) {
      return { failure: errorToFailure(ApplicationFailure.fromError(err)) };
    }
    const cancellation = new ActivityCancellation();
    const started = Date.now();
    // A local activity has no task of its own on the server: no token.
    const token = taskTokenInfo('');
    const info: ActivityInfo = {
      taskToken: token.taskToken,
      base64TaskToken: token.base64TaskToken,
      activityId: request.activityId,
      activityType: request.activityType,
      namespace: scope.namespace,
      activityNamespace: scope.namespace,
      inWorkflow: true,
      workflowNamespace: scope.namespace,
      workflowType: scope.workflowType,
      workflowExecution: { workflowId: scope.workflowId, runId: scope.runId },
      taskQueue: scope.taskQueue,
      attempt,
      heartbeatDetails: undefined,
      // Always a number, as Temporal's core fills it in from the schedule-to-close timeout.
      startToCloseTimeoutMs: request.startToCloseTimeoutMs || request.scheduleToCloseTimeoutMs || 0,
      // A timeout of 0 is none, as Temporal gives it.
      scheduleToCloseTimeoutMs: request.scheduleToCloseTimeoutMs || 0,
      scheduledTimestampMs: request.originalScheduleTime,
      currentAttemptScheduledTimestampMs: started,
      startedTimestampMs: started,
      isLocal: true,
    };
    const ctx = new Context(info, cancellation.signal, () => undefined, { client, cancellationDetails: cancellation.holder });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = request.startToCloseTimeoutMs ?? request.scheduleToCloseTimeoutMs;
    try {
      const run = ctx.run(() =>
        executeActivity(this.interceptors, ctx, fn, { args: request.args, headers: headersFromWire(request.header) }),
      );
      const result = timeout
        ? await new Promise<unknown>((resolve, reject) => {
            timer = setTimeout(() => {
              cancellation.cancel('TIMED_OUT');
              reject(new TimeoutFailure('Local activity timed out', undefined, 'START_TO_CLOSE'));
            }, timeout);
            Promise.resolve(run).then(resolve, reject);
          })
        : await run;
      try {
        const payload = toPayload(result, `the result of local activity ${request.activityType}`);
        return payload !== undefined ? { result: payload } : {};
      } catch (err) {
        return { failure: errorToFailure(ApplicationFailure.fromError(err, { nonRetryable: true })) };
      }
    } catch (err) {
      this.logger.warn(`Local activity failed: ${err instanceof Error ? err.message : String(err)}`, {
        activityType: request.activityType,
        workflowId: scope.workflowId,
        attempt,
      });
      return { failure: errorToFailure(err instanceof TimeoutFailure ? err : ApplicationFailure.fromError(err)) };
    } finally {
      if (timer) clearTimeout(timer);
      const took = Date.now() - started;
      if (took > scope.workflowTaskTimeoutMs) {
        this.logger.warn(
          `Local activity ${request.activityType} took ${took} ms, longer than the workflow task timeout (${scope.workflowTaskTimeoutMs} ms): ` +
            'the task times out and runs it again. Use proxyActivities for long steps.',
          { workflowId: scope.workflowId },
        );
      }
    }
  }
}

/** The ActivityFailure a workflow sees when a local activity fails for good. */
function activityFailure(
  request: LocalActivityRequest,
  retryState: Extract<Failure['info'], { type: 'activity' }>['retryState'],
  cause: Failure,
): Failure {
  return {
    message: 'Local activity failed',
    info: {
      type: 'activity',
      activityType: request.activityType,
      activityId: request.activityId,
      retryState,
      scheduledEventId: 0,
      startedEventId: 0,
    },
    cause,
  };
}
