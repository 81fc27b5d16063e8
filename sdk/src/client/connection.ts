// Connection to a Rewind server, as Temporal's `Connection` (address 'host:port'; by default the
// environment's REWIND_ADDRESS or TEMPORAL_ADDRESS, else 127.0.0.1:7233).
import { resolveAuthToken } from '../transport/auth-token';
import { resolveAddress, withAddressSource } from '../transport/env-config';
import { RpcClient } from '../transport/rpc-client';
import type { NotificationMethod, Notifications, RequestMethod, RequestParams, RequestResult } from '../protocol';

export interface ConnectionOptions {
  /**
   * host:port of the server (a bare host means port 7233). Default: the REWIND_ADDRESS environment
   * variable, else TEMPORAL_ADDRESS (as `@temporalio/envconfig` reads it), else 127.0.0.1:7233.
   */
  address?: string;
  /** How long to try the first connection. Default 5 s. */
  connectTimeout?: number;
  /** How long a call waits for the server to come back after the connection broke. Default 60 s. */
  reconnectWait?: number;
  identity?: string;
  /**
   * The server's auth token (a server started with --auth-token), sent as `Authorization: Bearer <apiKey>`
   * on every (re)connection. Default: the REWIND_AUTH_TOKEN environment variable, else TEMPORAL_API_KEY, if set.
   */
  apiKey?: string;
}

type NotificationListener = <M extends NotificationMethod>(method: M, params: Notifications[M]) => void;

export class Connection {
  private rpc!: RpcClient;
  private readonly listeners = new Set<NotificationListener>();
  private readonly reconnectListeners = new Set<() => void>();
  private readonly fatalListeners = new Set<(err: Error) => void>();
  private connectedOnce = false;
  /** Why the connection ended for good (the server refused to let it back in), if it did. */
  private fatal: Error | undefined;

  private constructor(readonly options: Readonly<ConnectionOptions>) {}

  /**
   * Connects to the server, or fails with a `ConnectionError` that says how to start one. Environment
   * variables are read here, when not given as options: REWIND_ADDRESS / TEMPORAL_ADDRESS and
   * REWIND_AUTH_TOKEN / TEMPORAL_API_KEY (Rewind's first).
   */
  static async connect(options: ConnectionOptions = {}): Promise<Connection> {
    const conn = new Connection(options);
    const authToken = resolveAuthToken(options.apiKey);
    const { address, variable } = resolveAddress(options.address);
    conn.rpc = await RpcClient.connect({
      address,
      clientName: 'client',
      ...(authToken ? { authToken } : {}),
      ...(options.identity ? { identity: options.identity } : {}),
      ...(options.connectTimeout !== undefined ? { connectTimeoutMs: options.connectTimeout } : {}),
      ...(options.reconnectWait !== undefined ? { reconnectWaitMs: options.reconnectWait } : {}),
      onNotification: (method, params) => {
        for (const l of conn.listeners) l(method as NotificationMethod, params as Notifications[NotificationMethod]);
      },
      onConnect: async () => {
        // Calls the listeners make wait until the connection is ready (just after this). A listener that
        // throws must not keep the connection from coming back.
        if (conn.connectedOnce) {
          for (const l of conn.reconnectListeners) {
            try {
              l();
            } catch {
              // The listener's own failure, not the connection's.
            }
          }
        }
        conn.connectedOnce = true;
      },
      onFatal: (err) => {
        conn.fatal = err;
        for (const l of conn.fatalListeners) l(err);
      },
      // Someone listening for pushed messages keeps the process alive, as a call in flight does.
      holdProcess: () => conn.listeners.size > 0,
    }).catch((err: unknown) => {
      throw withAddressSource(err, variable);
    });
    return conn;
  }

  /** Hears what the server pushes on this connection (the raw protocol: `history.events` of a `workflow.watch`). */
  onNotification(listener: NotificationListener): () => void {
    this.listeners.add(listener);
    this.rpc.updateRef();
    return () => {
      this.listeners.delete(listener);
      this.rpc.updateRef();
    };
  }

  /**
   * Hears when the connection came back after it broke (the server restarted, say). The server knows
   * nothing of what this connection watched before: watch again from where you were.
   */
  onReconnect(listener: () => void): () => void {
    this.reconnectListeners.add(listener);
    return () => this.reconnectListeners.delete(listener);
  }

  /** Hears why the connection ended for good: the server refused it when it came back (another auth token). */
  onFatal(listener: (err: Error) => void): () => void {
    this.fatalListeners.add(listener);
    return () => this.fatalListeners.delete(listener);
  }

  /** Calls the server (the raw protocol; prefer `Client`). */
  call<M extends RequestMethod>(method: M, params: RequestParams<M>): Promise<RequestResult<M>> {
    if (this.fatal) return Promise.reject(this.fatal);
    return this.rpc.request(method, params);
  }

  async close(): Promise<void> {
    this.rpc.close();
  }
}
