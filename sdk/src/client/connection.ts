// Connection to a Rewind server, as Temporal's `Connection` (address 'host:port'; by default the
// environment's REWIND_ADDRESS or TEMPORAL_ADDRESS, else 127.0.0.1:7233).
import { definedFields } from '../common/defined-fields';
import { connectToServer } from '../transport/connect-to-server';
import { ConnectionError, ServiceError } from '../transport/connection-error';
import { checkGrpcOnlyOptions, type GrpcOnlyOptions } from '../transport/grpc-only-options';
import { RawServices, type CallContext } from '../transport/raw-services';
import { RawServiceScopes } from '../transport/raw-service-scopes';
import type { RpcClient } from '../transport/rpc-client';
import { msToNumber, type Duration } from '../common/duration';
import type { NotificationMethod, Notifications, RequestMethod, RequestParams, RequestResult } from '../protocol';
import type { RefusedMember } from '../common/refused-members';

/**
 * What {@link Connection.connect} and {@link Connection.lazy} take: Temporal's `ConnectionOptions`, those that
 * apply. Of Temporal's gRPC options, `tls` is refused when it asks for TLS (Rewind's server speaks plain
 * WebSocket: a connection that silently dropped TLS would send in the clear what was meant to be encrypted),
 * and `metadata` goes with the calls of the raw gRPC services ({@link Connection.workflowService}…).
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
export class Connection extends RawServiceScopes {
  // Temporal's members that Rewind does not have, refused with why and what to use (common/refused-members.ts).
  /** @deprecated Connection.Client (Temporal's) is not in Rewind: see the type's text. */
  declare static readonly Client: RefusedMember<'Connection.Client', 'grpcClientClass'>;
  /** @deprecated Connection.plugins (Temporal's) is not in Rewind: see the type's text. */
  declare readonly plugins: RefusedMember<'Connection.plugins', 'plugins'>;

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
  /** The auth token set by {@link setApiKey}, which replaces the options'. */
  private apiKeySet: string | (() => string) | undefined;

  protected readonly raw: RawServices;

  private constructor(readonly options: Readonly<ConnectionOptions>) {
    super();
    this.raw = new RawServices({
      address: this.options.address,
      apiKey: () => this.apiKeyNow(),
      metadata: () => this.options.metadata,
      callContext: () => this.callContextStorage.getStore(),
    });
  }

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

  /** The auth token to send now: the one set by {@link setApiKey}, else the options' (a function is called). */
  private apiKeyNow(): string | undefined {
    const apiKey = this.apiKeySet ?? this.options.apiKey;
    return typeof apiKey === 'function' ? apiKey() : apiKey;
  }

  private open(): Promise<RpcClient> {
    const { connectTimeout } = this.options;
    return connectToServer(
      {
        ...definedFields({
          address: this.options.address,
          identity: this.options.identity,
          reconnectWait: this.options.reconnectWait,
          connectTimeout: connectTimeout === undefined ? undefined : msToNumber(connectTimeout),
        }),
        // Read at each (re)connection, so that setApiKey applies to the next one.
        apiKey: () => this.apiKeyNow() ?? '',
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
    const cc = this.callContextStorage.getStore();
    if (cc?.deadline !== undefined || cc?.abortSignal) return this.callWithin(method, params, cc);
    if (this.rpc) return this.rpc.request(method, params);
    return this.rpcClient().then((rpc) => rpc.request(method, params));
  }

  /**
   * Runs `fn` with another auth token for the raw services' calls it makes (`Authorization: Bearer <apiKey>`),
   * as Temporal's. The connection's own WebSocket keeps the token it connected with.
   *
   * @returns what `fn` returns.
   */
  withApiKey<R>(apiKey: string, fn: () => Promise<R>): Promise<R> {
    return this.withMetadata({ authorization: `Bearer ${apiKey}` }, fn);
  }

  /**
   * Replaces the auth token (Temporal's `setApiKey`): the raw services' next calls send it, and the
   * connection sends it when it next (re)connects. A function is called for each.
   */
  setApiKey(apiKey: string | (() => string)): void {
    this.apiKeySet = apiKey;
  }

  /** A call under a deadline or an abort signal: it fails when either comes first. */
  private async callWithin<M extends RequestMethod>(method: M, params: RequestParams<M>, cc: CallContext): Promise<RequestResult<M>> {
    const { abortSignal } = cc;
    const deadline = cc.deadline instanceof Date ? cc.deadline.getTime() : cc.deadline;
    const cancelled = (): ServiceError =>
      new ServiceError(`The ${method} call was cancelled: its abort signal fired.`, {
        ...(abortSignal?.reason instanceof Error ? { cause: abortSignal.reason } : {}),
        data: { status: 'CANCELLED' },
      });
    const expired = (): ServiceError =>
      new ServiceError(`The ${method} call did not finish before its deadline (withDeadline).`, { data: { status: 'DEADLINE_EXCEEDED' } });
    if (abortSignal?.aborted) throw cancelled();
    if (deadline !== undefined && deadline <= Date.now()) throw expired();
    const rpc = this.rpc ?? (await this.rpcClient());
    const timeoutMs = deadline === undefined ? undefined : Math.max(1, deadline - Date.now());
    const request = rpc.request(method, params, timeoutMs === undefined ? {} : { timeoutMs }).catch((err: unknown) => {
      // The RPC client's own timeout is the deadline.
      if (deadline !== undefined && err instanceof ConnectionError && Date.now() >= deadline) throw expired();
      throw err;
    });
    if (!abortSignal) return request;
    return new Promise<RequestResult<M>>((resolve, reject) => {
      const onAbort = (): void => reject(cancelled());
      abortSignal.addEventListener('abort', onAbort, { once: true });
      request.then(resolve, reject).finally(() => abortSignal.removeEventListener('abort', onAbort));
    });
  }

  /** Closes the connection: calls still waiting fail (a lazy connection that never connected has nothing to close). */
  async close(): Promise<void> {
    this.closed = true;
    this.raw.close();
    this.rpc?.close();
    if (this.connecting) {
      const rpc = await this.connecting.catch(() => undefined);
      rpc?.close();
    }
  }
}
