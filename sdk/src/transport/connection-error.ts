// Errors of talking to the server: cannot connect, lost the connection, or the server said no.
import { markErrorClass } from '../common/brand';
import type { ErrorData } from '../protocol/messages';

/**
 * The server cannot be reached: `Connection.connect()` or `NativeConnection.connect()` found no server at
 * the address (the message says which, which variable named it, and how to start one), or a call waited
 * longer than the connection waits for a server that went away (a client's `reconnectWait`, 60 s by
 * default; a worker's connection waits as long as it takes). Calls made while the server is briefly away wait and are sent again once
 * it is back, so most restarts are never seen.
 */
export class ConnectionError extends Error {
  /** `'UNAVAILABLE'`. */
  readonly code = 'UNAVAILABLE';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
markErrorClass(ConnectionError, 'ConnectionError');

/**
 * The server requires an auth token and this connection sent none, or not the right one (`apiKey`, else
 * `REWIND_AUTH_TOKEN`, else `TEMPORAL_API_KEY`). Not retried: trying again with the same token cannot
 * succeed. Thrown by `connect()`, and by waiting calls (and a running `Worker.run()`) when a server the
 * connection reconnects to wants another token.
 */
export class UnauthenticatedError extends Error {
  /** `'UNAUTHENTICATED'`. */
  readonly code = 'UNAUTHENTICATED';
  constructor(message: string) {
    super(message);
  }
}
markErrorClass(UnauthenticatedError, 'UnauthenticatedError');

/**
 * The server refused a request, and no more specific error applies (those it maps to are
 * `WorkflowNotFoundError`, `WorkflowExecutionAlreadyStartedError`, `QueryNotRegisteredError`, the schedule
 * errors, …). The message says what was wrong and what to do; {@link status} is the kind of refusal, as a
 * gRPC status name: `INVALID_ARGUMENT` (a list query that does not parse), `FAILED_PRECONDITION` (a query
 * no worker can answer), `RESOURCE_EXHAUSTED` (a limit), `NOT_FOUND`, ….
 */
export class ServiceError extends Error {
  /** The error that caused this one, if any (Temporal's `cause`). */
  override readonly cause?: Error;
  /** The JSON-RPC error code of the server's answer, if it came from the server. */
  readonly rpcCode: number | undefined;
  /** What the server said besides the message: the status and, for typed errors, their facts. */
  readonly data: ErrorData | undefined;

  /**
   * Takes what Temporal's `ServiceError` takes (a message and, optionally, the error that caused it), and
   * what the server answered: its JSON-RPC code and error data.
   */
  constructor(message: string, opts?: { cause?: Error; rpcCode?: number; data?: ErrorData }) {
    super(message, opts?.cause === undefined ? undefined : { cause: opts.cause });
    this.cause = opts?.cause;
    this.rpcCode = opts?.rpcCode;
    this.data = opts?.data;
  }

  /** The kind of refusal (`NOT_FOUND`, `INVALID_ARGUMENT`, `FAILED_PRECONDITION`, …), if the server said. */
  get status(): ErrorData['status'] | undefined {
    return this.data?.status;
  }
}
markErrorClass(ServiceError, 'ServiceError');
