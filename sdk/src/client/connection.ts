// Connection to a Rewind server, as Temporal's `Connection` (address 'host:port'; by default the
// environment's REWIND_ADDRESS or TEMPORAL_ADDRESS, else 127.0.0.1:7233).
import { connectToServer } from '../transport/connect-to-server';
import type { RpcClient } from '../transport/rpc-client';
import type { NotificationMethod, Notifications, RequestMethod, RequestParams, RequestResult } from '../protocol';

/** What {@link Connection.connect} takes (Temporal's `ConnectionOptions`, those that apply; no TLS). */
export interface ConnectionOptions {
  /**
   * `host:port` of the server (a bare host means port 7233). An empty environment variable counts as unset.
   *
   * @default `REWIND_ADDRESS`, else `TEMPORAL_ADDRESS` (as `@temporalio/envconfig` reads it), else `127.0.0.1:7233`
   */
  address?: string;
  /**
   * How long to try the first connection, in milliseconds, before `connect()` fails with a `ConnectionError`.
   *
   * @default 5000
   */
  connectTimeout?: number;
  /**
   * How long, in milliseconds, a call waits for the server to come back after the connection broke
   * before it fails with a `ConnectionError` (calls made meanwhile are sent once it is back).
   *
   * @default 60000
   */
  reconnectWait?: number;
  /** Who is connecting, for the server's log. */
  identity?: string;
  /**
   * The server's auth token (a server started with `--auth-token`), sent as `Authorization: Bearer <apiKey>`
   * on every (re)connection.
   *
   * @default `REWIND_AUTH_TOKEN`, else `TEMPORAL_API_KEY`, if set
   */
  apiKey?: string;
}

type NotificationListener = <M extends NotificationMethod>(method: M, params: Notifications[M]) => void;

/**
 * A client's connection to a Rewind server (Temporal's `Connection`): one WebSocket, made by
 * {@link Connection.connect}, that reconnects by itself when the server goes away (calls made meanwhile
 * wait and are sent once it is back). Give it to `new Client({ connection })`; several clients may share
 * it. {@link close} it when done (a script that is done exits even if it did not).
 */
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
   * Connects to the server. The address and the auth token come from the options, else from the
   * environment, read here: `REWIND_ADDRESS` / `TEMPORAL_ADDRESS` and `REWIND_AUTH_TOKEN` /
   * `TEMPORAL_API_KEY` (Rewind's first), so scripts written for Temporal work unchanged.
   *
   * @throws ConnectionError if no server answers within `connectTimeout`: the message names the address,
   *   the variable it came from, and how to start a server.
   * @throws UnauthenticatedError if the server requires an auth token and this one is missing or wrong.
   */
  static async connect(options: ConnectionOptions = {}): Promise<Connection> {
    const conn = new Connection(options);
    conn.rpc = await connectToServer(options, {
      clientName: 'client',
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

  /** Closes the connection: calls still waiting fail. */
  async close(): Promise<void> {
    this.rpc.close();
  }
}
