// Rewind's retry states and timeout types as Temporal's enums and back: one table each, typed so that a value without a Temporal twin does not compile.
import type { RetryState, TimeoutType } from '@rewind/sdk/protocol';
import { temporal } from './proto';

const ProtoRetryState = temporal.api.enums.v1.RetryState;
const ProtoTimeoutType = temporal.api.enums.v1.TimeoutType;
type ProtoRetryState = temporal.api.enums.v1.RetryState;
type ProtoTimeoutType = temporal.api.enums.v1.TimeoutType;

const RETRY_STATES_OUT: Record<RetryState, ProtoRetryState> = {
  IN_PROGRESS: ProtoRetryState.RETRY_STATE_IN_PROGRESS,
  NON_RETRYABLE_FAILURE: ProtoRetryState.RETRY_STATE_NON_RETRYABLE_FAILURE,
  TIMEOUT: ProtoRetryState.RETRY_STATE_TIMEOUT,
  MAXIMUM_ATTEMPTS_REACHED: ProtoRetryState.RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED,
  RETRY_POLICY_NOT_SET: ProtoRetryState.RETRY_STATE_RETRY_POLICY_NOT_SET,
  INTERNAL_SERVER_ERROR: ProtoRetryState.RETRY_STATE_INTERNAL_SERVER_ERROR,
  CANCEL_REQUESTED: ProtoRetryState.RETRY_STATE_CANCEL_REQUESTED,
};

const TIMEOUT_TYPES_OUT: Record<TimeoutType, ProtoTimeoutType> = {
  START_TO_CLOSE: ProtoTimeoutType.TIMEOUT_TYPE_START_TO_CLOSE,
  SCHEDULE_TO_START: ProtoTimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START,
  SCHEDULE_TO_CLOSE: ProtoTimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_CLOSE,
  HEARTBEAT: ProtoTimeoutType.TIMEOUT_TYPE_HEARTBEAT,
};

function inverse<K extends string, V extends number>(table: Record<K, V>): Map<V, K> {
  return new Map((Object.entries(table) as [K, V][]).map(([k, v]) => [v, k]));
}

const RETRY_STATES_IN = inverse(RETRY_STATES_OUT);
const TIMEOUT_TYPES_IN = inverse(TIMEOUT_TYPES_OUT);

export function retryStateOut(state: RetryState): ProtoRetryState {
  return RETRY_STATES_OUT[state];
}

/** UNSPECIFIED (or a value this build does not know) reads as RETRY_POLICY_NOT_SET, as Rewind's history reader does. */
export function retryStateIn(state: ProtoRetryState | null | undefined): RetryState {
  return RETRY_STATES_IN.get(state ?? ProtoRetryState.RETRY_STATE_UNSPECIFIED) ?? 'RETRY_POLICY_NOT_SET';
}

export function timeoutTypeOut(type: TimeoutType): ProtoTimeoutType {
  return TIMEOUT_TYPES_OUT[type];
}

/** UNSPECIFIED reads as START_TO_CLOSE, as Rewind's history reader does. */
export function timeoutTypeIn(type: ProtoTimeoutType | null | undefined): TimeoutType {
  return TIMEOUT_TYPES_IN.get(type ?? ProtoTimeoutType.TIMEOUT_TYPE_UNSPECIFIED) ?? 'START_TO_CLOSE';
}
