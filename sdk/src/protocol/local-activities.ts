// Local activities: run by the worker inside the workflow task that asked for them, their outcome
// recorded as a marker (so a replay reads it instead of running the activity again).
import type { Failure } from './failure';
import type { Header } from './headers';
import type { Payload } from './payload';
import type { RetryPolicyData } from './retry-policy';

export const LOCAL_ACTIVITY_MARKER = 'core_local_activity';

/** A local activity the workflow waits for (sent with the activation result, never to the server). */
export interface LocalActivityRequest {
  seq: number;
  activityId: string;
  activityType: string;
  args: Payload[];
  /** 1 for the first attempt; more when the workflow waited out a long backoff with a timer. */
  attempt: number;
  /** Epoch ms of the first attempt's schedule (schedule-to-close counts from it). */
  originalScheduleTime: number;
  startToCloseTimeoutMs?: number;
  scheduleToCloseTimeoutMs?: number;
  retryPolicy: RetryPolicyData;
  /** A backoff longer than this is waited out with a durable timer, not inside the workflow task. */
  localRetryThresholdMs: number;
  /** The header the outbound interceptors' scheduleLocalActivity set: the activity's inbound interceptors get it. */
  header?: Header;
}

/** How a local activity ended, or that it must wait (`backoff`) before its next attempt. */
export type LocalActivityResolution =
  | { status: 'completed'; result?: Payload }
  | { status: 'failed'; failure: Failure }
  | { status: 'backoff'; nextAttempt: number; backoffMs: number; failure?: Failure };

/** What the marker of a local activity holds (its failure, if any, goes in the marker's `failure`). */
export interface LocalActivityMarkerDetails {
  seq: number;
  activityId: string;
  activityType: string;
  /** The attempt that produced this outcome. */
  attempt: number;
  result?: Payload;
  /** Set when the activity waits for a timer before attempt `attempt + 1`. */
  backoffMs?: number;
}

/** The local activity a marker records, if it is a local activity marker. */
export function localActivityOfMarker(markerName: string, details: Record<string, Payload>): LocalActivityMarkerDetails | undefined {
  if (markerName !== LOCAL_ACTIVITY_MARKER || typeof details.seq !== 'number' || typeof details.activityType !== 'string') return undefined;
  return details as unknown as LocalActivityMarkerDetails;
}

/** The resolution a marker records (what a replay hands the workflow). */
export function resolutionOfMarker(d: LocalActivityMarkerDetails, failure: Failure | undefined): LocalActivityResolution {
  if (d.backoffMs !== undefined) {
    return { status: 'backoff', nextAttempt: d.attempt + 1, backoffMs: d.backoffMs, ...(failure ? { failure } : {}) };
  }
  if (failure) return { status: 'failed', failure };
  return { status: 'completed', ...(d.result !== undefined ? { result: d.result } : {}) };
}
