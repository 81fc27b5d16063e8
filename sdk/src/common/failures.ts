// The failure classes of Temporal's TypeScript SDK, with the same names, constructors and fields.
// They are recognised across realms (see brand.ts) and convert to and from wire `Failure`s.
import { markErrorClass } from './brand';
import type { Duration } from './duration';
import type { RetryState as RetryStateName, TimeoutType as TimeoutTypeName } from '../protocol/failure';
import type { temporal } from '@temporalio/proto';

/** A workflow execution as Temporal's protos give one (Temporal's `WorkflowExecution` of @temporalio/common). */
export type WorkflowExecution = temporal.api.common.v1.IWorkflowExecution;

/**
 * Why an activity or child workflow stopped being retried (see the constant {@link RetryState}); undefined
 * (`RETRY_STATE_UNSPECIFIED`) when not known, as Temporal's.
 */
export type RetryState = (typeof RetryState)[keyof typeof RetryState];
/** Which timeout struck (see the constant {@link TimeoutType}); undefined (`TIMEOUT_TYPE_UNSPECIFIED`) when not known. */
export type TimeoutType = (typeof TimeoutType)[keyof typeof TimeoutType];

/**
 * Why an activity or child workflow stopped being retried, as Temporal's `RetryState`: the `retryState`
 * of an {@link ActivityFailure}, a {@link ChildWorkflowFailure} or a `WorkflowFailedError`.
 * `NON_RETRYABLE_FAILURE`: the error was non-retryable (or its type listed in `nonRetryableErrorTypes`);
 * `TIMEOUT`: the schedule-to-close (or the workflow's) timeout passed; `MAXIMUM_ATTEMPTS_REACHED`;
 * `CANCEL_REQUESTED`: it was cancelled; the others as in Temporal.
 */
export const RetryState = {
  IN_PROGRESS: 'IN_PROGRESS',
  NON_RETRYABLE_FAILURE: 'NON_RETRYABLE_FAILURE',
  TIMEOUT: 'TIMEOUT',
  MAXIMUM_ATTEMPTS_REACHED: 'MAXIMUM_ATTEMPTS_REACHED',
  RETRY_POLICY_NOT_SET: 'RETRY_POLICY_NOT_SET',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
  CANCEL_REQUESTED: 'CANCEL_REQUESTED',
  /** Temporal's older spellings of the same (deprecated there). */
  RETRY_STATE_IN_PROGRESS: 'IN_PROGRESS',
  RETRY_STATE_NON_RETRYABLE_FAILURE: 'NON_RETRYABLE_FAILURE',
  RETRY_STATE_TIMEOUT: 'TIMEOUT',
  RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED: 'MAXIMUM_ATTEMPTS_REACHED',
  RETRY_STATE_RETRY_POLICY_NOT_SET: 'RETRY_POLICY_NOT_SET',
  RETRY_STATE_INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
  RETRY_STATE_CANCEL_REQUESTED: 'CANCEL_REQUESTED',
  /** Not known (undefined): a failure made with it travels as `RETRY_POLICY_NOT_SET`, as Rewind reads Temporal's. */
  RETRY_STATE_UNSPECIFIED: undefined,
} as const satisfies Record<string, RetryStateName | undefined>;

/**
 * Which timeout struck, as Temporal's `TimeoutType`: the `timeoutType` of a {@link TimeoutFailure}.
 * `START_TO_CLOSE`: one attempt ran too long; `SCHEDULE_TO_START`: no worker took it in time;
 * `SCHEDULE_TO_CLOSE`: all attempts together took too long; `HEARTBEAT`: no heartbeat within the heartbeat timeout.
 */
export const TimeoutType = {
  START_TO_CLOSE: 'START_TO_CLOSE',
  SCHEDULE_TO_START: 'SCHEDULE_TO_START',
  SCHEDULE_TO_CLOSE: 'SCHEDULE_TO_CLOSE',
  HEARTBEAT: 'HEARTBEAT',
  /** Temporal's older spellings of the same (deprecated there). */
  TIMEOUT_TYPE_START_TO_CLOSE: 'START_TO_CLOSE',
  TIMEOUT_TYPE_SCHEDULE_TO_START: 'SCHEDULE_TO_START',
  TIMEOUT_TYPE_SCHEDULE_TO_CLOSE: 'SCHEDULE_TO_CLOSE',
  TIMEOUT_TYPE_HEARTBEAT: 'HEARTBEAT',
  /** Not known (undefined): a failure made with it travels as `START_TO_CLOSE`, as Rewind reads Temporal's. */
  TIMEOUT_TYPE_UNSPECIFIED: undefined,
} as const satisfies Record<string, TimeoutTypeName | undefined>;

