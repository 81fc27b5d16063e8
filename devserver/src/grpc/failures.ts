// Temporal's Failure message as Rewind's Failure and back: message, stack trace, source, encoded attributes, the cause chain, and every kind of failure info.
import type { Failure, FailureInfo } from '@rewind/sdk/protocol';
import { definedFields } from '@rewind/sdk/internal/common/defined-fields';
import { retryStateIn, retryStateOut, timeoutTypeIn, timeoutTypeOut } from './failure-enums';
import { optPayloadsOut } from './messages-out';
import { payloadIn, payloadOut, payloadsIn } from './payloads';
import { duration, long, num, temporal, type google } from './proto';

type ProtoFailure = temporal.api.failure.v1.IFailure;
type ProtoPayloads = temporal.api.common.v1.IPayloads;
const Category = temporal.api.enums.v1.ApplicationErrorCategory;

/** The fields of Temporal's Failure that say its kind (a oneof): a new one in Temporal's API does not compile until it has a reader below. */
type InfoKey = Extract<keyof ProtoFailure, `${string}FailureInfo`>;
type InfoOf<T extends FailureInfo['type']> = Extract<FailureInfo, { type: T }>;
type InfoFields = { [K in InfoKey]?: ProtoFailure[K] };

/** Milliseconds of a Duration that is set, 0 included (a retry delay of 0 means "now", not "none"). */
function setDurationMs(d: google.protobuf.IDuration | null | undefined): number | undefined {
  return d ? num(d.seconds) * 1000 + Math.round((d.nanos ?? 0) / 1e6) : undefined;
}

const INFO_OUT: { [T in FailureInfo['type']]: (info: InfoOf<T>) => InfoFields } = {
  application: (i) =>
    i.noInfo
      ? {}
      : {
          applicationFailureInfo: definedFields({
            type: i.errorType,
            nonRetryable: i.nonRetryable,
            details: optPayloadsOut(i.details),
            nextRetryDelay: i.nextRetryDelayMs !== undefined ? duration(i.nextRetryDelayMs) : undefined,
            category: i.category === 'BENIGN' ? Category.APPLICATION_ERROR_CATEGORY_BENIGN : undefined,
          }),
        },
  activity: (i) => ({
    activityFailureInfo: definedFields({
      scheduledEventId: long(i.scheduledEventId),
      startedEventId: long(i.startedEventId),
      identity: i.identity,
      activityType: { name: i.activityType },
      activityId: i.activityId,
      retryState: retryStateOut(i.retryState),
    }),
  }),
  childWorkflow: (i) => ({
    childWorkflowExecutionFailureInfo: {
      namespace: i.namespace,
      workflowExecution: { workflowId: i.workflowId, runId: i.runId },
      workflowType: { name: i.workflowType },
      initiatedEventId: long(i.initiatedEventId),
      startedEventId: long(i.startedEventId),
      retryState: retryStateOut(i.retryState),
    },
  }),
  cancelled: (i) => ({ canceledFailureInfo: definedFields({ details: optPayloadsOut(i.details) }) }),
  terminated: () => ({ terminatedFailureInfo: {} }),
  timeout: (i) => ({
    timeoutFailureInfo: definedFields({
      timeoutType: timeoutTypeOut(i.timeoutType),
      lastHeartbeatDetails: optPayloadsOut(i.lastHeartbeatDetails),
    }),
  }),
  server: (i) => ({ serverFailureInfo: { nonRetryable: i.nonRetryable } }),
};

const optPayloadsIn = (p: ProtoPayloads | null | undefined) => (p ? payloadsIn(p) : undefined);

