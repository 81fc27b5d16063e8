// Anything a method throws, as the gRPC status a Temporal SDK acts on: the engine's refusals by their
// status (NOT_FOUND, ALREADY_EXISTS, …, which the SDK turns into its error classes), a full disk or a
// locked database as UNAVAILABLE (the SDK retries), anything else INTERNAL (logged; the server goes on).
import * as grpc from '@grpc/grpc-js';
import { SchemaError } from '@rewind/sdk/protocol';
import { EngineError } from '../engine/transition';
import type { Logger } from '../service/logger';
import { StoreError } from '../store/store-errors';

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
  if (err instanceof EngineError) return { code: STATUS[err.status], details: err.message };
  if (err instanceof SchemaError) return { code: grpc.status.INVALID_ARGUMENT, details: `${method}: ${err.message}` };
  if (err instanceof StoreError) return { code: grpc.status.UNAVAILABLE, details: err.message };
  log.error(`Internal error in gRPC ${method}`, err);
  return {
    code: grpc.status.INTERNAL,
    details: `Internal server error in ${method}: ${err instanceof Error ? err.message : String(err)}. The server keeps running; please report this.`,
  };
}
