// A worker's connection to the server (Temporal's NativeConnection). Several workers may share one;
// after a reconnection each registers again, listing the tasks it is still running.
import type { NotificationMethod, Notifications, RequestMethod, RequestParams, RequestResult } from '../protocol';
import { resolveAuthToken } from '../transport/auth-token';
import { resolveAddress, withAddressSource } from '../transport/env-config';
import { RpcClient } from '../transport/rpc-client';

/** How long a shutting-down worker waits for the server to acknowledge it. */
const UNREGISTER_WAIT_MS = 1000;

export interface NativeConnectionOptions {
  /**
   * host:port of the server (a bare host means port 7233). Default: the REWIND_ADDRESS environment
   * variable, else TEMPORAL_ADDRESS (as `@temporalio/envconfig` reads it), else 127.0.0.1:7233.
   */
  address?: string;
  identity?: string;
  connectTimeout?: number;
  /**
   * The server's auth token (a server started with --auth-token), sent as `Authorization: Bearer <apiKey>`
   * on every (re)connection. Default: the REWIND_AUTH_TOKEN environment variable, else TEMPORAL_API_KEY, if set.
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

export class NativeConnection {
  private readonly bindings = new Map<string, WorkerBinding>();
  private rpc!: RpcClient;
  /**
   * @internal The namespace of the workers on this connection that name none, before the environment's:
   * the test environment's, so that a shell set up for another server cannot send its workers elsewhere.
   */
  defaultNamespace: string | undefined;

  private constructor(readonly options: Readonly<NativeConnectionOptions>) {}

  /**
   * Connects to the server, or fails with a `ConnectionError` that says how to start one. Environment
   * variables are read here, when not given as options: REWIND_ADDRESS / TEMPORAL_ADDRESS and
   * REWIND_AUTH_TOKEN / TEMPORAL_API_KEY (Rewind's first).
   */
  static async connect(options: NativeConnectionOptions = {}): Promise<NativeConnection> {
    const conn = new NativeConnection(options);
    const authToken = resolveAuthToken(options.apiKey);
    const { address, variable } = resolveAddress(options.address);
    conn.rpc = await RpcClient.connect({
      address,
      clientName: 'worker',
      ...(authToken ? { authToken } : {}),
      ...(options.identity ? { identity: options.identity } : {}),
      ...(options.connectTimeout !== undefined ? { connectTimeoutMs: options.connectTimeout } : {}),
      // A worker waits for its server however long it is away.
      reconnectWaitMs: Infinity,
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
    }).catch((err: unknown) => {
      throw withAddressSource(err, variable);
    });
    return conn;
  }

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

  call<M extends RequestMethod>(method: M, params: RequestParams<M>): Promise<RequestResult<M>> {
    return this.rpc.request(method, params);
  }

  async close(): Promise<void> {
    this.rpc.close();
  }
}
