// Connection to a Rewind server, as Temporal's `Connection` (address 'host:port'; by default the
// environment's REWIND_ADDRESS or TEMPORAL_ADDRESS, else 127.0.0.1:7233).
import { definedFields } from '../common/defined-fields';
import { connectToServer } from '../transport/connect-to-server';
import { ConnectionError } from '../transport/connection-error';
import { checkGrpcOnlyOptions, type GrpcOnlyOptions } from '../transport/grpc-only-options';
import type { RpcClient } from '../transport/rpc-client';
import { msToNumber, type Duration } from '../common/duration';
import type { NotificationMethod, Notifications, RequestMethod, RequestParams, RequestResult } from '../protocol';

/**
 * What {@link Connection.connect} and {@link Connection.lazy} take: Temporal's `ConnectionOptions`, those that
 * apply. Of Temporal's gRPC options, `tls` is refused when it asks for TLS (Rewind's server speaks plain
 * WebSocket: a connection that silently dropped TLS would send in the clear what was meant to be encrypted),
 * and `metadata` is ignored with a warning (Rewind's server reads no per-call headers).
 */
export interface ConnectionOptions extends GrpcOnlyOptions {
  /**
   * `host:port` of the server (a bare host means port 7233). An empty environment variable counts as unset.
   *
   * @default `REWIND_ADDRESS`, else `TEMPORAL_ADDRESS` (as `@temporalio/envconfig` reads it), else `127.0.0.1:7233`
   */
  address?: string;
  /**
   * How long to try the first connection (milliseconds, or a string like `'10s'`), before `connect()` fails
   * with a `ConnectionError`.
   *
   * @default 5000
   */
  connectTimeout?: Duration;
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
   * on every (re)connection. A function is called for each (re)connection, as Temporal calls it for each call.
   *
   * @default `REWIND_AUTH_TOKEN`, else `TEMPORAL_API_KEY`, if set
   */
  apiKey?: string | (() => string);
}

type NotificationListener = <M extends NotificationMethod>(method: M, params: Notifications[M]) => void;

/**
 * A client's connection to a Rewind server (Temporal's `Connection`): one WebSocket, made by
 * {@link Connection.connect}, that reconnects by itself when the server goes away (calls made meanwhile
 * wait and are sent once it is back). Give it to `new Client({ connection })`; several clients may share
 * it. {@link close} it when done (a script that is done exits even if it did not).
 */
export class Connection {
  /** The RPC client, once connected. */
  private rpc: RpcClient | undefined;
  /** The first connection, once asked for (at once by {@link connect}, on the first call of a lazy one). */
  private connecting: Promise<RpcClient> | undefined;
  private readonly listeners = new Set<NotificationListener>();
  private readonly reconnectListeners = new Set<() => void>();
  private readonly fatalListeners = new Set<(err: Error) => void>();
  private connectedOnce = false;
  /** Why the connection ended for good (the server refused to let it back in), if it did. */
  private fatal: Error | undefined;
  private closed = false;

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
    const conn = Connection.lazy(options);
    await conn.ensureConnected();
    return conn;
  }

  /**
   * A connection that connects on its first call (as Temporal's `Connection.lazy`; `new Client()` without
   * a connection makes one). Options and environment are as {@link connect}'s, read when it connects; a
   * failure to connect rejects that first call (and each later one tries again).
   *
   * @throws TypeError at once if the options ask for what Rewind cannot do (`tls`).
   */
  static lazy(options: ConnectionOptions = {}): Connection {
    checkGrpcOnlyOptions(options, 'Connection');
    return new Connection(options);
  }

  /**
   * Connects if not yet connected (a lazy connection), and resolves once connected.
   *
   * @throws ConnectionError, UnauthenticatedError as {@link connect}.
   */
  async ensureConnected(): Promise<void> {
    await this.rpcClient();
  }

  private rpcClient(): Promise<RpcClient> {
    if (this.rpc) return Promise.resolve(this.rpc);
    if (this.closed) return Promise.reject(new ConnectionError('The connection to the Rewind server is closed.'));
    if (!this.connecting) {
      this.connecting = this.open().then(
        (rpc) => {
          this.rpc = rpc;
          rpc.updateRef();
          return rpc;
        },
        (err: unknown) => {
          this.connecting = undefined;
          throw err;
        },
      );
    }
    return this.connecting;
  }

  private open(): Promise<RpcClient> {
    const { apiKey, connectTimeout } = this.options;
    return connectToServer(
      {
        ...definedFields({
          address: this.options.address,
          identity: this.options.identity,
          reconnectWait: this.options.reconnectWait,
          connectTimeout: connectTimeout === undefined ? undefined : msToNumber(connectTimeout),
        }),
        ...(apiKey === undefined ? {} : { apiKey }),
      },
      {
        clientName: 'client',
        onNotification: (method, params) => {
          for (const l of this.listeners) l(method as NotificationMethod, params as Notifications[NotificationMethod]);
        },
        onConnect: async () => {
          // Calls the listeners make wait until the connection is ready (just after this). A listener that
          // throws must not keep the connection from coming back.
          if (this.connectedOnce) {
            for (const l of this.reconnectListeners) {
              try {
                l();
              } catch {
                // The listener's own failure, not the connection's.
              }
            }
          }
          this.connectedOnce = true;
        },
        onFatal: (err) => {
          this.fatal = err;
          for (const l of this.fatalListeners) l(err);
        },
        // Someone listening for pushed messages keeps the process alive, as a call in flight does.
        holdProcess: () => this.listeners.size > 0,
      },
    );
  }

  /** Hears what the server pushes on this connection (the raw protocol: `history.events` of a `workflow.watch`). */
  onNotification(listener: NotificationListener): () => void {
    this.listeners.add(listener);
    this.rpc?.updateRef();
    return () => {
      this.listeners.delete(listener);
      this.rpc?.updateRef();
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
    if (this.rpc) return this.rpc.request(method, params);
    return this.rpcClient().then((rpc) => rpc.request(method, params));
  }

  /** Closes the connection: calls still waiting fail (a lazy connection that never connected has nothing to close). */
  async close(): Promise<void> {
    this.closed = true;
    this.rpc?.close();
    if (this.connecting) {
      const rpc = await this.connecting.catch(() => undefined);
      rpc?.close();
    }
  }
}
