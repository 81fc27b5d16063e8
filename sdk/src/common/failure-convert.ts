// Errors to wire failures and back, keeping the class, fields, stack and the cause chain.
import type { Failure } from '../protocol/failure';
import type { Payload } from '../protocol/payload';
import { definedFields } from './defined-fields';
import { msOptionalToNumber } from './duration';
import {
  ActivityFailure,
  ApplicationFailure,
  CancelledFailure,
  ChildWorkflowFailure,
  ServerFailure,
  TemporalFailure,
  TerminatedFailure,
  TimeoutFailure,
} from './failures';
import { MAX_ERROR_TYPE, MAX_FAILURE_TEXT } from '../protocol/limits';
import { toWireText } from '../protocol/wire-text';
import { toPayloads } from './payloads';
import { decodePayloadLeniently } from './payload-decoding';
import { assertNever } from './type-helpers';

const MAX_DEPTH = 20;

/**
 * What an unspecified retry state or timeout type (Temporal's `RETRY_STATE_UNSPECIFIED`,
 * `TIMEOUT_TYPE_UNSPECIFIED`: undefined) travels as: what Rewind reads Temporal's UNSPECIFIED as.
 */
const UNSPECIFIED_RETRY_STATE = 'RETRY_POLICY_NOT_SET';
const UNSPECIFIED_TIMEOUT_TYPE = 'START_TO_CLOSE';

function safePayloads(values: readonly unknown[] | null | undefined): Payload[] | undefined {
  if (!values || values.length === 0) return undefined;
  try {
    return toPayloads(values, 'the failure details');
  } catch {
    // Details that cannot be sent (too large, not JSON) go as short text: the failure itself must arrive.
    return values.map((v) => toWireText(String(v), MAX_FAILURE_TEXT));
  }
}

const text = (s: string): string => toWireText(s, MAX_FAILURE_TEXT);
const typeName = (s: string): string => toWireText(s, MAX_ERROR_TYPE);

/**
 * Any thrown value as a wire `Failure` (what travels to the server): a {@link TemporalFailure} with its
 * kind and fields, a plain error as an application failure typed by its `name`, anything else as its
 * text; with its stack and cause chain. Details that cannot travel go as text.
 */
export function errorToFailure(err: unknown, depth = 0): Failure {
  const source = 'TypeScriptSDK';
  if (!(err instanceof Error)) {
    return {
      message: text(typeof err === 'string' ? err : String(err)),
      source,
      info: { type: 'application', errorType: 'Error', nonRetryable: false },
    };
  }
  const base = { message: text(err.message), source, ...(err.stack ? { stackTrace: text(err.stack) } : {}) };
  const causeError = err.cause;
  const cause = causeError !== undefined && depth < MAX_DEPTH ? { cause: errorToFailure(causeError, depth + 1) } : {};
  if (err instanceof ApplicationFailure) {
    const details = safePayloads(err.details);
    return {
      ...base,
      ...cause,
      info: {
        type: 'application',
        errorType: typeName(err.type ?? 'Error'),
        nonRetryable: err.nonRetryable === true,
        ...definedFields({ details, nextRetryDelayMs: msOptionalToNumber(err.nextRetryDelay) }),
      },
    };
  }
  if (err instanceof ActivityFailure) {
    return {
      ...base,
      ...cause,
      info: {
        type: 'activity',
        activityType: err.activityType,
        activityId: err.activityId ?? '',
        retryState: err.retryState ?? UNSPECIFIED_RETRY_STATE,
        scheduledEventId: 0,
        startedEventId: 0,
        ...(err.identity ? { identity: err.identity } : {}),
      },
    };
  }
  if (err instanceof ChildWorkflowFailure) {
    return {
      ...base,
      ...cause,
      info: {
        type: 'childWorkflow',
        namespace: err.namespace ?? '',
        workflowId: err.execution.workflowId,
        runId: err.execution.runId ?? '',
        workflowType: err.workflowType,
        retryState: err.retryState ?? UNSPECIFIED_RETRY_STATE,
        initiatedEventId: 0,
        startedEventId: 0,
      },
    };
  }
  if (err instanceof CancelledFailure) {
    const details = safePayloads(err.details);
    return { ...base, ...cause, info: { type: 'cancelled', ...(details ? { details } : {}) } };
  }
  if (err instanceof TerminatedFailure) return { ...base, ...cause, info: { type: 'terminated' } };
  if (err instanceof TimeoutFailure) {
    const details = safePayloads(err.lastHeartbeatDetails === undefined ? undefined : [err.lastHeartbeatDetails]);
    return {
      ...base,
      ...cause,
      info: {
        type: 'timeout',
        timeoutType: err.timeoutType ?? UNSPECIFIED_TIMEOUT_TYPE,
        ...(details ? { lastHeartbeatDetails: details } : {}),
      },
    };
  }
  if (err instanceof ServerFailure) return { ...base, ...cause, info: { type: 'server', nonRetryable: err.nonRetryable } };
  return { ...base, ...cause, info: { type: 'application', errorType: typeName(err.name || 'Error'), nonRetryable: false } };
}

/** A failure's details, decoded where Rewind can: a failure must arrive whatever its details are. */
const details = (values: readonly Payload[] | undefined): unknown[] => (values ?? []).map(decodePayloadLeniently);

/**
 * A wire `Failure` as the matching {@link TemporalFailure} subclass, with its fields, stack and cause chain;
 * details in an encoding Rewind does not decode stay as their encoded payloads.
 */
export function failureToError(failure: Failure): TemporalFailure {
  const cause = failure.cause ? failureToError(failure.cause) : undefined;
  const info = failure.info;
  let err: TemporalFailure;
  switch (info.type) {
    case 'application':
      err = new ApplicationFailure(failure.message, info.errorType, info.nonRetryable, details(info.details), cause, info.nextRetryDelayMs);
      break;
    case 'activity':
      err = new ActivityFailure(failure.message, info.activityType, info.activityId, info.retryState, info.identity, cause);
      break;
    case 'childWorkflow':
      err = new ChildWorkflowFailure(
        info.namespace,
        { workflowId: info.workflowId, runId: info.runId },
        info.workflowType,
        info.retryState,
        cause,
      );
      break;
    case 'cancelled':
      err = new CancelledFailure(failure.message, details(info.details), cause);
      break;
    case 'terminated':
      err = new TerminatedFailure(failure.message, cause);
      break;
    case 'timeout':
      err = new TimeoutFailure(failure.message, decodePayloadLeniently(info.lastHeartbeatDetails?.[0]), info.timeoutType);
      break;
    case 'server':
      err = new ServerFailure(failure.message, info.nonRetryable, cause);
      break;
    default:
      return assertNever(info);
  }
  if (failure.stackTrace) err.stack = failure.stackTrace;
  return err;
}

/** The error type that retry policies match against (`nonRetryableErrorTypes`). */
export function failureErrorType(failure: Failure): string | undefined {
  return failure.info.type === 'application' ? failure.info.errorType : undefined;
}
