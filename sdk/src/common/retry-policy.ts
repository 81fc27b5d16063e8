// Retry policies as users write them (Temporal's RetryPolicy) and as the wire carries them.
import type { Failure, RetryState } from '../protocol/failure';
import type { RetryPolicyData } from '../protocol/retry-policy';
import { Duration, msOptionalToNumber } from './duration';
import { ValueError } from './errors';

/**
 * How a failed activity (or local activity) is retried, as Temporal's `RetryPolicy`: the `retry` option of
 * `proxyActivities`. After a failed attempt the next waits `initialInterval × backoffCoefficient^(attempt-1)`,
 * at most `maximumInterval`, until an attempt succeeds, `maximumAttempts` is reached, the failure is
 * non-retryable, or the schedule-to-close timeout would pass. With the defaults: 1 s, 2 s, 4 s, … up to
 * 100 s between attempts, for ever.
 */
export interface RetryPolicy {
  /**
   * The wait before the first retry.
   *
   * @default 1 second
   */
  initialInterval?: Duration;
  /**
   * Each wait is the previous one times this (1 or more; 1 waits the same each time).
   *
   * @default 2
   */
  backoffCoefficient?: number;
  /**
   * The longest wait between attempts.
   *
   * @default 100 × initialInterval
   */
  maximumInterval?: Duration;
  /**
   * The most attempts, the first included; 1 means no retries.
   *
   * @default 0: unlimited
   */
  maximumAttempts?: number;
  /**
   * Error types never retried: an `ApplicationFailure`'s `type`, or the `name` of a plain error an
   * activity threw (`'TypeError'`).
   */
  nonRetryableErrorTypes?: string[];
}

/**
 * Checks a policy and turns its durations into milliseconds, for the wire; the server fills in the defaults.
 *
 * @throws ValueError if a field is out of range (a coefficient under 1, a negative or fractional number of
 *   attempts, a maximum interval shorter than the initial one).
 */
export function compileRetryPolicy(policy: RetryPolicy): Partial<RetryPolicyData> {
  if (policy.backoffCoefficient !== undefined && !(policy.backoffCoefficient >= 1)) {
    throw new ValueError(`RetryPolicy.backoffCoefficient must be 1 or more, got ${policy.backoffCoefficient}`);
  }
  if (policy.maximumAttempts !== undefined && !(Number.isInteger(policy.maximumAttempts) && policy.maximumAttempts >= 0)) {
    throw new ValueError(`RetryPolicy.maximumAttempts must be a whole number, 0 or more, got ${policy.maximumAttempts}`);
  }
  const initialIntervalMs = msOptionalToNumber(policy.initialInterval);
  const maximumIntervalMs = msOptionalToNumber(policy.maximumInterval);
  if (initialIntervalMs !== undefined && initialIntervalMs <= 0) {
    throw new ValueError(`RetryPolicy.initialInterval must be positive, got ${String(policy.initialInterval)}`);
  }
  if (maximumIntervalMs !== undefined && initialIntervalMs !== undefined && maximumIntervalMs < initialIntervalMs) {
    throw new ValueError('RetryPolicy.maximumInterval must not be shorter than initialInterval');
  }
  const out: Partial<RetryPolicyData> = {};
  if (initialIntervalMs !== undefined) out.initialIntervalMs = initialIntervalMs;
  if (policy.backoffCoefficient !== undefined) out.backoffCoefficient = policy.backoffCoefficient;
  if (maximumIntervalMs !== undefined) out.maximumIntervalMs = maximumIntervalMs;
  if (policy.maximumAttempts !== undefined) out.maximumAttempts = policy.maximumAttempts;
  if (policy.nonRetryableErrorTypes !== undefined) out.nonRetryableErrorTypes = [...policy.nonRetryableErrorTypes];
  return out;
}

/** Temporal's defaults for whatever the policy leaves out. */
export function retryPolicyWithDefaults(policy: Partial<RetryPolicyData> | undefined): RetryPolicyData {
  const initialIntervalMs = policy?.initialIntervalMs ?? 1000;
  return {
    initialIntervalMs,
    backoffCoefficient: policy?.backoffCoefficient ?? 2,
    maximumIntervalMs: policy?.maximumIntervalMs ?? 100 * initialIntervalMs,
    maximumAttempts: policy?.maximumAttempts ?? 0,
    nonRetryableErrorTypes: policy?.nonRetryableErrorTypes ?? [],
  };
}

/** The wait before attempt `attempt + 1`, after attempt `attempt` (1-based) failed: exponential, capped at `maximumIntervalMs`. */
export function retryDelayMs(policy: RetryPolicyData, attempt: number): number {
  const delay = policy.initialIntervalMs * Math.pow(policy.backoffCoefficient, attempt - 1);
  return Math.min(delay, policy.maximumIntervalMs);
}

/** After a failed attempt: retry after a delay, or stop (and why) — the same rule for activities and local activities. */
export function decideRetry(p: {
  policy: RetryPolicyData;
  /** The attempt that failed (1-based). */
  attempt: number;
  failure: Failure;
  now: number;
  scheduledAt: number;
  scheduleToCloseTimeoutMs?: number | undefined;
  cancelRequested?: boolean;
}): { retryAfterMs: number } | { retryState: RetryState } {
  const info = p.failure.info;
  if (p.cancelRequested) return { retryState: 'CANCEL_REQUESTED' };
  if (info.type === 'application' && (info.nonRetryable || p.policy.nonRetryableErrorTypes.includes(info.errorType))) {
    return { retryState: 'NON_RETRYABLE_FAILURE' };
  }
  if (p.policy.maximumAttempts > 0 && p.attempt >= p.policy.maximumAttempts) return { retryState: 'MAXIMUM_ATTEMPTS_REACHED' };
  const delay =
    info.type === 'application' && info.nextRetryDelayMs !== undefined ? info.nextRetryDelayMs : retryDelayMs(p.policy, p.attempt);
  if (p.scheduleToCloseTimeoutMs && p.now + delay >= p.scheduledAt + p.scheduleToCloseTimeoutMs) return { retryState: 'TIMEOUT' };
  return { retryAfterMs: delay };
}
