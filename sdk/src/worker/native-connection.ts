// A worker's connection to the server (Temporal's NativeConnection). Several workers may share one;
// after a reconnection each registers again, listing the tasks it is still running.
import type { NotificationMethod, Notifications, RequestMethod, RequestParams, RequestResult } from '../protocol';
import { definedFields } from '../common/defined-fields';
import { msToNumber, type Duration } from '../common/duration';
import { connectToServer } from '../transport/connect-to-server';
import { checkGrpcOnlyOptions, type GrpcOnlyOptions } from '../transport/grpc-only-options';
import type { RpcClient } from '../transport/rpc-client';
import { RawServices, type Metadata } from '../transport/raw-services';
import { RawServiceScopes } from '../transport/raw-service-scopes';
import type { RefusedMember } from '../common/refused-members';

/** How long a shutting-down worker waits for the server to acknowledge it. */
const UNREGISTER_WAIT_MS = 1000;

/**
 * What {@link NativeConnection.connect} takes (Temporal's `NativeConnectionOptions`, those that apply): `tls`
 * is refused when it asks for TLS, and `metadata` goes with the raw gRPC services' calls (see {@link GrpcOnlyOptions}).
 */
export interface NativeConnectionOptions extends GrpcOnlyOptions {
  /**
   * `host:port` of the server (a bare host means port 7233). An empty environment variable counts as unset.
   *
   * @default `REWIND_ADDRESS`, else `TEMPORAL_ADDRESS` (as `@temporalio/envconfig` reads it), else `127.0.0.1:7233`
   */
  address?: string;
  /** Who is connecting, for the server's log. */
  identity?: string;
  /**
   * How long to try the first connection (milliseconds, or a string like `'10s'`), before `connect()` fails
   * with a `ConnectionError`.
   *
   * @default 5000
   */
  connectTimeout?: Duration;
  /**
   * The server's auth token (a server started with `--auth-token`), sent as `Authorization: Bearer <apiKey>`
   * on every (re)connection.
   *
   * @default `REWIND_AUTH_TOKEN`, else `TEMPORAL_API_KEY`, if set
   */
  apiKey?: string;
}

/** What the connection needs from a worker that uses it. */
export interface WorkerBinding {
  workerId: string;
  registration(): RequestParams<'worker.register'>;
  onNotification<M extends NotificationMethod>(method: M, params: Notifications[M]): void;
  /** The connection is gone for good (a reconnection was refused: the server wants another auth token). */
  onFatal(err: Error): void;
}

/**
 * A worker's connection to a Rewind server (Temporal's `NativeConnection`): give it to `Worker.create`;
 * several workers may share it. When the server goes away it waits for it as long as it takes and
 * reconnects by itself, and each worker registers again with the activities it still runs, so a server
 * restart loses no work. {@link close} it after the workers on it have stopped.
 */
export class NativeConnection extends RawServiceScopes {
  // Temporal's members that Rewind does not have, refused with why and what to use (common/refused-members.ts).
  /** @deprecated NativeConnection.plugins (Temporal's) is not in Rewind: see the type's text. */
  declare readonly plugins: RefusedMember<'NativeConnection.plugins', 'plugins'>;

  private readonly bindings = new Map<string, WorkerBinding>();
  private rpc!: RpcClient;
  /**
   * @internal The namespace of the workers on this connection that name none, before the environment's:
   * the test environment's, so that a shell set up for another server cannot send its workers elsewhere.
   */
  defaultNamespace: string | undefined;

  private metadataSet: Metadata | undefined;
  private apiKeySet: string | undefined;

  protected readonly raw: RawServices;

  private constructor(readonly options: Readonly<NativeConnectionOptions>) {
    super();
    this.raw = new RawServices({
      address: this.options.address,
      apiKey: () => this.apiKeySet ?? this.options.apiKey,
      metadata: () => this.metadataSet ?? this.options.metadata,
      callContext: () => this.callContextStorage.getStore(),
    });
  }