/**
 * The base of the failures Temporal's semantics know about (Temporal's `TemporalFailure`). They travel
 * between workflows, activities and clients with their class, fields, stack and `cause` chain, and are
 * recognised by `instanceof` across the workflow sandbox's realm.
 *
 * In workflow code, throwing a `TemporalFailure` (an {@link ApplicationFailure}, or an {@link ActivityFailure}
 * or {@link ChildWorkflowFailure} the code did not catch) fails the workflow; throwing any other error
 * fails only the workflow task, which is retried, so the workflow waits until fixed code runs, as in Temporal.
 */
export class TemporalFailure extends Error {
  constructor(
    message?: string | null,
    /** The failure that caused this one, if any. */
    public override readonly cause?: Error,
  ) {
    super(message ?? undefined);
  }
}
markErrorClass(TemporalFailure, 'TemporalFailure');

/** A failure the server made (not the application's code), as Temporal's `ServerFailure`. */
export class ServerFailure extends TemporalFailure {
  constructor(
    message: string | undefined,
    /** Whether retrying cannot help. */
    public readonly nonRetryable: boolean,
    cause?: Error,
  ) {
    super(message, cause);
  }
}
markErrorClass(ServerFailure, 'ServerFailure');

/** What {@link ApplicationFailure.create} takes. */
export interface ApplicationFailureOptions {
  /** What went wrong, for people. */
  message?: string;
  /** What kind of failure it is, for code: retry policies' `nonRetryableErrorTypes` match it. */
  type?: string;
  /**
   * Never retry, whatever the retry policy says.
   *
   * @default false
   */
  nonRetryable?: boolean;
  /** Values (JSON) that travel with the failure, for whoever handles it. */
  details?: unknown[];
  /** From an activity: retry after this long instead of the retry policy's backoff. */
  nextRetryDelay?: Duration;
  /** The error that caused this one. */
  cause?: Error;
}

/**
 * A failure of the application, as Temporal's `ApplicationFailure`: the error to throw on purpose.
 *
 * - Thrown from a **workflow**, it fails the workflow (the client's `result()` throws a
 *   `WorkflowFailedError` with it as `cause`); any other error would only fail the workflow task.
 * - Thrown from an **activity**, it fails the attempt, which is retried per the activity's retry policy
 *   unless it is `nonRetryable` or its `type` is in `nonRetryableErrorTypes`; the workflow then sees an
 *   {@link ActivityFailure} with it as `cause`. (Any error an activity throws becomes an
 *   `ApplicationFailure` typed by the error's `name`.)
 *
 * ```ts
 * throw ApplicationFailure.nonRetryable('card declined', 'CardDeclined', { orderId });
 * ```
 */
export class ApplicationFailure extends TemporalFailure {
  constructor(
    message?: string | null,
    /** What kind of failure it is (retry policies' `nonRetryableErrorTypes` match it). */
    public readonly type?: string | null,
    /** Whether it is never retried. */
    public readonly nonRetryable?: boolean | null,
    /** Values (JSON) that travel with it. */
    public readonly details?: unknown[] | null,
    cause?: Error,
    /** From an activity: the delay before the next attempt, instead of the retry policy's. */
    public readonly nextRetryDelay?: Duration,
  ) {
    super(message, cause);
  }

  /** An `ApplicationFailure` from named options (`nonRetryable` false unless given). */
  static create(options: ApplicationFailureOptions): ApplicationFailure {
    const { message, type, nonRetryable = false, details, nextRetryDelay, cause } = options;
    return new this(message, type, nonRetryable, details, cause, nextRetryDelay);
  }

  /**
   * An `ApplicationFailure` from any thrown value, keeping its message, its `name` as `type`, its `cause`
   * and its stack; `options` override those. An `ApplicationFailure` is returned as it is.
   */
  static fromError(error: unknown, options: ApplicationFailureOptions = {}): ApplicationFailure {
    if (error instanceof ApplicationFailure) return error;
    const base = error instanceof Error ? error : undefined;
    const failure = this.create({
      message: base?.message ?? String(error),
      type: base?.name ?? 'Error',
      cause: base?.cause instanceof Error ? base.cause : undefined,
      ...options,
    });
    if (base?.stack) failure.stack = base.stack;
    return failure;
  }

  /**
   * A failure that is retried (per the retry policy, unless its type is in `nonRetryableErrorTypes`).
   *
   * @param type default `'Error'`.
   * @param details values (JSON) that travel with it.
   */
  static retryable(message?: string | null, type?: string | null, ...details: unknown[]): ApplicationFailure {
    return new this(message, type ?? 'Error', false, details);
  }

  /**
   * A failure that is never retried, whatever the retry policy says: from an activity, the activity fails
   * at once; from a workflow, as any `ApplicationFailure`, the workflow fails.
   *
   * @param type default `'Error'`.
   * @param details values (JSON) that travel with it.
   */
  static nonRetryable(message?: string | null, type?: string | null, ...details: unknown[]): ApplicationFailure {
    return new this(message, type ?? 'Error', true, details);
  }
}
markErrorClass(ApplicationFailure, 'ApplicationFailure');

