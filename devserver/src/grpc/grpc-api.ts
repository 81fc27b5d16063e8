// Temporal's dialect on the server's port: its gRPC WorkflowService, OperatorService and TestService, and gRPC's health check (server-port.ts
// hands this the HTTP/2 connections). A translator, not a second engine: each method decodes its request, calls the
// service that Rewind's own protocol calls, and encodes the answer. Methods not built answer
// UNIMPLEMENTED with their name and what to do instead (not-built.ts); with an auth
// token, every call must carry it (Temporal's apiKey).
import type { Duplex } from 'node:stream';
import * as grpc from '@grpc/grpc-js';
import type { Method, Root } from 'protobufjs';
import { AuthCheck, REFUSAL_REASON } from '../api/auth-check';
import type { Logger } from '../service/logger';
import type { TimeSkippingControls } from '../server';
import type { RewindService } from '../service/rewind-service';
import { grpcError, type GrpcServiceError } from './grpc-errors';
import { installOneShotDecompression } from './one-shot-decompression';
import { createMethods, type GrpcCall, type GrpcMethods } from './methods';
import { HEALTH_SERVICE, healthMethods } from './methods/health-methods';
import { TEST_SERVICE, testServiceMethods } from './methods/test-service-methods';
import { unimplementedMessage } from './not-built';
import { temporal } from './proto';
import { requestGuard } from './request-guard';

/** The services served, by their full names; a method is found by its name alone (no name is in both). */
const SERVICES = [
  'temporal.api.workflowservice.v1.WorkflowService',
  'temporal.api.operatorservice.v1.OperatorService',
  TEST_SERVICE,
  HEALTH_SERVICE,
] as const;
/** Temporal's frontend refuses larger requests (its default gRPC limit). */
const MAX_REQUEST_BYTES = 4 * 1024 * 1024;

export class GrpcApi {
  private readonly server: grpc.Server;
  private readonly injector: grpc.ConnectionInjector;
  private readonly auth: AuthCheck | undefined;

  constructor(
    service: RewindService,
    private readonly log: Logger,
    authToken?: string,
    timeSkipping?: TimeSkippingControls,
  ) {
    this.auth = authToken ? new AuthCheck(authToken) : undefined;
    installOneShotDecompression();
    this.server = new grpc.Server({ 'grpc.max_receive_message_length': MAX_REQUEST_BYTES });
    const methods = { ...createMethods(service), ...testServiceMethods(timeSkipping), ...healthMethods(SERVICES) };
    const served = new Set<string>();
    for (const name of SERVICES) {
      for (const method of (temporal as unknown as Root).lookupService(name).methodsArray) {
        if (method.requestStream || method.responseStream) continue; // Health's Watch: grpc-js answers UNIMPLEMENTED.
        // Methods are keyed by name alone: a name in two services would serve one method's handler on both.
        if (served.has(method.name))
          throw new Error(`IllegalState: gRPC method ${method.name} is in two services; key the methods by service.`);
        served.add(method.name);
        this.register(name, method, methods, service);
      }
    }
    this.injector = this.server.createConnectionInjector(grpc.ServerCredentials.createInsecure());
  }

  /** A connection of this dialect, from the server's port. */
  handleConnection(stream: Duplex): void {
    this.injector.injectConnection(stream);
  }

  private register(serviceName: string, method: Method, methods: GrpcMethods, service: RewindService): void {
    const name = method.name;
    const impl = methods[name as keyof GrpcMethods];
    method.resolve();
    const check = method.resolvedRequestType ? requestGuard(service, method.resolvedRequestType) : undefined;
    const path = `/${serviceName}/${name}`;
    const handler = (call: grpc.ServerUnaryCall<Uint8Array, Uint8Array>, callback: grpc.sendUnaryData<Uint8Array>): void => {
      const refusal = this.refusal(call);
      if (refusal) return callback(refusal);
      if (!impl) {
        return callback({ code: grpc.status.UNIMPLEMENTED, details: unimplementedMessage(name) });
      }
      const ctx = callContext(call); // Not spread: its signal is made only if asked for.
      if (check) ctx.check = check;
      impl
        .call(call.request, ctx)
        .then((response) => callback(null, response))
        .catch((err: unknown) => callback(grpcError(err, name, this.log)));
    };
    const identity = (bytes: Uint8Array): Uint8Array => bytes;
    this.server.register(path, handler, (res: Uint8Array) => Buffer.from(res), identity, 'unary');
  }

  /** Why a call without the right auth token is refused (logged, without any token); undefined to let it in. */
  private refusal(call: grpc.ServerUnaryCall<Uint8Array, Uint8Array>): GrpcServiceError | undefined {
    if (!this.auth) return undefined;
    const header = call.metadata.get('authorization')[0];
    const outcome = this.auth.check(typeof header === 'string' ? header : undefined);
    if (outcome === 'ok') return undefined;
    const reason = REFUSAL_REASON[outcome];
    this.log.warn(`Refused a gRPC call from ${call.getPeer()}: ${reason}.`);
    return {
      code: grpc.status.UNAUTHENTICATED,
      details: `Rewind refused the call: ${reason}. Temporal's SDK sends it as the connection's apiKey option.`,
    };
  }

  close(): void {
    this.injector.destroy();
    this.server.forceShutdown();
  }
}

/** What a method knows of its call: when the caller gave up (its deadline, or a cancel). */
function callContext(call: grpc.ServerUnaryCall<Uint8Array, Uint8Array>): GrpcCall {
  const deadline = call.getDeadline();
  const deadlineMs = deadline instanceof Date ? deadline.getTime() : Number.isFinite(deadline) ? deadline : undefined;
  // Made when a method asks for it (long polls do): most calls never need one, and grpc-js reports every
  // call's stream closing as 'cancelled', so an eager one would be made and aborted for each call.
  let controller: AbortController | undefined;
  const ctx: GrpcCall = {
    get signal(): AbortSignal {
      if (!controller) {
        controller = new AbortController();
        if (call.cancelled) controller.abort(CALL_CANCELLED);
        else call.once('cancelled', () => controller!.abort(CALL_CANCELLED));
      }
      return controller.signal;
    },
  };
  if (deadlineMs !== undefined) ctx.deadlineMs = deadlineMs;
  return ctx;
}

/** Why a call's signal aborted: its caller gave up (one value for all, cheaper than a DOMException each). */
const CALL_CANCELLED = new Error('The caller cancelled the call, or its deadline passed.');
