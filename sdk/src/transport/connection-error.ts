// Errors of talking to the server: cannot connect, lost the connection, or the server said no.
import { markErrorClass } from '../common/brand';
import type { ErrorData } from '../protocol/messages';

/** The server cannot be reached (not running, wrong address, or gone for longer than we wait). */
export class ConnectionError extends Error {
  readonly code = 'UNAVAILABLE';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
markErrorClass(ConnectionError, 'ConnectionError');

/**
 * The server requires an auth token and this connection sent none, or not the right one. Not retried:
 * trying again with the same token cannot succeed.
 */
export class UnauthenticatedError extends Error {
  readonly code = 'UNAUTHENTICATED';
  constructor(message: string) {
    super(message);
  }
}
markErrorClass(UnauthenticatedError, 'UnauthenticatedError');

/** The server refused a request; `status` is the kind of refusal (NOT_FOUND, INVALID_ARGUMENT, …). */
export class ServiceError extends Error {
  constructor(
    message: string,
    readonly rpcCode: number,
    readonly data: ErrorData | undefined,
  ) {
    super(message);
  }

  get status(): ErrorData['status'] | undefined {
    return this.data?.status;
  }
}
markErrorClass(ServiceError, 'ServiceError');
