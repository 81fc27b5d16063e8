// Temporal's Failure message (temporal/api/failure/v1) as Rewind's Failure: message, stack, source,
// cause chain, and the kind of failure with the facts it carries.
import { definedFields } from '../../common/defined-fields';
import { ValueError } from '../../common/errors';
import { RETRY_STATES, type Failure, type FailureInfo, type RetryState, type TimeoutType } from '../../protocol';
import { decodePayload, Fields } from './temporal-json';

const TIMEOUT_TYPES: readonly TimeoutType[] = ['START_TO_CLOSE', 'SCHEDULE_TO_START', 'SCHEDULE_TO_CLOSE', 'HEARTBEAT'];

/** A RetryState field; UNSPECIFIED (or absent) reads as RETRY_POLICY_NOT_SET, the nearest Rewind has. */
export function retryState(f: Fields, key = 'retryState'): RetryState {
  return f.enumOf(key, 'RETRY_STATE_', RETRY_STATES, 'RETRY_POLICY_NOT_SET');
}

export function timeoutType(f: Fields, key = 'timeoutType'): TimeoutType {
  return f.enumOf(key, 'TIMEOUT_TYPE_', TIMEOUT_TYPES, 'START_TO_CLOSE');
}

/** Renumbers an event id of this history (events Rewind skips are left out); other ids pass through. */
export type EventIdMap = (eventId: number) => number;

const MAX_DEPTH = 20;

function info(f: Fields, ref: EventIdMap): FailureInfo {
  if (f.has('applicationFailureInfo')) {
    const a = f.child('applicationFailureInfo');
    const details = a.optPayloads('details');
    const nextRetryDelayMs = a.durationMs('nextRetryDelay');
    return {
      type: 'application',
      errorType: a.str('type'),
      nonRetryable: a.bool('nonRetryable'),
      ...definedFields({ details, nextRetryDelayMs }),
    };
  }
  if (f.has('activityFailureInfo')) {
    const a = f.child('activityFailureInfo');
    const identity = a.optStr('identity');
    return {
      type: 'activity',
      activityType: a.child('activityType').str('name'),
      activityId: a.str('activityId'),
      retryState: retryState(a),
      scheduledEventId: ref(a.int('scheduledEventId')),
      startedEventId: ref(a.int('startedEventId')),
      ...(identity ? { identity } : {}),
    };
  }
  if (f.has('childWorkflowExecutionFailureInfo')) {
    const c = f.child('childWorkflowExecutionFailureInfo');
    const execution = c.child('workflowExecution');
    return {
      type: 'childWorkflow',
      namespace: c.str('namespace'),
      workflowId: execution.str('workflowId'),
      runId: execution.str('runId'),
      workflowType: c.child('workflowType').str('name'),
      retryState: retryState(c),
      initiatedEventId: ref(c.int('initiatedEventId')),
      startedEventId: ref(c.int('startedEventId')),
    };
  }
  if (f.has('canceledFailureInfo')) {
    const details = f.child('canceledFailureInfo').optPayloads('details');
    return { type: 'cancelled', ...(details ? { details } : {}) };
  }
  if (f.has('terminatedFailureInfo')) return { type: 'terminated' };
  if (f.has('timeoutFailureInfo')) {
    const t = f.child('timeoutFailureInfo');
    const lastHeartbeatDetails = t.optPayloads('lastHeartbeatDetails');
    return { type: 'timeout', timeoutType: timeoutType(t), ...(lastHeartbeatDetails ? { lastHeartbeatDetails } : {}) };
  }
  if (f.has('serverFailureInfo')) return { type: 'server', nonRetryable: f.child('serverFailureInfo').bool('nonRetryable') };
  if (f.has('resetWorkflowFailureInfo')) {
    // A workflow reset failed the activity: Rewind has no such kind; an application failure of that name says what happened.
    const details = f.child('resetWorkflowFailureInfo').optPayloads('lastHeartbeatDetails');
    return { type: 'application', errorType: 'ResetWorkflow', nonRetryable: true, ...(details ? { details } : {}) };
  }
  const other = f.keys().find((k) => k.endsWith('FailureInfo'));
  if (other) {
    throw new ValueError(
      `Temporal history: ${f.path}.${other} is a kind of failure Rewind does not have (it has application, activity, ` +
        `child workflow, cancelled, terminated, timeout and server failures): this history cannot be replayed by Rewind.`,
    );
  }
  // A failure with no info (some SDKs write plain errors so): an application failure with no type.
  return { type: 'application', errorType: '', nonRetryable: false };
}

/** Converts a Temporal Failure; `encodedAttributes` (a codec's encoded message and stack) are read if they are plain JSON. */
export function convertFailure(f: Fields, ref: EventIdMap, depth = 0): Failure {
  if (depth > MAX_DEPTH) throw new ValueError(`Temporal history: ${f.path} has a cause chain deeper than ${MAX_DEPTH}.`);
  let message = f.str('message');
  let stackTrace = f.optStr('stackTrace');
  if (f.has('encodedAttributes')) {
    const encoded = decodePayload(f.raw('encodedAttributes'), `${f.path}.encodedAttributes`);
    const attrs = Fields.of(encoded, `${f.path}.encodedAttributes`);
    message = attrs.str('message') || message;
    stackTrace = attrs.optStr('stack_trace') ?? stackTrace;
  }
  const source = f.optStr('source');
  return {
    message,
    ...(stackTrace ? { stackTrace } : {}),
    ...(source ? { source } : {}),
    info: info(f, ref),
    ...(f.has('cause') ? { cause: convertFailure(f.child('cause'), ref, depth + 1) } : {}),
  };
}

/** A Failure field, if present. */
export function optFailure(f: Fields, key: string, ref: EventIdMap): Failure | undefined {
  return f.has(key) ? convertFailure(f.child(key), ref) : undefined;
}
