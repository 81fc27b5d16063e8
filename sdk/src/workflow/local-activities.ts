// Local activities inside a run: the ones the workflow waits for (the worker runs them in the same
// workflow task), their markers, and the long backoffs waited out with a durable timer.
import type { ActivationJob, LocalActivityMarkerDetails, LocalActivityRequest, Payload } from '../protocol';
import { LOCAL_ACTIVITY_MARKER } from '../protocol/local-activities';
import { definedFields } from '../common/defined-fields';
import { ActivityFailure, CancelledFailure } from '../common/failures';
import { failureToError } from '../common/failure-convert';
import { CancellationScope } from './cancellation-scope';
import type { Activator } from './internals';
import type { LocalActivityOptions } from './activity-api';
import { composeInterceptors } from './interceptor-composition';
import { toPayloads } from '../common/payloads';
import { headersToWire } from '../common/payload-message';
import { msNumberToTs, optionalTsToMs } from '../common/timestamp';

type Resolve = Extract<ActivationJob, { type: 'ResolveLocalActivity' }>;
export type LocalActivityCall = Omit<LocalActivityRequest, 'seq' | 'activityId' | 'attempt' | 'originalScheduleTime'> & {
  activityId?: string;
};

interface Pending {
  request: LocalActivityRequest;
  resolve: (outcome: { result?: Payload } | { backoffMs: number; nextAttempt: number }) => void;
  reject: (err: unknown) => void;
}

export class LocalActivities {
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly activator: Activator) {}

  /** Runs a local activity to its end: attempts in the worker, long backoffs on a durable timer. */
  async execute(call: LocalActivityCall, options: LocalActivityOptions = {}): Promise<unknown> {
    const originalScheduleTime = this.activator.now;
    let attempt = 1;
    for (;;) {
      const outcome = await this.intercepted(call, options, attempt, originalScheduleTime);
      if (!('backoffMs' in outcome)) return outcome.result;
      await this.activator.timers.sleep(outcome.backoffMs);
      attempt = outcome.nextAttempt;
    }
  }

  /** An attempt, through the outbound interceptors' scheduleLocalActivity (each attempt, as in Temporal). */
  private intercepted(
    call: LocalActivityCall,
    options: LocalActivityOptions,
    attempt: number,
    originalScheduleTime: number,
  ): Promise<{ result?: Payload } | { backoffMs: number; nextAttempt: number }> {
    const scope = CancellationScope.current();
    if (scope.consideredCancelled) return Promise.reject(new CancelledFailure('Local activity not started: its scope is cancelled'));
    const seq = this.activator.nextSeqs.activity++;
    type Outcome = { result?: Payload } | { backoffMs: number; nextAttempt: number };
    return composeInterceptors(this.activator.interceptors.outbound, 'scheduleLocalActivity', (input) =>
      this.attempt(
        {
          ...call,
          args: toPayloads(input.args, `local activity ${call.activityType}`),
          ...definedFields({ header: headersToWire(input.headers) }),
        },
        attempt,
        // As Temporal's, an interceptor may change it.
        optionalTsToMs(input.originalScheduleTime) ?? originalScheduleTime,
        seq,
      ),
    )({
      activityType: call.activityType,
      args: call.args,
      options,
      headers: {},
      seq,
      attempt,
      originalScheduleTime: msNumberToTs(originalScheduleTime),
    }) as Promise<Outcome>;
  }

  private attempt(
    call: LocalActivityCall,
    attempt: number,
    originalScheduleTime: number,
    seq: number,
  ): Promise<{ result?: Payload } | { backoffMs: number; nextAttempt: number }> {
    const scope = CancellationScope.current();
    const request: LocalActivityRequest = { ...call, seq, activityId: call.activityId ?? String(seq), attempt, originalScheduleTime };
    return this.activator.track(
      `local activity ${call.activityType}`,
      this.activator.site(),
      new Promise((resolve, reject) => {
        this.pending.set(seq, { request, resolve, reject });
        if (scope.cancellable) {
          scope.cancelRequested.catch(() => {
            if (!this.pending.delete(seq)) return;
            reject(
              new ActivityFailure(
                'Local activity cancelled',
                request.activityType,
                request.activityId,
                'CANCEL_REQUESTED',
                undefined,
                new CancelledFailure('Local activity cancelled'),
              ),
            );
          });
        }
      }),
    );
  }

  /** The outcome of an attempt: recorded as a marker (live and replaying alike), then handed to the caller. */
  resolve(job: Resolve): void {
    const p = this.pending.get(job.seq);
    if (!p) return; // Cancelled meanwhile.
    this.pending.delete(job.seq);
    const { request } = p;
    const r = job.resolution;
    const details: LocalActivityMarkerDetails = {
      seq: request.seq,
      activityId: request.activityId,
      activityType: request.activityType,
      attempt: job.attempt,
      ...(r.status === 'completed' && r.result !== undefined ? { result: r.result } : {}),
      ...(r.status === 'backoff' ? { backoffMs: r.backoffMs } : {}),
    };
    const failure = r.status === 'completed' ? undefined : r.failure;
    this.activator.pushCommand({
      type: 'RecordMarker',
      markerName: LOCAL_ACTIVITY_MARKER,
      details: details as unknown as Record<string, Payload>,
      ...(failure ? { failure } : {}),
    });
    if (r.status === 'completed') p.resolve(definedFields({ result: r.result }));
    else if (r.status === 'backoff') p.resolve({ backoffMs: r.backoffMs, nextAttempt: r.nextAttempt });
    else p.reject(failureToError(r.failure));
  }

  /** The local activities the workflow waits for now. */
  requests(): LocalActivityRequest[] {
    return [...this.pending.values()].map((p) => p.request);
  }
}
