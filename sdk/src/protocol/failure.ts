// Failures as data: how an error crosses the wire, the sandbox boundary and the history (Temporal's Failure).
import type { Payload } from './payload';

/** Why retrying stopped (Temporal's RetryState), in Temporal's order. */
export const RETRY_STATES = [
  'IN_PROGRESS',
  'NON_RETRYABLE_FAILURE',
  'TIMEOUT',
  'MAXIMUM_ATTEMPTS_REACHED',
  'RETRY_POLICY_NOT_SET',
  'INTERNAL_SERVER_ERROR',
  'CANCEL_REQUESTED',
] as const;
export type RetryState = (typeof RETRY_STATES)[number];

export type TimeoutType = 'START_TO_CLOSE' | 'SCHEDULE_TO_START' | 'SCHEDULE_TO_CLOSE' | 'HEARTBEAT';

/** Temporal's ApplicationErrorCategory: a BENIGN failure is expected (logged at a lower level, no error metrics). */
export type ApplicationErrorCategory = 'BENIGN';

/** What kind of failure it is, with the facts that kind carries; discriminated on `type`. */
export type FailureInfo =
  | {
      type: 'application';
      errorType: string;
      nonRetryable: boolean;
      details?: Payload[];
      nextRetryDelayMs?: number;
      category?: ApplicationErrorCategory;
      /**
       * Temporal's failure had no failure info at all (Temporal's TypeScript SDK writes a plain Error, or a
       * bare TemporalFailure, so): read as an application failure with no type, and written back without info.
       */
      noInfo?: true;
    }
  | {
      type: 'activity';
      activityType: string;
      activityId: string;
      retryState: RetryState;
      scheduledEventId: number;
      startedEventId: number;
      identity?: string;
    }
  | {
      type: 'childWorkflow';
      namespace: string;
      workflowId: string;
      runId: string;
      workflowType: string;
      retryState: RetryState;
      initiatedEventId: number;
      startedEventId: number;
    }
  | { type: 'cancelled'; details?: Payload[] }
  | { type: 'terminated' }
  | { type: 'timeout'; timeoutType: TimeoutType; lastHeartbeatDetails?: Payload[] }
  | { type: 'server'; nonRetryable: boolean };

/**
 * A failure as it travels on the wire and is kept in history (Temporal's `Failure` proto, as plain JSON):
 * exported from `@rewind/sdk/common` as `ProtoFailure`. `failureToError` turns one into its
 * `TemporalFailure` class.
 */
export interface Failure {
  message: string;
  stackTrace?: string;
  /** Where the failure was made: 'TypeScriptSDK' for user code, 'RewindServer' for the server. */
  source?: string;
  cause?: Failure;
  info: FailureInfo;
  /**
   * Temporal's `encodedAttributes`: where a failure converter that encodes common attributes puts the
   * message and stack trace (`{ message, stack_trace }`, possibly through a codec), leaving `message` as
   * "Encoded failure". Kept as it came, so the SDK that wrote it reads it back.
   */
  encodedAttributes?: Payload;
}
