// Anything a method throws, as the gRPC status a Temporal SDK acts on: a request the frontend refuses
// (RequestError: what is wrong with it, in Temporal's field names), the engine's refusals by their status
// (NOT_FOUND, ALREADY_EXISTS, …, which the SDK turns into its error classes; an update-with-start's with
// Temporal's MultiOperationExecutionFailure), an unknown namespace with Temporal's
// NamespaceNotFoundFailure (the client raises NamespaceNotFoundError), a full disk or a locked database
// as UNAVAILABLE (the SDK retries), anything else INTERNAL (logged; the server goes on).
import * as grpc from '@grpc/grpc-js';
import { SchemaError } from '@rewind/sdk/protocol';
import { EngineError } from '../engine/transition';
import type { Logger } from '../service/logger';
import { StoreError } from '../store/store-errors';
import { temporalFieldPath } from './field-names';
import { google, temporal } from './proto';

export interface GrpcServiceError {
  code: grpc.status;
  details: string;
  metadata?: grpc.Metadata;
}

/** A request the frontend refuses before any service sees it, with the status Temporal's frontend gives. */
export class RequestError extends Error {
  override readonly name = 'RequestError';
  constructor(
    readonly code: grpc.status.INVALID_ARGUMENT | grpc.status.NOT_FOUND | grpc.status.PERMISSION_DENIED | grpc.status.UNIMPLEMENTED,
    message: string,
  ) {
    super(message);
  }
}

/** A namespace this server does not have (Temporal's NamespaceNotFound). */
export class NamespaceNotFoundError extends Error {
  override readonly name = 'NamespaceNotFoundError';
  constructor(readonly namespace: string) {
    super(`Namespace ${namespace} is not found. Create it with: rewind namespace create -n ${namespace}`);
  }
}

/**
 * An update-with-start refused by one of its two operations (0: the start, 1: the update). Answered as
 * Temporal's server answers it: the refusal's status, with a MultiOperationExecutionFailure whose statuses
 * are that refusal (with its own details) at its operation and ABORTED at the other.
 */
export class MultiOperationError extends Error {
  override readonly name = 'MultiOperationError';
  constructor(
    readonly operation: 0 | 1,
    override readonly cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}

const STATUS: Record<EngineError['status'], grpc.status> = {
  INVALID_ARGUMENT: grpc.status.INVALID_ARGUMENT,
  NOT_FOUND: grpc.status.NOT_FOUND,
  FAILED_PRECONDITION: grpc.status.FAILED_PRECONDITION,
  ALREADY_EXISTS: grpc.status.ALREADY_EXISTS,
};

export function grpcError(err: unknown, method: string, log: Logger): GrpcServiceError {
  if (err instanceof MultiOperationError) return multiOperationFailure(err.operation, grpcError(err.cause, method, log));
  if (err instanceof RequestError) return { code: err.code, details: `${method}: ${err.message}` };
  if (err instanceof NamespaceNotFoundError) return namespaceNotFound(err);
  if (err instanceof EngineError) {
    if (err.alreadyStarted) return alreadyStarted(err.message, err.alreadyStarted);
    return { code: STATUS[err.status], details: err.message };
  }
  if (err instanceof SchemaError) {
    const path = temporalFieldPath(method, err.path);
    return { code: grpc.status.INVALID_ARGUMENT, details: `${method}: ${path || 'request'}: expected ${err.expected}, got ${err.got}` };
  }
  if (err instanceof StoreError) return { code: grpc.status.UNAVAILABLE, details: err.message };
  log.error(`Internal error in gRPC ${method}`, err);
  return {
    code: grpc.status.INTERNAL,
    details: `Internal server error in ${method}: ${err instanceof Error ? err.message : String(err)}. The server keeps running; please report this.`,
  };
}

/** ALREADY_EXISTS as Temporal's server sends it: its WorkflowExecutionAlreadyStartedFailure names the run that has the id and the request that started it. */
function alreadyStarted(message: string, d: { runId: string; startRequestId: string }): GrpcServiceError {
  const failure = temporal.api.errordetails.v1.WorkflowExecutionAlreadyStartedFailure.encode(d).finish();
  return withDetails(grpc.status.ALREADY_EXISTS, message, 'WorkflowExecutionAlreadyStartedFailure', failure);
}

/** NOT_FOUND with the status details Temporal's server sends, from which Temporal's client raises NamespaceNotFoundError. */
function namespaceNotFound(err: NamespaceNotFoundError): GrpcServiceError {
  const failure = temporal.api.errordetails.v1.NamespaceNotFoundFailure.encode({ namespace: err.namespace }).finish();
  return withDetails(grpc.status.NOT_FOUND, err.message, 'NamespaceNotFoundFailure', failure);
}

/** The refusal of one operation of an update-with-start, as Temporal's MultiOperationExecutionFailure. */
function multiOperationFailure(operation: 0 | 1, refusal: GrpcServiceError): GrpcServiceError {
  const bin = refusal.metadata?.get('grpc-status-details-bin')[0];
  const details = bin instanceof Buffer ? (google.rpc.Status.decode(bin).details ?? []) : [];
  const aborted = { code: grpc.status.ABORTED, message: 'Operation was aborted.' };
  const failed = { code: refusal.code, message: refusal.details, details };
  const statuses = operation === 0 ? [failed, aborted] : [aborted, failed];
  const failure = temporal.api.errordetails.v1.MultiOperationExecutionFailure.encode({ statuses }).finish();
  return withDetails(refusal.code, refusal.details, 'MultiOperationExecutionFailure', failure);
}

/** A status with one of Temporal's error details (temporal.api.errordetails.v1), in the trailer Temporal's clients read. */
function withDetails(code: grpc.status, message: string, detail: string, value: Uint8Array): GrpcServiceError {
  const status = google.rpc.Status.encode({
    code,
    message,
    details: [{ type_url: `type.googleapis.com/temporal.api.errordetails.v1.${detail}`, value }],
  }).finish();
  const metadata = new grpc.Metadata();
  metadata.set('grpc-status-details-bin', Buffer.from(status));
  return { code, details: message, metadata };
}
