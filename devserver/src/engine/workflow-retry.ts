// Temporal's workflow retry policy: when a run fails or its run timeout strikes, whether a new run of the
// same workflow id retries it (attempt + 1, after the policy's backoff) or why not (its retry state).
import type { Failure, RetryState } from '@rewind/sdk/protocol';
import { decideRetry } from '@rewind/sdk/internal/common/retry-policy';
import type { RunTransition } from './transition';

export type WorkflowRetryDecision = { retry: { newRunId: string; backoffMs: number; failure: Failure } } | { retryState: RetryState };

/**
 * As Temporal's server decides it: no policy, a non-retryable failure, the last attempt, or a backoff
 * that would end past the execution timeout each stop the chain; otherwise the next attempt waits the
 * backoff (or the delay the failure asks for) before its first workflow task.
 */
export function decideWorkflowRetry(tx: RunTransition, failure: Failure): WorkflowRetryDecision {
  const { retry, executionExpiresAt } = tx.state;
  if (!retry) return { retryState: 'RETRY_POLICY_NOT_SET' };
  const decision = decideRetry({
    policy: retry.policy,
    attempt: retry.attempt,
    failure,
    now: tx.now,
    scheduledAt: 0,
    scheduleToCloseTimeoutMs: executionExpiresAt,
  });
  if ('retryState' in decision) return decision;
  return { retry: { newRunId: tx.newId(), backoffMs: decision.retryAfterMs, failure } };
}

/** The failure a run timeout is retried for (Temporal's "workflow timeout", a start-to-close timeout). */
export function runTimeoutFailure(runTimeoutMs: number | undefined): Failure {
  return {
    message: `The workflow run did not finish within its run timeout${runTimeoutMs ? ` (${runTimeoutMs} ms)` : ''}.`,
    source: 'RewindServer',
    info: { type: 'timeout', timeoutType: 'START_TO_CLOSE' },
  };
}
