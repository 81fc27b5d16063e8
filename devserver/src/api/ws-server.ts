// Rewind's own dialect on the server's port: HTTP/1.1 for a plain-text hello, WebSocket for the
// protocol (server-port.ts hands it the connections that are not HTTP/2). Upgrades that carry an Origin
// header (a web page in a browser) are refused: a page must not drive your workflows. With an auth
// token, every request (upgrade or hello) must carry it as `Authorization: Bearer <token>`.
import http from 'node:http';
import type net from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { MAX_MESSAGE_BYTES } from '@rewind/sdk/protocol';
import { frameText } from '@rewind/sdk/internal/transport/frame-text';
import type { Logger } from '../service/logger';
import type { RewindService } from '../service/rewind-service';
import { SERVER_VERSION } from '../version';
import { AuthCheck, REFUSAL_REASON } from './auth-check';
import { Connection } from './connection';
import { createHandlers } from './handlers';

export class WsApi {
  private readonly http: http.Server;
  private readonly wss: WebSocketServer;
  private readonly connections = new Set<Connection>();
  private nextId = 1;

  private readonly auth: AuthCheck | undefined;

  constructor(
    private readonly service: RewindService,
    private readonly log: Logger,
    authToken?: string,
  ) {
    this.auth = authToken ? new AuthCheck(authToken) : undefined;
    const handlers = createHandlers(service);
    service.flushEarly = () => {
      for (const conn of this.connections) conn.flush();
    };
    this.http = http.createServer((req, res) => {
      const refusal = this.refusal(req);
      if (refusal) {
        res.writeHead(401, { 'content-type': 'text/plain; charset=utf-8', 'www-authenticate': 'Bearer' });
        res.end(refusal);
        return;
      }
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`Rewind server ${SERVER_VERSION}. Connect with a Rewind client, worker or the rewind CLI.\n`);
    });
    this.wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES, perMessageDeflate: false });
    this.http.on('upgrade', (req, socket, head) => {
      const origin = req.headers.origin;
      if (origin !== undefined) {
        this.log.warn(`Refused a WebSocket connection from a web page (Origin: ${origin.slice(0, 200)}).`);
        socket.end('HTTP/1.1 403 Forbidden\r\ncontent-type: text/plain\r\n\r\nRewind does not accept connections from web pages.\n');
        return;
      }
      const refusal = this.refusal(req);
      if (refusal) {
        refuseUpgrade(socket, refusal);
        return;
      }
      this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, handlers));
    });
  }

  /** Why a request without the right auth token is refused (logged, without any token); undefined to let it in. */
  private refusal(req: http.IncomingMessage): string | undefined {
    const outcome = this.auth?.check(req.headers.authorization) ?? 'ok';
    if (outcome === 'ok') return undefined;
    const reason = REFUSAL_REASON[outcome];
    this.log.warn(`Refused a connection from ${req.socket.remoteAddress ?? 'an unknown address'}: ${reason}.`);
    return `Rewind refused the connection: ${reason}. Clients take the token from REWIND_AUTH_TOKEN, apiKey or --auth-token.\n`;
  }

  private accept(ws: import('ws').WebSocket, handlers: ReturnType<typeof createHandlers>): void {
    const conn = new Connection(this.nextId++, ws, handlers, this.log);
    this.connections.add(conn);
    ws.on('message', (data) => conn.handleFrame(frameText(data)));
    ws.on('error', (err) => this.log.debug(`Connection ${conn.id}: ${err.message}`));
    ws.on('close', () => {
      this.connections.delete(conn);
      conn.handleClose();
      this.service.queries.connectionClosed(conn.id);
      void this.service.workers.connectionClosed(conn.id);
    });
  }

  /** A connection of this dialect, from the server's port. */
  handleConnection(socket: net.Socket): void {
    this.http.emit('connection', socket);
  }

  close(): void {
    for (const ws of this.wss.clients) ws.terminate();
    this.wss.close();
  }
}

/** Answers an upgrade with 401 and a plain-text reason, then closes the socket. */
function refuseUpgrade(socket: Duplex, reason: string): void {
  socket.end(
    'HTTP/1.1 401 Unauthorized\r\n' +
      'content-type: text/plain; charset=utf-8\r\n' +
      'www-authenticate: Bearer\r\n' +
      `content-length: ${Buffer.byteLength(reason)}\r\n` +
      'connection: close\r\n\r\n' +
      reason,
  );
}
