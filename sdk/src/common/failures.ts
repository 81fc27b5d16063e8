// The failure classes of Temporal's TypeScript SDK, with the same names, constructors and fields.
// They are recognised across realms (see brand.ts) and convert to and from wire `Failure`s.
import { markErrorClass } from './brand';
import type { Duration } from './duration';
import type { RetryState as RetryStateName, TimeoutType as TimeoutTypeName } from '../protocol/failure';

export type RetryState = RetryStateName;
export type TimeoutType = TimeoutTypeName;

/** Temporal's RetryState values, as constants. */
export const RetryState = {
  IN_PROGRESS: 'IN_PROGRESS',
  NON_RETRYABLE_FAILURE: 'NON_RETRYABLE_FAILURE',
  TIMEOUT: 'TIMEOUT',
  MAXIMUM_ATTEMPTS_REACHED: 'MAXIMUM_ATTEMPTS_REACHED',
  RETRY_POLICY_NOT_SET: 'RETRY_POLICY_NOT_SET',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
  CANCEL_REQUESTED: 'CANCEL_REQUESTED',
} as const satisfies Record<RetryState, RetryState>;

export const TimeoutType = {
  START_TO_CLOSE: 'START_TO_CLOSE',
  SCHEDULE_TO_START: 'SCHEDULE_TO_START',
  SCHEDULE_TO_CLOSE: 'SCHEDULE_TO_CLOSE',
  HEARTBEAT: 'HEARTBEAT',
} as const satisfies Record<TimeoutType, TimeoutType>;

/** Base of every failure that Temporal semantics know about. */
export class TemporalFailure extends Error {
  constructor(
    message?: string | null,
    public override readonly cause?: Error,
  ) {
    super(message ?? undefined);
  }
}
markErrorClass(TemporalFailure, 'TemporalFailure');

export class ServerFailure extends TemporalFailure {
  constructor(
    message: string | undefined,
    public readonly nonRetryable: boolean,
    cause?: Error,
  ) {
    super(message, cause);
  }
}
markErrorClass(ServerFailure, 'ServerFailure');

export interface ApplicationFailureOptions {
  message?: string;
  type?: string;
  nonRetryable?: boolean;
  details?: unknown[];
  nextRetryDelay?: Duration;
  cause?: Error;
}

/**
 * A failure of the application. Thrown from a workflow it fails the workflow; thrown from an activity
 * it fails the attempt (retried unless `nonRetryable` or its `type` is in `nonRetryableErrorTypes`).
 */
export class ApplicationFailure extends TemporalFailure {
  constructor(
    message?: string | null,
    public readonly type?: string | null,
    public readonly nonRetryable?: boolean | null,
    public readonly details?: unknown[] | null,
    cause?: Error,
    public readonly nextRetryDelay?: Duration,
  ) {
    super(message, cause);
  }

  static create(options: ApplicationFailureOptions): ApplicationFailure {
    const { message, type, nonRetryable = false, details, nextRetryDelay, cause } = options;
    return new this(message, type, nonRetryable, details, cause, nextRetryDelay);
  }

  /** An ApplicationFailure from any error, keeping its message, name (as type) and stack. */
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

  static retryable(message?: string | null, type?: string | null, ...details: unknown[]): ApplicationFailure {
    return new this(message, type ?? 'Error', false, details);
  }

  static nonRetryable(message?: string | null, type?: string | null, ...details: unknown[]): ApplicationFailure {
    return new this(message, type ?? 'Error', true, details);
  }
}
markErrorClass(ApplicationFailure, 'ApplicationFailure');

/** The operation was cancelled (a workflow cancel request, a cancelled scope or activity). */
export class CancelledFailure extends TemporalFailure {
  constructor(
    message: string | undefined,
    public readonly details: unknown[] = [],
    cause?: Error,
  ) {
    super(message, cause);
  }
}
markErrorClass(CancelledFailure, 'CancelledFailure');

export class TerminatedFailure extends TemporalFailure {
  constructor(message: string | undefined, cause?: Error) {
    super(message, cause);
  }
}
markErrorClass(TerminatedFailure, 'TerminatedFailure');

export class TimeoutFailure extends TemporalFailure {
  constructor(
    message: string | undefined,
    public readonly lastHeartbeatDetails: unknown,
    public readonly timeoutType: TimeoutType,
  ) {
    super(message);
  }
}
markErrorClass(TimeoutFailure, 'TimeoutFailure');

/** An activity failed for good (after its retries); `cause` says why. */
export class ActivityFailure extends TemporalFailure {
  constructor(
    message: string | undefined,
    public readonly activityType: string,
    public readonly activityId: string | undefined,
    public readonly retryState: RetryState,
    public readonly identity: string | undefined,
    cause?: Error,
  ) {
    super(message, cause);
  }
}
markErrorClass(ActivityFailure, 'ActivityFailure');

/** A child workflow ended without a result; `cause` says how (its failure, a cancellation, …). */
export class ChildWorkflowFailure extends TemporalFailure {
  constructor(
    public readonly namespace: string | undefined,
    public readonly execution: { workflowId: string; runId?: string },
    public readonly workflowType: string,
    public readonly retryState: RetryState,
    cause?: Error,
  ) {
    super('Child Workflow execution failed', cause);
  }
}
markErrorClass(ChildWorkflowFailure, 'ChildWorkflowFailure');

/** True for a CancelledFailure, or an activity or child workflow failure caused by one. */
export function isCancellation(err: unknown): boolean {
  return (
    err instanceof CancelledFailure ||
    ((err instanceof ActivityFailure || err instanceof ChildWorkflowFailure) && err.cause instanceof CancelledFailure)
  );
}

/** The message of the innermost cause. */
export function rootCause(err: unknown): string | undefined {
  if (err instanceof TemporalFailure) return err.cause ? rootCause(err.cause) : err.message;
  if (err instanceof Error) return err.message;
  return typeof err === 'string' ? err : undefined;
}

export function ensureTemporalFailure(err: unknown): TemporalFailure {
  return err instanceof TemporalFailure ? err : ApplicationFailure.fromError(err);
}
