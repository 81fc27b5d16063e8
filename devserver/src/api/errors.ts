// Turns anything a handler throws into a JSON-RPC error object that says what is wrong.
import { JSON_RPC_ERRORS, SchemaError, type RpcErrorObject } from '@rewind/sdk/protocol';
import { EngineError } from '../engine/transition';
import { QueryFailedError } from '../service/workflows/queries';
import type { Logger } from '../service/logger';
import { StoreError } from '../store/store-errors';

export function toRpcError(err: unknown, method: string, log: Logger): RpcErrorObject {
  if (err instanceof SchemaError) {
    return {
      code: JSON_RPC_ERRORS.INVALID_PARAMS,
      message: `Invalid params for ${method}: ${err.message}`,
      data: { status: 'INVALID_ARGUMENT' },
    };
  }
  if (err instanceof EngineError) {
    return {
      code: JSON_RPC_ERRORS.APPLICATION_ERROR,
      message: err.message,
      data: { status: err.status, ...(err.errorName ? { name: err.errorName } : {}) },
    };
  }
  if (err instanceof QueryFailedError) {
    return {
      code: JSON_RPC_ERRORS.APPLICATION_ERROR,
      message: err.message,
      data: { status: 'FAILED_PRECONDITION', name: 'QueryFailedError', failure: err.failure },
    };
  }
  if (err instanceof StoreError) {
    return { code: JSON_RPC_ERRORS.APPLICATION_ERROR, message: err.message, data: { status: 'UNAVAILABLE' } };
  }
  log.error(`Internal error in ${method}`, err);
  return {
    code: JSON_RPC_ERRORS.INTERNAL_ERROR,
    message: `Internal server error in ${method}: ${err instanceof Error ? err.message : String(err)}. The server keeps running; please report this.`,
    data: { status: 'INTERNAL' },
  };
}
