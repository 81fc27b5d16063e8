// A JSON-RPC client over one WebSocket that reconnects by itself: requests made while the server is
// away wait and are sent again once it is back (every request is safe to repeat: the server dedupes
// by request id or answers "not found" for work already done). Outgoing messages of one turn of the
// event loop go in one frame. A server that refuses the auth token ends it: no reconnecting then.
import type { Socket } from 'node:net';
import WebSocket from 'ws';
import {
  classify,
  MAX_MESSAGE_BYTES,
  packFrames,
  parseFrame,
  PROTOCOL_VERSION,
  type RequestMethod,
  type RequestParams,
  type RequestResult,
  type RpcResponse,
  utf8Bytes,
} from '../protocol';
import { toWebSocketUrl } from './address';
import { frameText } from './frame-text';
import { authorizationHeaders, refusalError } from './auth-token';
import { ConnectionError, ServiceError, UnauthenticatedError } from './connection-error';

export interface RpcClientOptions {
  address?: string;
  /** Who we are, for the server's log: 'client', 'worker', 'cli', 'extension'. */
  clientName: string;
  identity?: string;
  /**
   * Sent as `Authorization: Bearer <token>` on every (re)connection. Resolved by the caller (see auth-token.ts);
   * a function is called for each (re)connection.
   */
  authToken?: string | (() => string | undefined);
  /** How long the first connection may take. Default 5 s. */
  connectTimeoutMs?: number;
  /** How long a request waits for the server to come back after the connection broke. Default 60 s; Infinity for workers. */
  reconnectWaitMs?: number;
  /**
   * Runs after every (re)connection, before waiting requests are sent (a worker registers here);
   * requests made through `setup` go out at once and fail (rather than wait) if the connection drops.
   */
  onConnect?: (setup: SetupRequest) => Promise<void>;
  onNotification?: (method: string, params: unknown) => void;
  onDisconnect?: () => void;
  /**
   * A reconnection was refused for good (the server now wants another auth token): the client is
   * closed, waiting requests failed with `err`.
   */
  onFatal?: (err: Error) => void;
  /**
   * Whether the connection should keep the process alive with no request waiting (a worker while it
   * runs). Otherwise a script that is done exits even if it did not close its connection.
   */
  holdProcess?: () => boolean;
}

export type SetupRequest = <M extends RequestMethod>(method: M, params: RequestParams<M>) => Promise<RequestResult<M>>;

interface Pending {
  id: number;
  method: RequestMethod;
  text: string;
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
  /** Sent on the current socket (else waiting to be sent). */
  sent: boolean;
  /** Part of the connection set-up: sent before the queue, never waits for it. */
  setup: boolean;
  deadline?: ReturnType<typeof setTimeout>;
}

type State = 'connecting' | 'ready' | 'closed';

const BACKOFF_MIN_MS = 50;
const BACKOFF_MAX_MS = 2000;

export class RpcClient {
  private socket: WebSocket | undefined;
  private state: State = 'connecting';
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private outbox: string[] = [];
  private flushScheduled = false;
  private backoffMs = BACKOFF_MIN_MS;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  readonly url: string;

  private constructor(private readonly options: RpcClientOptions) {
    this.url = toWebSocketUrl(options.address);
  }

  /** Connects, or fails with a message that says how to start a server. */
  static async connect(options: RpcClientOptions): Promise<RpcClient> {
    const client = new RpcClient(options);
    try {
      await client.open(options.connectTimeoutMs ?? 5000);
    } catch (err) {
      client.close(); // no reconnecting in the background for a client the caller never got
      throw err;
    }
    return client;
  }

