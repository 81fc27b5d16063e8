// The small Temporal messages that history events and task answers share, from Rewind's values: task queues, types, executions, retry policies, memos, optional durations.
import type { Payload, RetryPolicyData } from '@rewind/sdk/protocol';
import { payloadMapOut, payloadOut } from './payloads';
import { duration, temporal, type google } from './proto';

const NORMAL = temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL;

/** A task queue by name (history names a run's normal queue, never a sticky one). */
export function taskQueueOut(name: string): temporal.api.taskqueue.v1.ITaskQueue {
  return { name, kind: NORMAL };
}

/** A worker's sticky queue, with the normal queue it stands for. */
export function stickyTaskQueueOut(name: string, normalName: string): temporal.api.taskqueue.v1.ITaskQueue {
  return { name, kind: temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_STICKY, normalName };
}

export function executionOut(workflowId: string, runId?: string): temporal.api.common.v1.IWorkflowExecution {
  return runId ? { workflowId, runId } : { workflowId };
}

/** A list that Rewind has (even empty) as a Payloads message; none when Rewind has none (Temporal keeps the difference). */
export function optPayloadsOut(values: readonly Payload[] | undefined): temporal.api.common.v1.IPayloads | undefined {
  return values ? { payloads: values.map(payloadOut) } : undefined;
}

/** A timeout Rewind may not have (left out, as 0 is in Temporal: none). */
export function optDurationOut(ms: number | undefined): google.protobuf.IDuration | undefined {
  return ms ? duration(ms) : undefined;
}

export function retryPolicyOut(r: RetryPolicyData): temporal.api.common.v1.IRetryPolicy {
  return {
    initialInterval: duration(r.initialIntervalMs),
    backoffCoefficient: r.backoffCoefficient,
    maximumInterval: duration(r.maximumIntervalMs),
    maximumAttempts: r.maximumAttempts,
    nonRetryableErrorTypes: [...r.nonRetryableErrorTypes],
  };
}

/** A memo (or a header: the same map of payloads); an empty one is kept, as Temporal keeps it. */
export function memoOut(
  fields: Record<string, Payload> | undefined,
): { fields: Record<string, temporal.api.common.v1.IPayload> } | undefined {
  return fields ? { fields: payloadMapOut(fields) ?? {} } : undefined;
}
