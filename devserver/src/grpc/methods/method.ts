// One gRPC method of the frontend: its request decoded with Temporal's message class, a handler, and
// its response encoded with the response class; bytes in, bytes out.

/** What a method knows of its call. */
export interface GrpcCall {
  /** Aborted when the caller gives up (a cancel, its deadline passed). */
  signal: AbortSignal;
  /** When the caller's deadline passes (epoch ms), if it set one: a long poll answers before it. */
  deadlineMs?: number;
}

export interface GrpcMethod {
  call(request: Uint8Array, ctx: GrpcCall): Promise<Uint8Array>;
}

/** A method from Temporal's request and response classes (@temporalio/proto) and a handler between them. */
export function method<Req, Res>(
  requestClass: { decode(bytes: Uint8Array): Req },
  responseClass: { encode(message: Res): { finish(): Uint8Array } },
  handle: (request: Req, ctx: GrpcCall) => Res | Promise<Res>,
): GrpcMethod {
  return {
    async call(bytes, ctx) {
      const response = await handle(requestClass.decode(bytes), ctx);
      return responseClass.encode(response).finish();
    },
  };
}