const INFO_IN: { [K in InfoKey]-?: (info: NonNullable<ProtoFailure[K]>) => FailureInfo } = {
  applicationFailureInfo: (a) => ({
    type: 'application',
    errorType: a.type ?? '',
    nonRetryable: !!a.nonRetryable,
    ...definedFields({
      details: optPayloadsIn(a.details),
      nextRetryDelayMs: setDurationMs(a.nextRetryDelay),
      category: a.category === Category.APPLICATION_ERROR_CATEGORY_BENIGN ? ('BENIGN' as const) : undefined,
    }),
  }),
  timeoutFailureInfo: (t) => ({
    type: 'timeout',
    timeoutType: timeoutTypeIn(t.timeoutType),
    ...definedFields({ lastHeartbeatDetails: optPayloadsIn(t.lastHeartbeatDetails) }),
  }),
  // Its identity is the server's (who cancelled); the SDK never sets it.
  canceledFailureInfo: (c) => ({ type: 'cancelled', ...definedFields({ details: optPayloadsIn(c.details) }) }),
  terminatedFailureInfo: () => ({ type: 'terminated' }),
  serverFailureInfo: (s) => ({ type: 'server', nonRetryable: !!s.nonRetryable }),
  // Written by Temporal's server when a reset fails an activity; Rewind has no such kind, and its history reader says so the same way.
  resetWorkflowFailureInfo: (r) => ({
    type: 'application',
    errorType: 'ResetWorkflow',
    nonRetryable: true,
    ...definedFields({ details: optPayloadsIn(r.lastHeartbeatDetails) }),
  }),
  activityFailureInfo: (a) => ({
    type: 'activity',
    activityType: a.activityType?.name ?? '',
    activityId: a.activityId ?? '',
    retryState: retryStateIn(a.retryState),
    scheduledEventId: num(a.scheduledEventId),
    startedEventId: num(a.startedEventId),
    ...definedFields({ identity: a.identity || undefined }),
  }),
  childWorkflowExecutionFailureInfo: (c) => ({
    type: 'childWorkflow',
    namespace: c.namespace ?? '',
    workflowId: c.workflowExecution?.workflowId ?? '',
    runId: c.workflowExecution?.runId ?? '',
    workflowType: c.workflowType?.name ?? '',
    retryState: retryStateIn(c.retryState),
    initiatedEventId: num(c.initiatedEventId),
    startedEventId: num(c.startedEventId),
  }),
  // Rewind has no Nexus operations (it refuses their commands), so these never come from a workflow it runs;
  // read as application failures that keep what they say.
  nexusOperationExecutionFailureInfo: () => ({ type: 'application', errorType: 'NexusOperationFailure', nonRetryable: false }),
  nexusHandlerFailureInfo: (h) => ({ type: 'application', errorType: h.type || 'NexusHandlerFailure', nonRetryable: false }),
};

const INFO_KEYS = Object.keys(INFO_IN) as InfoKey[];

/**
 * A Temporal failure as Rewind's. One with no failure info (Temporal's TypeScript SDK writes a plain Error
 * so) reads as an application failure with no type, as Rewind's history reader reads it, marked `noInfo`.
 */
export function failureIn(f: ProtoFailure): Failure {
  const key = INFO_KEYS.find((k) => f[k]);
  const info: FailureInfo = key
    ? (INFO_IN[key] as (i: NonNullable<ProtoFailure[InfoKey]>) => FailureInfo)(f[key]!)
    : { type: 'application', errorType: '', nonRetryable: false, noInfo: true };
  return {
    message: f.message ?? '',
    ...definedFields({
      stackTrace: f.stackTrace || undefined,
      source: f.source || undefined,
      encodedAttributes: f.encodedAttributes ? payloadIn(f.encodedAttributes) : undefined,
    }),
    info,
    ...definedFields({ cause: f.cause ? failureIn(f.cause) : undefined }),
  };
}

/** A Rewind failure as Temporal's; what came from a Temporal SDK goes back as it came. */
export function failureOut(f: Failure): ProtoFailure {
  const info = (INFO_OUT[f.info.type] as (i: FailureInfo) => InfoFields)(f.info);
  return {
    message: f.message,
    ...definedFields({
      source: f.source,
      stackTrace: f.stackTrace,
      encodedAttributes: f.encodedAttributes !== undefined ? payloadOut(f.encodedAttributes) : undefined,
      cause: f.cause ? failureOut(f.cause) : undefined,
    }),
    ...info,
  };
}
