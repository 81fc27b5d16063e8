// Activities a run schedules: the ScheduleActivityTask command, its cancellation as the call's
// cancellationType says, and the ResolveActivity job that settles the workflow's promise.
import type { ActivityResolution, Command } from '../protocol';
import { ActivityFailure, CancelledFailure } from '../common/failures';
import { failureToError } from '../common/failure-convert';
import { assertNever } from '../common/type-helpers';
import { CancellationScope } from './cancellation-scope';
import type { Activator } from './internals';

type ScheduleCommand = Extract<Command, { type: 'ScheduleActivityTask' }>;

interface Completion {
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

export class WorkflowActivities {
  private readonly pending = new Map<number, Completion>();

  constructor(private readonly activator: Activator) {}

  schedule(
    command: Omit<ScheduleCommand, 'seq' | 'activityId'> & { activityId?: string },
    cancellationType: 'TRY_CANCEL' | 'WAIT_CANCELLATION_COMPLETED' | 'ABANDON',
  ): Promise<unknown> {
    const a = this.activator;
    const scope = CancellationScope.current();
    if (scope.consideredCancelled) return Promise.reject(new CancelledFailure('Activity not started: its scope is cancelled'));
    const seq = a.nextSeqs.activity++;
    const activityId = command.activityId ?? String(seq);
    const site = a.site();
    return a.track(
      `activity ${command.activityType}`,
      site,
      new Promise((resolve, reject) => {
        if (scope.cancellable) {
          scope.cancelRequested.catch(() => {
            if (!this.pending.has(seq)) return;
            if (a.withdraw((c) => c.type === 'ScheduleActivityTask' && c.seq === seq)) {
              this.pending.delete(seq);
              reject(cancelled(command.activityType, activityId));
              return;
            }
            if (cancellationType !== 'ABANDON') a.pushCommand({ type: 'RequestCancelActivityTask', seq });
            if (cancellationType !== 'WAIT_CANCELLATION_COMPLETED') {
              this.pending.delete(seq);
              reject(cancelled(command.activityType, activityId));
            }
          });
        }
        this.pending.set(seq, { resolve, reject });
        a.pushCommand({ ...command, type: 'ScheduleActivityTask', seq, activityId }, site);
      }),
    );
  }

  /** A ResolveActivity job: the activity's result or failure (ignored if it was cancelled without waiting). */
  resolve(seq: number, resolution: ActivityResolution): void {
    const completion = this.pending.get(seq);
    if (!completion) return;
    this.pending.delete(seq);
    switch (resolution.status) {
      case 'completed':
        completion.resolve(resolution.result);
        break;
      case 'failed':
      case 'cancelled':
        completion.reject(failureToError(resolution.failure));
        break;
      default:
        assertNever(resolution);
    }
  }
}

function cancelled(activityType: string, activityId: string): ActivityFailure {
  return new ActivityFailure(
    'Activity cancelled',
    activityType,
    activityId,
    'CANCEL_REQUESTED',
    undefined,
    new CancelledFailure('Activity cancelled'),
  );
}
