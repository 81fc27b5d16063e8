// Retry policy as it travels on the wire and in history: durations in milliseconds, all fields filled in.

export interface RetryPolicyData {
  initialIntervalMs: number;
  backoffCoefficient: number;
  /** Upper bound of the delay between attempts. */
  maximumIntervalMs: number;
  /** 0 means unlimited. */
  maximumAttempts: number;
  nonRetryableErrorTypes: string[];
}
