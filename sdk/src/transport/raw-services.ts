// Temporal's raw gRPC services (workflowService, operatorService, testService, healthService) on a Rewind
// connection: the Rewind server speaks Temporal's gRPC API on the same port, so they are Temporal's own
// protobufjs services over grpc-js. Both packages load on first use: clients that never touch them pay nothing.
import type * as grpc from '@grpc/grpc-js';
import type * as proto from '@temporalio/proto';
import { resolveAuthToken } from './auth-token';
import { resolveAddress } from './env-config';
import { toWebSocketUrl } from './address';
import { ConnectionError } from './connection-error';

export type WorkflowService = proto.temporal.api.workflowservice.v1.WorkflowService;
export type OperatorService = proto.temporal.api.operatorservice.v1.OperatorService;
export type TestService = proto.temporal.api.testservice.v1.TestService;
export type HealthService = proto.grpc.health.v1.Health;

/** gRPC metadata (headers) of a call, as Temporal's `Metadata`. */
export type Metadata = Record<string, grpc.MetadataValue>;

/** What a connection's `withDeadline`, `withMetadata`, `withApiKey` and `withAbortSignal` set for the calls in their scope (Temporal's `CallContext`). */
export interface CallContext {
  /** When calls give up: a Date, or milliseconds since the epoch. */
  deadline?: number | Date;
  /** Headers for the raw gRPC services' calls (Rewind's own protocol carries none). */
  metadata?: Metadata;
  abortSignal?: AbortSignal;
}

/** What the raw services need from the connection they belong to. */
export interface RawServiceSource {
  /** The connection's address option (else the environment's is used). */
  readonly address: string | undefined;
  /** The auth token to send now (`Authorization: Bearer`), before the environment's. */
  apiKey(): string | undefined;
  /** The connection's metadata (its options', or what setMetadata set), sent with every call. */
  metadata(): Metadata | undefined;
  /** The scope's deadline, metadata and abort signal. */
  callContext(): CallContext | undefined;
}

/** The protobufjs services' way to send one call (protobufjs' `RPCImpl`). */
type RpcImpl = (method: { name: string }, requestData: Uint8Array, callback: (error: Error | null, response?: Uint8Array) => void) => void;

/** Temporal's service names, as its server routes them. */
const SERVICE_NAMES = {
  workflow: 'temporal.api.workflowservice.v1.WorkflowService',
  operator: 'temporal.api.operatorservice.v1.OperatorService',
  test: 'temporal.api.testservice.v1.TestService',
  health: 'grpc.health.v1.Health',
} as const;

function loadGrpc(): typeof import('@grpc/grpc-js') {
  return require('@grpc/grpc-js') as typeof import('@grpc/grpc-js');
}

function loadProto(): typeof import('@temporalio/proto') {
  return require('@temporalio/proto') as typeof import('@temporalio/proto');
}

/** The `host:port` a gRPC channel dials for a Rewind address (also given as a ws:// or http:// URL). */
export function grpcTarget(address: string | undefined): string {
  const url = new URL(toWebSocketUrl(resolveAddress(address).address));
  // URL drops a scheme's default port (80 for ws:), which grpc-js would read as its own default.
  return `${url.hostname}:${url.port || '80'}`;
}

/** A connection's raw services, each made on first use over one gRPC channel to the connection's server. */
export class RawServices {
  private channel: grpc.Client | undefined;
  private closed = false;
  private workflow: WorkflowService | undefined;
  private operator: OperatorService | undefined;
  private test: TestService | undefined;
  private health: HealthService | undefined;

  constructor(private readonly source: RawServiceSource) {}

  get workflowService(): WorkflowService {
    return (this.workflow ??= loadProto().temporal.api.workflowservice.v1.WorkflowService.create(this.rpc('workflow'), false, false));
  }

  get operatorService(): OperatorService {
    return (this.operator ??= loadProto().temporal.api.operatorservice.v1.OperatorService.create(this.rpc('operator'), false, false));
  }

  get testService(): TestService {
    return (this.test ??= loadProto().temporal.api.testservice.v1.TestService.create(this.rpc('test'), false, false));
  }

  get healthService(): HealthService {
    return (this.health ??= loadProto().grpc.health.v1.Health.create(this.rpc('health'), false, false));
  }

  /** Closes the gRPC channel, if one was opened; calls still waiting fail with CANCELLED (as Temporal's `close`). */
  close(): void {
    this.closed = true;
    this.channel?.close();
    this.channel = undefined;
  }

  /** Sends each call of a service over the channel, with the scope's deadline, metadata and abort signal. */
  private rpc(service: keyof typeof SERVICE_NAMES): RpcImpl {
    const grpcJs = loadGrpc();
    return (method, requestData, callback) => {
      if (this.closed) {
        callback(new ConnectionError(`The connection is closed: ${method.name} was not sent. Make a new connection to call the server.`));
        return;
      }
      const channel = (this.channel ??= new grpcJs.Client(grpcTarget(this.source.address), grpcJs.credentials.createInsecure()));
      const { deadline, metadata, abortSignal } = this.source.callContext() ?? {};
      const headers = new grpcJs.Metadata();
      const token = resolveAuthToken(this.source.apiKey());
      if (token) headers.set('authorization', `Bearer ${token}`);
      for (const [key, value] of Object.entries({ ...this.source.metadata(), ...metadata })) headers.set(key, value);
      const call = channel.makeUnaryRequest<Uint8Array, Uint8Array>(
        `/${SERVICE_NAMES[service]}/${method.name}`,
        (request) => Buffer.from(request),
        (response) => response,
        requestData,
        headers,
        deadline === undefined ? {} : { deadline },
        (err, response) => {
          abortSignal?.removeEventListener('abort', cancel);
          callback(err, response);
        },
      );
      const cancel = (): void => call.cancel();
      if (abortSignal?.aborted) cancel();
      else abortSignal?.addEventListener('abort', cancel, { once: true });
    };
  }
}
