// The server's one port: HTTP for a plain-text hello, WebSocket for the protocol. Upgrades that carry
// an Origin header (a web page in a browser) are refused: a page must not drive your workflows.
import http from 'node:http';
import { WebSocketServer } from 'ws';
import { MAX_MESSAGE_BYTES } from '@rewind/sdk/protocol';
import type { Logger } from '../service/logger';
import type { RewindService } from '../service/rewind-service';
import { SERVER_VERSION } from '../version';
import { Connection } from './connection';
import { createHandlers } from './handlers';

export interface ListenOptions {
  host: string;
  port: number;
}

export class PortInUseError extends Error {
  override readonly name = 'PortInUseError';
}

export class WsApi {
  private readonly http: http.Server;
  private readonly wss: WebSocketServer;
  private readonly connections = new Set<Connection>();
  private nextId = 1;

  constructor(
    private readonly service: RewindService,
    private readonly log: Logger,
  ) {
    const handlers = createHandlers(service);
    service.flushEarly = () => {
      for (const conn of this.connections) conn.flush();
    };
    this.http = http.createServer((_req, res) => {
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
      this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, handlers));
    });
  }

  private accept(ws: import('ws').WebSocket, handlers: ReturnType<typeof createHandlers>): void {
    const conn = new Connection(this.nextId++, ws, handlers, this.log);
    this.connections.add(conn);
    ws.on('message', (data, isBinary) => {
      conn.handleFrame(isBinary ? Buffer.from(data as Buffer).toString('utf8') : data.toString());
    });
    ws.on('error', (err) => this.log.debug(`Connection ${conn.id}: ${err.message}`));
    ws.on('close', () => {
      this.connections.delete(conn);
      conn.handleClose();
      this.service.queries.connectionClosed(conn.id);
      void this.service.workers.connectionClosed(conn.id);
    });
  }

  listen(options: ListenOptions): Promise<{ host: string; port: number }> {
    return new Promise((resolve, reject) => {
      const onError = (err: NodeJS.ErrnoException): void => {
        if (err.code === 'EADDRINUSE') {
          reject(
            new PortInUseError(
              `Port ${options.port} on ${options.host} is already in use: is another Rewind (or Temporal) server running? ` +
                `Stop it, or start this one with --port <another port>.`,
            ),
          );
        } else if (err.code === 'EADDRNOTAVAIL') {
          reject(new Error(`Cannot listen on ${options.host}: this machine has no such address. Use --ip 127.0.0.1.`));
        } else reject(err);
      };
      this.http.once('error', onError);
      this.http.listen(options.port, options.host, () => {
        this.http.off('error', onError);
        const addr = this.http.address();
        resolve({ host: options.host, port: typeof addr === 'object' && addr ? addr.port : options.port });
      });
    });
  }

  async close(): Promise<void> {
    for (const ws of this.wss.clients) ws.terminate();
    this.wss.close();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }
}