/**
 * The operation was cancelled, as Temporal's `CancelledFailure`: in a workflow, what an awaited activity,
 * timer, child or `condition` rejects with when its `CancellationScope` (or the whole workflow, by
 * `handle.cancel()`) is cancelled; in an activity, what `Context.current().cancelled` and `sleep` reject
 * with. A workflow that lets it through when the workflow itself was asked to cancel closes `CANCELLED`.
 * Test for it with {@link isCancellation}, which also sees it as the cause of an activity's or child's failure.
 */
export class CancelledFailure extends TemporalFailure {
  constructor(
    message: string | undefined,
    /** Values (JSON) that travel with it. */
    public readonly details: unknown[] = [],
    cause?: Error,
  ) {
    super(message, cause);
  }
}
markErrorClass(CancelledFailure, 'CancelledFailure');

/**
 * The workflow (or a child) was terminated (`handle.terminate()`, a `TERMINATE_*` policy, a parent's close):
 * the `cause` of the `WorkflowFailedError` or `ChildWorkflowFailure`; the message is the reason given.
 */
export class TerminatedFailure extends TemporalFailure {
  constructor(message: string | undefined, cause?: Error) {
    super(message, cause);
  }
}
markErrorClass(TerminatedFailure, 'TerminatedFailure');

/**
 * A timeout struck, as Temporal's `TimeoutFailure`: the `cause` of an {@link ActivityFailure} (an attempt
 * or the whole activity timed out), of a `ChildWorkflowFailure`, or of the `WorkflowFailedError` of a
 * workflow that timed out.
 */
export class TimeoutFailure extends TemporalFailure {
  constructor(
    message: string | undefined,
    /** The activity's last heartbeat details, if it timed out after heartbeating. */
    public readonly lastHeartbeatDetails: unknown,
    /** Which timeout struck. */
    public readonly timeoutType: TimeoutType,
  ) {
    super(message);
  }
}
markErrorClass(TimeoutFailure, 'TimeoutFailure');

/**
 * What an activity call rejects with in a workflow when the activity failed for good (after its retries),
 * timed out or was cancelled, as Temporal's `ActivityFailure`: `cause` says why (the activity's
 * {@link ApplicationFailure}, a {@link TimeoutFailure}, a {@link CancelledFailure}) and `retryState` why
 * it was not retried again. Not thrown inside an activity.
 */
export class ActivityFailure extends TemporalFailure {
  constructor(
    message: string | undefined,
    /** The activity's type (function name). */
    public readonly activityType: string,
    /** The activity's id. */
    public readonly activityId: string | undefined,
    /** Why it was not retried again. */
    public readonly retryState: RetryState,
    /** The worker that ran the last attempt, if known. */
    public readonly identity: string | undefined,
    cause?: Error,
  ) {
    super(message, cause);
  }
}
markErrorClass(ActivityFailure, 'ActivityFailure');

/**
 * What a child workflow's result rejects with in its parent when the child ended without a result, as
 * Temporal's `ChildWorkflowFailure`: `cause` says how (its {@link ApplicationFailure}, a
 * {@link CancelledFailure}, a {@link TerminatedFailure}, a {@link TimeoutFailure}).
 */
export class ChildWorkflowFailure extends TemporalFailure {
  constructor(
    public readonly namespace: string | undefined,
    /** The child's workflow id and run id. */
    public readonly execution: { workflowId: string; runId?: string },
    /** The child's workflow type. */
    public readonly workflowType: string,
    /** Why it was not retried again. */
    public readonly retryState: RetryState,
    cause?: Error,
  ) {
    super('Child Workflow execution failed', cause);
  }
}
markErrorClass(ChildWorkflowFailure, 'ChildWorkflowFailure');

/**
 * Whether an error means "cancelled": a {@link CancelledFailure}, or an {@link ActivityFailure} or
 * {@link ChildWorkflowFailure} caused by one (as Temporal's `isCancellation`). Works across realms. In a
 * workflow, rethrow such an error (or let it through) so that a cancellation ends the workflow as cancelled.
 */
export function isCancellation(err: unknown): boolean {
  return (
    err instanceof CancelledFailure ||
    ((err instanceof ActivityFailure || err instanceof ChildWorkflowFailure) && err.cause instanceof CancelledFailure)
  );
}

/** The message of the innermost `cause` of a failure (the error's own message for a plain error, a string as it is). */
export function rootCause(err: unknown): string | undefined {
  if (err instanceof TemporalFailure) return err.cause ? rootCause(err.cause) : err.message;
  if (err instanceof Error) return err.message;
  return typeof err === 'string' ? err : undefined;
}

/** The error if it is a {@link TemporalFailure}, else an {@link ApplicationFailure} made from it ({@link ApplicationFailure.fromError}). */
export function ensureTemporalFailure(err: unknown): TemporalFailure {
  return err instanceof TemporalFailure ? err : ApplicationFailure.fromError(err);
}
