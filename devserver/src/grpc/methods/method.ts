// One gRPC method of the frontend: its request decoded with Temporal's message class (bytes that are
// not that message are INVALID_ARGUMENT), checked by the caller's `check`, a handler, and its response
// encoded with the response class; bytes in, bytes out.
import * as grpc from '@grpc/grpc-js';
import { RequestError } from '../grpc-errors';

/** What a method knows of its call. */
export interface GrpcCall {
  /** Aborted when the caller gives up (a cancel, its deadline passed). */
  signal: AbortSignal;
  /** When the caller's deadline passes (epoch ms), if it set one: a long poll answers before it. */
  deadlineMs?: number;
  /** Checks the decoded request before its handler sees it (namespace, task token, values), throwing what is wrong. */
  check?: (request: object) => void;
}

export interface GrpcMethod {
  call(request: Uint8Array, ctx: GrpcCall): Promise<Uint8Array>;
}

/** A method from Temporal's request and response classes (@temporalio/proto) and a handler between them. */
export function method<Req extends object, Res>(
  requestClass: { decode(bytes: Uint8Array): Req },
  responseClass: { encode(message: Res): { finish(): Uint8Array } },
  handle: (request: Req, ctx: GrpcCall) => Res | Promise<Res>,
): GrpcMethod {
  return {
    async call(bytes, ctx) {
      const request = decoded(requestClass, bytes);
      ctx.check?.(request);
      const response = await handle(request, ctx);
      return responseClass.encode(response).finish();
    },
  };
}

function decoded<Req>(requestClass: { decode(bytes: Uint8Array): Req }, bytes: Uint8Array): Req {
  try {
    return requestClass.decode(bytes);
  } catch (err) {
    const why = err instanceof RangeError && /call stack/i.test(err.message) ? 'it is nested too deep' : (err as Error).message;
    throw new RequestError(
      grpc.status.INVALID_ARGUMENT,
      `the request is not a valid protobuf message of this method (${why}); send it with a Temporal SDK or the @temporalio/proto classes.`,
    );
  }
}