  /** The server's address, for messages. */
  private get where(): string {
    return this.url.replace(/^ws:\/\//, '');
  }

  get connected(): boolean {
    return this.state === 'ready';
  }

  private open(timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      // Read inside the promise: a token function that throws fails this attempt, as a refusal would.
      const authToken = typeof this.options.authToken === 'function' ? this.options.authToken() : this.options.authToken;
      // The server may send whole histories: allow large frames in (it limits what it takes to 16 MB).
      const socket = new WebSocket(this.url, {
        perMessageDeflate: false,
        handshakeTimeout: timeoutMs,
        maxPayload: 512 * 1024 * 1024,
        headers: authorizationHeaders(authToken),
      });
      let opened = false;
      // An HTTP answer instead of an upgrade (401: the auth token): read its reason, then give up this socket.
      socket.once('unexpected-response', (_req, res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          if (body.length < 1000) body += chunk;
        });
        res.once('close', () => {
          reject(refusalError(this.where, res.statusCode ?? 0, body, authToken !== undefined));
          socket.terminate();
        });
      });
      socket.once('open', () => {
        opened = true;
        this.attach(socket).then(resolve, (err: Error) => {
          socket.terminate();
          reject(err);
        });
      });
      socket.once('error', (err) => {
        if (opened) return;
        reject(
          new ConnectionError(
            `Cannot connect to the Rewind server at ${this.where}: ${err.message}. ` +
              "Is it running? Start it with `npx rewind server start` (or `npx rewind dev` in your project, which runs your workflows too; `npm start` in Rewind's own repository), or pass the right address.",
            { cause: err },
          ),
        );
      });
    });
  }

  /** Lets the process exit when nothing waits on this connection (see `holdProcess`). */
  updateRef(): void {
    const hold = this.pending.size > 0 || (this.options.holdProcess?.() ?? false);
    const raw = (this.socket as unknown as { _socket?: Socket } | undefined)?._socket;
    if (hold) {
      raw?.ref();
      this.reconnectTimer?.ref();
    } else {
      raw?.unref();
      this.reconnectTimer?.unref();
    }
  }

  /** Wires a fresh socket: handshake, the owner's set-up, then everything that waited. */
  private async attach(socket: WebSocket): Promise<void> {
    this.socket = socket;
    socket.on('message', (data) => this.onFrame(frameText(data)));
    socket.on('close', () => this.onClose(socket));
    socket.on('error', () => undefined);
    const setup: SetupRequest = (method, params) => this.call(method, params, true);
    await setup('handshake', {
      protocolVersion: PROTOCOL_VERSION,
      client: this.options.clientName,
      ...(this.options.identity ? { identity: this.options.identity } : {}),
    });
    await this.options.onConnect?.(setup);
    if (socket !== this.socket) throw new ConnectionError('The connection closed during set-up.');
    this.state = 'ready';
    this.backoffMs = BACKOFF_MIN_MS;
    for (const p of this.pending.values()) if (!p.sent) this.transmit(p);
    this.updateRef();
  }

  private onClose(socket: WebSocket): void {
    if (socket !== this.socket) return;
    this.socket = undefined;
    for (const p of [...this.pending.values()]) {
      p.sent = false;
      if (p.setup) this.finish(p, new ConnectionError('The connection closed during set-up.'));
      else this.armDeadline(p);
    }
    this.outbox = [];
    if (this.state === 'closed') return;
    this.state = 'connecting';
    this.options.onDisconnect?.();
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.state === 'closed' || this.reconnectTimer) return;
    const delay = this.backoffMs * (0.75 + Math.random() * 0.5);
    this.backoffMs = Math.min(this.backoffMs * 2, BACKOFF_MAX_MS);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      if (this.state === 'closed') return;
      this.open(5000).catch((err: Error) => {
        if (err instanceof UnauthenticatedError) this.fail(err);
        else this.scheduleReconnect();
      });
    }, delay);
    this.updateRef();
  }

  /** Closes for good, failing what waits with `err` (retrying cannot help), and tells the owner. */
  private fail(err: Error): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    for (const p of [...this.pending.values()]) this.finish(p, err);
    this.options.onFatal?.(err);
  }

  private onFrame(text: string): void {
    const frame = parseFrame(text);
    if (!frame.ok) return;
    for (const message of frame.messages) {
      const c = classify(message);
      if (c.kind === 'response') this.onResponse(c.message);
      else if (c.kind === 'notification') this.options.onNotification?.(c.message.method, c.message.params);
    }
  }

  private onResponse(message: RpcResponse): void {
    if (typeof message.id !== 'number') return;
    const p = this.pending.get(message.id);
    if (!p) return;
    if ('error' in message) {
      this.finish(p, new ServiceError(message.error.message, { rpcCode: message.error.code, data: message.error.data }));
    } else {
      this.finish(p, undefined, message.result);
    }
  }

  private finish(p: Pending, err: Error | undefined, value?: unknown): void {
    this.pending.delete(p.id);
    if (this.pending.size === 0) this.updateRef();
    if (p.deadline) clearTimeout(p.deadline);
    if (err) p.reject(err);
    else p.resolve(value);
  }

  /**
   * Sends a request; waits through reconnections (up to `reconnectWaitMs`). With `timeoutMs`, gives
   * up after that long whatever happens (the request may still have reached the server).
   */
  request<M extends RequestMethod>(method: M, params: RequestParams<M>, options: { timeoutMs?: number } = {}): Promise<RequestResult<M>> {
    return this.call(method, params, false, options.timeoutMs);
  }

  private call<M extends RequestMethod>(
    method: M,
    params: RequestParams<M>,
    setup: boolean,
    timeoutMs?: number,
  ): Promise<RequestResult<M>> {
    if (this.state === 'closed') return Promise.reject(new ConnectionError('The connection to the Rewind server is closed.'));
    const id = this.nextId++;
    const text = JSON.stringify({ jsonrpc: '2.0', id, method, params });
    const bytes = utf8Bytes(text);
    if (bytes > MAX_MESSAGE_BYTES) {
      return Promise.reject(
        new ServiceError(
          `The ${method} request is ${(bytes / 1048576).toFixed(1)} MB, more than the server takes (${MAX_MESSAGE_BYTES / 1048576} MB): send less data at once.`,
          { rpcCode: -32600, data: { status: 'RESOURCE_EXHAUSTED' } },
        ),
      );
    }
    return new Promise<RequestResult<M>>((resolve, reject) => {
      const p: Pending = { id, method, text, resolve: resolve as (v: unknown) => void, reject, sent: false, setup };
      this.pending.set(id, p);
      if (this.pending.size === 1) this.updateRef();
      if (timeoutMs !== undefined) {
        setTimeout(() => {
          if (this.pending.get(id) === p) this.finish(p, new ConnectionError(`No answer to ${method} within ${timeoutMs} ms.`));
        }, timeoutMs).unref();
      }
      if (this.state === 'ready' || setup) this.transmit(p);
      else this.armDeadline(p);
    });
  }

  private armDeadline(p: Pending): void {
    const wait = this.options.reconnectWaitMs ?? 60_000;
    if (!Number.isFinite(wait) || p.deadline) return;
    p.deadline = setTimeout(() => {
      if (p.sent) return;
      this.finish(
        p,
        new ConnectionError(
          `Lost the connection to the Rewind server at ${this.where} and it did not come back within ${wait / 1000} s (${p.method}).`,
        ),
      );
    }, wait);
  }

  private transmit(p: Pending): void {
    if (!this.socket) {
      this.armDeadline(p);
      return;
    }
    p.sent = true;
    if (p.deadline) {
      clearTimeout(p.deadline);
      p.deadline = undefined;
    }
    this.outbox.push(p.text);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
  }

  private flush(): void {
    this.flushScheduled = false;
    const out = this.outbox;
    this.outbox = [];
    if (!this.socket || out.length === 0) return;
    for (const frame of packFrames(out, MAX_MESSAGE_BYTES)) this.socket.send(frame);
  }

  close(): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    for (const p of [...this.pending.values()]) this.finish(p, new ConnectionError('The connection was closed.'));
    this.socket?.close();
    this.socket = undefined;
  }
}
