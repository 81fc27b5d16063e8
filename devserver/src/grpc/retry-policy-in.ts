// Temporal's RetryPolicy message as Rewind's (durations in ms; what the message leaves unset stays unset, for the engine's defaults).
import type { RetryPolicyData } from '@rewind/sdk/protocol';
import { definedFields } from '@rewind/sdk/internal/common/defined-fields';
import { durationMs, type temporal } from './proto';

export function retryPolicyIn(r: temporal.api.common.v1.IRetryPolicy): Partial<RetryPolicyData> {
  return definedFields({
    initialIntervalMs: durationMs(r.initialInterval),
    backoffCoefficient: r.backoffCoefficient || undefined,
    maximumIntervalMs: durationMs(r.maximumInterval),
    maximumAttempts: r.maximumAttempts || undefined,
    nonRetryableErrorTypes: r.nonRetryableErrorTypes?.length ? [...r.nonRetryableErrorTypes] : undefined,
  });
}
