// Cancelling a running activity attempt: the details the activity reads (Context.cancellationDetails) are
// set from the reason, then its signal aborts with the reason (Temporal's CancelReason names).
import { ActivityCancellationDetails } from '../../common/activity-cancellation-details';
import type { ActivityCancellationDetailsHolder } from '../../activity/context';
import type { ActivityCancelReason } from '../../protocol';

/** Why a worker cancels an activity: the server's reasons, or its own shutdown. */
export type WorkerCancelReason = ActivityCancelReason | 'WORKER_SHUTDOWN';

/** The details Temporal's worker gives for each reason. */
const DETAILS: Record<WorkerCancelReason, ActivityCancellationDetails> = {
  CANCELLED: new ActivityCancellationDetails({ cancelRequested: true }),
  TIMED_OUT: new ActivityCancellationDetails({ timedOut: true }),
  NOT_FOUND: new ActivityCancellationDetails({ notFound: true }),
  WORKER_SHUTDOWN: new ActivityCancellationDetails({ workerShutdown: true }),
};

/** One attempt's cancellation: what its Context reads, and the controller of its signal. */
export class ActivityCancellation {
  readonly holder: ActivityCancellationDetailsHolder = {};
  private readonly abort = new AbortController();

  /** Aborted when the attempt is cancelled, with the reason. */
  get signal(): AbortSignal {
    return this.abort.signal;
  }

  /** Cancels the attempt for `reason` (the first reason stands: a later one changes nothing). */
  cancel(reason: WorkerCancelReason): void {
    if (this.abort.signal.aborted) return;
    this.holder.details = DETAILS[reason];
    this.abort.abort(reason);
  }
}
