// Anything a method throws, as the gRPC status a Temporal SDK acts on: a request the frontend refuses
// (RequestError: what is wrong with it, in Temporal's field names), the engine's refusals by their status
// (NOT_FOUND, ALREADY_EXISTS, …, which the SDK turns into its error classes), an unknown namespace with
// Temporal's NamespaceNotFoundFailure (the client raises NamespaceNotFoundError), a full disk or a locked
// database as UNAVAILABLE (the SDK retries), anything else INTERNAL (logged; the server goes on).
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
    readonly code: grpc.status.INVALID_ARGUMENT | grpc.status.NOT_FOUND | grpc.status.PERMISSION_DENIED,
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

const STATUS: Record<EngineError['status'], grpc.status> = {
  INVALID_ARGUMENT: grpc.status.INVALID_ARGUMENT,
  NOT_FOUND: grpc.status.NOT_FOUND,
  FAILED_PRECONDITION: grpc.status.FAILED_PRECONDITION,
  ALREADY_EXISTS: grpc.status.ALREADY_EXISTS,
};

export function grpcError(err: unknown, method: string, log: Logger): GrpcServiceError {
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
