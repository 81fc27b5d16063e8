// Anything a method throws, as the gRPC status a Temporal SDK acts on: the engine's refusals by their
// status (NOT_FOUND, ALREADY_EXISTS, …, which the SDK turns into its error classes), a full disk or a
// locked database as UNAVAILABLE (the SDK retries), anything else INTERNAL (logged; the server goes on).
import * as grpc from '@grpc/grpc-js';
import { SchemaError } from '@rewind/sdk/protocol';
import { EngineError } from '../engine/transition';
import type { Logger } from '../service/logger';
import { StoreError } from '../store/store-errors';
import { google, temporal } from './proto';

export interface GrpcServiceError {
  code: grpc.status;
  details: string;
  metadata?: grpc.Metadata;
}

const STATUS: Record<EngineError['status'], grpc.status> = {
  INVALID_ARGUMENT: grpc.status.INVALID_ARGUMENT,
  NOT_FOUND: grpc.status.NOT_FOUND,
  FAILED_PRECONDITION: grpc.status.FAILED_PRECONDITION,
  ALREADY_EXISTS: grpc.status.ALREADY_EXISTS,
};

export function grpcError(err: unknown, method: string, log: Logger): GrpcServiceError {
  if (err instanceof EngineError) {
    if (err.alreadyStarted) return alreadyStarted(err.message, err.alreadyStarted);
    return { code: STATUS[err.status], details: err.message };
  }
  if (err instanceof SchemaError) return { code: grpc.status.INVALID_ARGUMENT, details: `${method}: ${err.message}` };
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
  const status = google.rpc.Status.encode({
    code: grpc.status.ALREADY_EXISTS,
    message,
    details: [{ type_url: 'type.googleapis.com/temporal.api.errordetails.v1.WorkflowExecutionAlreadyStartedFailure', value: failure }],
  }).finish();
  const metadata = new grpc.Metadata();
  metadata.set('grpc-status-details-bin', Buffer.from(status));
  return { code: grpc.status.ALREADY_EXISTS, details: message, metadata };
}