  /** Replaces the metadata the raw services' calls send (Temporal's `setMetadata`). */
  async setMetadata(metadata: Metadata): Promise<void> {
    this.metadataSet = metadata;
  }

  /**
   * Replaces the auth token the raw services' calls send (Temporal's `setApiKey`). The workers' own
   * connection keeps the token it connected with.
   */
  async setApiKey(apiKey: string): Promise<void> {
    this.apiKeySet = apiKey;
  }

  /**
   * Connects to the server. The address and the auth token come from the options, else from the
   * environment, read here: `REWIND_ADDRESS` / `TEMPORAL_ADDRESS` and `REWIND_AUTH_TOKEN` /
   * `TEMPORAL_API_KEY` (Rewind's first).
   *
   * @throws ConnectionError if no server answers within `connectTimeout`: the message names the address,
   *   the variable it came from, and how to start a server.
   * @throws UnauthenticatedError if the server requires an auth token and this one is missing or wrong.
   */
  static async connect(options: NativeConnectionOptions = {}): Promise<NativeConnection> {
    checkGrpcOnlyOptions(options, 'NativeConnection');
    const conn = new NativeConnection(options);
    const { address, identity, apiKey, connectTimeout } = options;
    // A worker waits for its server however long it is away.
    conn.rpc = await connectToServer(
      {
        ...definedFields({
          address,
          identity,
          apiKey,
          connectTimeout: connectTimeout === undefined ? undefined : msToNumber(connectTimeout),
        }),
        reconnectWait: Infinity,
      },
      {
        clientName: 'worker',
        onConnect: async (setup) => {
          for (const b of conn.bindings.values()) await setup('worker.register', b.registration());
        },
        holdProcess: () => conn.bindings.size > 0,
        onFatal: (err) => {
          for (const b of [...conn.bindings.values()]) b.onFatal(err);
        },
        onNotification: (method, params) => {
          const workerId = (params as { workerId?: string } | undefined)?.workerId;
          const binding = workerId ? conn.bindings.get(workerId) : undefined;
          binding?.onNotification(method as NotificationMethod, params as Notifications[NotificationMethod]);
        },
      },
    );
    return conn;
  }

  /** Resolves at once: {@link connect} resolves once connected, and the connection then comes back by itself. */
  async ensureConnected(): Promise<void> {}

  /**
   * Connects as {@link connect} does (Temporal's deprecated name for it).
   *
   * @deprecated use {@link connect}.
   */
  static create(options: NativeConnectionOptions = {}): Promise<NativeConnection> {
    return NativeConnection.connect(options);
  }

  /** Registers a worker on this connection (`Worker.run` does it); it registers again after each reconnection. */
  async register(binding: WorkerBinding): Promise<void> {
    this.bindings.set(binding.workerId, binding);
    this.rpc.updateRef();
    await this.rpc.request('worker.register', binding.registration());
  }

  /**
   * Tells the server to send this worker no more tasks (does not wait for a server that is away). The
   * worker still gets what was already on its way, and cancellations, until it `detach`es.
   */
  async stopTasks(workerId: string): Promise<void> {
    if (!this.bindings.has(workerId) || !this.rpc.connected) return;
    await this.rpc.request('worker.unregister', { workerId }, { timeoutMs: UNREGISTER_WAIT_MS }).catch(() => undefined);
  }

  /** Forgets a worker that has stopped. */
  detach(workerId: string): void {
    this.bindings.delete(workerId);
    this.rpc.updateRef();
  }

  /** Calls the server (the raw protocol, as the worker reports its tasks); waits through reconnections. */
  call<M extends RequestMethod>(method: M, params: RequestParams<M>): Promise<RequestResult<M>> {
    return this.rpc.request(method, params);
  }

  /** Closes the connection (stop the workers on it first). */
  async close(): Promise<void> {
    this.raw.close();
    this.rpc.close();
  }
}
