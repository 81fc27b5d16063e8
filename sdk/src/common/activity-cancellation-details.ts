// Why an activity was cancelled (Temporal's ActivityCancellationDetails): read by the activity from
// `Context.current().cancellationDetails` once its cancellation signal has aborted.

/** The reasons to set on an {@link ActivityCancellationDetails} (each false unless given). */
export interface ActivityCancellationDetailsOptions {
  notFound?: boolean;
  cancelRequested?: boolean;
  paused?: boolean;
  timedOut?: boolean;
  workerShutdown?: boolean;
  reset?: boolean;
}

/** The cancellation details as Temporal's core sends them (its protobuf message), for {@link ActivityCancellationDetails.fromProto}. */
export interface ActivityCancellationDetailsProto {
  isNotFound?: boolean | null;
  isCancelled?: boolean | null;
  isPaused?: boolean | null;
  isTimedOut?: boolean | null;
  isWorkerShutdown?: boolean | null;
  isReset?: boolean | null;
}

/**
 * Why an activity was cancelled, as Temporal gives it: more than one reason may hold. Rewind's worker sets
 * `cancelRequested` when the workflow cancelled the activity, `timedOut` when the attempt timed out
 * (start-to-close, heartbeat or schedule-to-close), `notFound` when the activity is gone (its workflow
 * closed), and `workerShutdown` when the worker shuts down. Rewind has no activity pause or reset, so
 * `paused` and `reset` stay false.
 */
export class ActivityCancellationDetails {
  /** The server no longer knows the activity (its workflow closed). */
  readonly notFound: boolean;
  /** The workflow asked to cancel the activity. */
  readonly cancelRequested: boolean;
  /** The activity was paused (never in Rewind). */
  readonly paused: boolean;
  /** The attempt timed out. */
  readonly timedOut: boolean;
  /** The worker running the activity shuts down. */
  readonly workerShutdown: boolean;
  /** The activity was reset (never in Rewind). */
  readonly reset: boolean;

  constructor(options: ActivityCancellationDetailsOptions = {}) {
    this.notFound = options.notFound ?? false;
    this.cancelRequested = options.cancelRequested ?? false;
    this.paused = options.paused ?? false;
    this.timedOut = options.timedOut ?? false;
    this.workerShutdown = options.workerShutdown ?? false;
    this.reset = options.reset ?? false;
  }

  /** The details of Temporal's protobuf message (null or undefined: no reason set). */
  static fromProto(proto: ActivityCancellationDetailsProto | null | undefined): ActivityCancellationDetails {
    return new ActivityCancellationDetails({
      notFound: proto?.isNotFound ?? false,
      cancelRequested: proto?.isCancelled ?? false,
      paused: proto?.isPaused ?? false,
      timedOut: proto?.isTimedOut ?? false,
      workerShutdown: proto?.isWorkerShutdown ?? false,
      reset: proto?.isReset ?? false,
    });
  }
}
