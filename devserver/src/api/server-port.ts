// The server's one port, shared by both dialects: each connection's first bytes say which it speaks.
// HTTP/2 (its preface starts "PRI * HTTP/2.0") is Temporal's gRPC API; anything else is HTTP/1.1 — the
// WebSocket upgrade of Rewind's own protocol, or the plain-text hello. So unchanged Temporal code and
// Rewind's own clients both find the server at 127.0.0.1:7233.
import net from 'node:net';
import { Duplex } from 'node:stream';

/** Where a connection goes once its dialect is known. */
export interface PortRoutes {
  http1(socket: net.Socket): void;
  http2(stream: Duplex): void;
}

export interface ListenOptions {
  host: string;
  port: number;
}

export class PortInUseError extends Error {
  override readonly name = 'PortInUseError';
}

const HTTP2_PREFACE_START = Buffer.from('PRI ');

export class ServerPort {
  private readonly server: net.Server;
  private readonly sockets = new Set<net.Socket>();

  constructor(private readonly routes: PortRoutes) {
    this.server = net.createServer((socket) => {
      // Small request/answer messages both ways: Nagle's algorithm would hold each back ~40 ms for the peer's ACK.
      socket.setNoDelay(true);
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
      this.route(socket);
    });
  }

  /** Reads until the first bytes tell the dialect, puts them back, and hands the socket on. */
  private route(socket: net.Socket): void {
    let head = Buffer.alloc(0);
    const onData = (chunk: Buffer): void => {
      head = Buffer.concat([head, chunk]);
      const known = Math.min(head.length, HTTP2_PREFACE_START.length);
      const http2 = head.subarray(0, known).equals(HTTP2_PREFACE_START.subarray(0, known));
      if (http2 && head.length < HTTP2_PREFACE_START.length) return; // Not enough to tell yet.
      socket.off('data', onData);
      socket.pause();
      if (http2) {
        this.routes.http2(replaying(socket, head));
      } else {
        socket.unshift(head);
        this.routes.http1(socket);
        socket.resume();
      }
    };
    socket.on('data', onData);
    socket.on('error', () => socket.destroy());
  }

  listen(options: ListenOptions): Promise<{ host: string; port: number }> {
    return new Promise((resolve, reject) => {
      const onError = (err: NodeJS.ErrnoException): void => {
        if (err.code === 'EADDRINUSE') {
          reject(
            new PortInUseError(
              `Port ${options.port} on ${options.host} is already in use: is another Rewind (or Temporal) server running? ` +
                `Stop it, or start this one on another port: --port 7300, or REWIND_ADDRESS=127.0.0.1:7300 in the environment ` +
                `(npm start, rewind dev and your clients all read it).`,
            ),
          );
        } else if (err.code === 'EADDRNOTAVAIL') {
          reject(new Error(`Cannot listen on ${options.host}: this machine has no such address. Use --ip 127.0.0.1.`));
        } else reject(err);
      };
      this.server.once('error', onError);
      this.server.listen(options.port, options.host, () => {
        this.server.off('error', onError);
        const addr = this.server.address();
        resolve({ host: options.host, port: typeof addr === 'object' && addr ? addr.port : options.port });
      });
    });
  }

  /** Stops listening and ends every connection still open. */
  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }
}

/**
 * The socket as a stream that gives the bytes already read first. Node's HTTP/2 session reads its
 * socket's handle directly, so bytes read to tell the dialect would be lost to it (it then refuses the
 * connection's preface); given a plain stream, it reads through it instead.
 */
function replaying(socket: net.Socket, head: Buffer): Duplex {
  const stream = new Duplex({
    read: () => void socket.resume(),
    write: (chunk: Buffer, _encoding, done) => void socket.write(chunk, done),
    // HTTP/2 writes its frames in batches (corked): one system call for each batch, not one per frame.
    writev: (chunks: { chunk: Buffer }[], done) => {
      socket.cork();
      for (let i = 0; i < chunks.length - 1; i++) socket.write(chunks[i]!.chunk);
      socket.write(chunks[chunks.length - 1]!.chunk, done);
      socket.uncork();
    },
    final: (done) => void socket.end(done),
    destroy: (err, done) => {
      socket.destroy(err ?? undefined);
      done(err);
    },
  });
  stream.push(head);
  socket.on('data', (chunk: Buffer) => {
    if (!stream.push(chunk)) socket.pause();
  });
  socket.once('end', () => stream.push(null));
  socket.once('close', () => stream.destroy());
  // What gRPC reads of a connection's peer.
  Object.defineProperties(stream, {
    remoteAddress: { get: () => socket.remoteAddress },
    remotePort: { get: () => socket.remotePort },
    localAddress: { get: () => socket.localAddress },
    localPort: { get: () => socket.localPort },
  });
  return stream;
}
