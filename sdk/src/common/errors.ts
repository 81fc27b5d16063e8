// Errors of Rewind itself, named for what happens next; each has a stable `code`.
import type { JsonValue } from '../protocol/payload';
import { markErrorClass } from './brand';
import { TemporalFailure } from './failures';

/**
 * Something that cannot happen did, or an API was used where it cannot be (`Context.current()` outside an
 * activity, a workflow API outside a workflow). If the message does not point at your code, it is a bug
 * in Rewind: report it.
 */
export class IllegalStateError extends Error {
  /** `'ILLEGAL_STATE'`. */
  readonly code = 'ILLEGAL_STATE';
}
markErrorClass(IllegalStateError, 'IllegalStateError');

/**
 * A value given to an API is not valid: a missing option, a value that cannot travel as JSON or is larger
 * than 4 MB, a history that is not one. The message says which value, why, and what to do.
 */
export class ValueError extends Error {
  /** `'INVALID_VALUE'`. */
  readonly code = 'INVALID_VALUE';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
markErrorClass(ValueError, 'ValueError');

/**
 * A start was refused (as in Temporal): a workflow with this id is running and the conflict policy is
 * `FAIL`, or one ran and the reuse policy refuses another run. Thrown by `client.workflow.start`,
 * `execute` and `signalWithStart`. (In a workflow, `startChild` with the id of a running workflow rejects
 * with an `ApplicationFailure` whose `type` is this name.)
 */
export class WorkflowExecutionAlreadyStartedError extends TemporalFailure {
  /** `'ALREADY_STARTED'`. */
  readonly code = 'ALREADY_STARTED';
  constructor(
    message: string,
    /** The workflow id that is taken. */
    public readonly workflowId: string,
    /** The type the refused start asked for. */
    public readonly workflowType: string,
  ) {
    super(message);
  }
}
markErrorClass(WorkflowExecutionAlreadyStartedError, 'WorkflowExecutionAlreadyStartedError');

/**
 * No workflow with this id (and run id) exists in the namespace, or it has closed and the call needs a
 * running one (signal, cancel, terminate, update). Thrown by a workflow handle's methods.
 */
export class WorkflowNotFoundError extends Error {
  /** `'WORKFLOW_NOT_FOUND'`. */
  readonly code = 'WORKFLOW_NOT_FOUND';
  constructor(
    message: string,
    /** The workflow id asked for. */
    public readonly workflowId: string,
    /** The run id asked for, if any. */
    public readonly runId: string | undefined,
  ) {
    super(message);
  }
}
markErrorClass(WorkflowNotFoundError, 'WorkflowNotFoundError');

/** The namespace a client or worker names does not exist on the server (`rewind namespace create` makes one). */
export class NamespaceNotFoundError extends Error {
  /** `'NAMESPACE_NOT_FOUND'`. */
  readonly code = 'NAMESPACE_NOT_FOUND';
  constructor(
    /** The namespace asked for. */
    public readonly namespace: string,
    /** The server's words, if it gave any (Temporal's constructor takes only the namespace). */
    message = `Namespace not found: '${namespace}'`,
  ) {
    super(message);
  }
}
markErrorClass(NamespaceNotFoundError, 'NamespaceNotFoundError');

/**
 * The workflow code no longer matches its history: replaying it issued a command the history does not hold
 * at that point (another activity, a timer instead of an activity, …), or none where the history holds
 * one. The message names the workflow, the event, what the history holds, what the code issued and at
 * which line, and what to do: revert the change, or keep the old path for running workflows with
 * `patched()`. On a worker, the workflow task fails and the workflow waits (it is not failed) until code
 * that matches runs; `Worker.runReplayHistory` throws it.
 */
export class DeterminismViolationError extends Error {
  /** `'NON_DETERMINISTIC'`. */
  readonly code = 'NON_DETERMINISTIC';
}
markErrorClass(DeterminismViolationError, 'DeterminismViolationError');

/**
 * A value came in encoded in a way Rewind's SDK does not decode: a Temporal payload that is not
 * `json/plain` or `binary/null` (`binary/protobuf`, a codec's encrypted bytes, …), written by Temporal's
 * SDK with its data converter. The server keeps such values byte for byte; read them with the Temporal
 * SDK and the payload converter or codec that wrote them. The message names the value, its encoding and size.
 */
export class PayloadEncodingError extends Error {
  /** `'UNDECODED_PAYLOAD'`. */
  readonly code = 'UNDECODED_PAYLOAD';
  constructor(
    message: string,
    /** The payload's `encoding` metadata as text ('' when it has none). */
    public readonly encoding: string,
    /** The size of the payload's data, in bytes. */
    public readonly size: number,
    /** The value as it came: the encoded payload, byte for byte (protocol/payload.ts). */
    public readonly payload: JsonValue,
  ) {
    super(message);
  }
}
markErrorClass(PayloadEncodingError, 'PayloadEncodingError');
