// One WebSocket peer: parses frames, routes requests to handlers, batches what it sends per turn of
// the event loop. A malformed message gets a JSON-RPC error; the connection and the server stay up.
import type WebSocket from 'ws';
import {
  classify,
  JSON_RPC_ERRORS,
  MAX_MESSAGE_BYTES,
  packFrames,
  parseFrame,
  requestSchemas,
  type NotificationMethod,
  type Notifications,
  type RequestId,
  type RequestMethod,
  type RpcErrorObject,
} from '@rewind/sdk/protocol';
import type { Logger } from '../service/logger';
import { toRpcError } from './errors';
import type { HandlerConnection, Handlers } from './handlers';

const hasOwn = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

export class Connection implements HandlerConnection {
  private outbox: string[] = [];
  private flushing = false;
  private handshaken = false;
  private readonly closeHooks: (() => void)[] = [];
  closed = false;

  constructor(
    readonly id: number,
    private readonly socket: WebSocket,
    private readonly handlers: Handlers,
    private readonly log: Logger,
  ) {}

  onClose(fn: () => void): void {
    if (this.closed) fn();
    else this.closeHooks.push(fn);
  }

  handleClose(): void {
    if (this.closed) return;
    this.closed = true;
    for (const fn of this.closeHooks.splice(0)) fn();
  }

  notify = <M extends NotificationMethod>(method: M, params: Notifications[M]): void => {
    this.send(JSON.stringify({ jsonrpc: '2.0', method, params }));
  };

  private send(text: string): void {
    if (this.closed) return;
    this.outbox.push(text);
    if (!this.flushing) {
      this.flushing = true;
      setImmediate(() => this.flush());
    }
  }

  flush(): void {
    this.flushing = false;
    const out = this.outbox;
    this.outbox = [];
    if (this.closed || out.length === 0) return;
    for (const frame of packFrames(out, MAX_MESSAGE_BYTES)) this.socket.send(frame);
  }

  private respond(id: RequestId, result: unknown): void {
    this.send(JSON.stringify({ jsonrpc: '2.0', id, result }));
  }

  private respondError(id: RequestId | null, error: RpcErrorObject): void {
    this.send(JSON.stringify({ jsonrpc: '2.0', id, error }));
  }

  handleFrame(text: string): void {
    const frame = parseFrame(text);
    if (!frame.ok) {
      this.respondError(null, { code: JSON_RPC_ERRORS.PARSE_ERROR, message: `Parse error: ${frame.error}.` });
      return;
    }
    for (const message of frame.messages) {
      const c = classify(message);
      switch (c.kind) {
        case 'invalid':
          this.respondError(c.id, { code: JSON_RPC_ERRORS.INVALID_REQUEST, message: `Invalid request: ${c.error}.` });
          break;
        case 'request':
          this.handleRequest(c.message.id, c.message.method, c.message.params);
          break;
        case 'notification':
        case 'response':
          // Peers send no notifications or responses to the server; ignore them.
          break;
      }
    }
  }

  private handleRequest(id: RequestId, method: string, params: unknown): void {
    if (!hasOwn(requestSchemas, method)) {
      const known = Object.keys(requestSchemas).join(', ');
      this.respondError(id, { code: JSON_RPC_ERRORS.METHOD_NOT_FOUND, message: `Method not found: ${method}. Known methods: ${known}.` });
      return;
    }
    const m = method as RequestMethod;
    if (!this.handshaken && m !== 'handshake') {
      this.respondError(id, {
        code: JSON_RPC_ERRORS.INVALID_REQUEST,
        message: 'The first request on a connection must be "handshake" (with protocolVersion and client).',
      });
      return;
    }
    let pending: unknown;
    try {
      const parsed = requestSchemas[m].parse(params ?? {}, '');
      pending = (this.handlers[m] as (conn: HandlerConnection, p: unknown) => unknown)(this, parsed);
    } catch (err) {
      this.respondError(id, toRpcError(err, m, this.log));
      return;
    }
    Promise.resolve(pending).then(
      (result) => {
        if (m === 'handshake') this.handshaken = true;
        this.respond(id, result);
      },
      (err: unknown) => this.respondError(id, toRpcError(err, m, this.log)),
    );
  }
}
