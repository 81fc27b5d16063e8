// A raw WebSocket peer for protocol tests: sends text, collects the replies to its requests and the
// server's notifications (a worker's task pushes) apart.
import WebSocket from 'ws';
import { frameText } from '@rewind/sdk/internal/transport/frame-text';

export interface RpcReply {
  id: number | string | null;
  result?: unknown;
  error?: { code: number; message: string; data?: { status: string } };
}

export interface RpcNotification {
  method: string;
  params: Record<string, unknown>;
}

export class RawPeer {
  private replies: RpcReply[] = [];
  private notifications: RpcNotification[] = [];
  private waiters: (() => void)[] = [];
  /** Resolves with the close code when the connection closes. */
  readonly closed: Promise<number>;
  constructor(readonly ws: WebSocket) {
    this.closed = new Promise((resolve) =>
      ws.once('close', (code) => {
        resolve(code);
        for (const w of this.waiters.splice(0)) w();
      }),
    );
    ws.on('message', (data) => {
      const value = JSON.parse(frameText(data)) as (RpcReply | RpcNotification) | (RpcReply | RpcNotification)[];
      for (const m of Array.isArray(value) ? value : [value]) {
        if ('method' in m) this.notifications.push(m);
        else this.replies.push(m);
      }
      for (const w of this.waiters.splice(0)) w();
    });
  }
  static open(address: string, headers: Record<string, string> = {}): Promise<RawPeer> {
    const ws = new WebSocket(`ws://${address}`, { headers });
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new RawPeer(ws)));
      ws.once('error', reject);
    });
  }
  send(text: string): void {
    this.ws.send(text);
  }
  async next(count = 1): Promise<RpcReply[]> {
    while (this.replies.length < count) await new Promise<void>((r) => this.waiters.push(r));
    return this.replies.splice(0, count);
  }
  async call(id: number, method: string, params?: unknown): Promise<RpcReply> {
    this.send(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
    const [reply] = await this.next();
    return reply!;
  }
  /** The replies received so far, taken (the next call returns only newer ones). */
  take(): RpcReply[] {
    return this.replies.splice(0);
  }
  /** Resolves when the next message arrives (or the connection closes); takes nothing. */
  arrival(): Promise<void> {
    return new Promise<void>((r) => this.waiters.push(r));
  }
  /** The next notification of `method` (earlier ones of other methods stay). */
  async notification(method: string): Promise<RpcNotification> {
    for (;;) {
      const i = this.notifications.findIndex((n) => n.method === method);
      if (i >= 0) return this.notifications.splice(i, 1)[0]!;
      await new Promise<void>((r) => this.waiters.push(r));
    }
  }
  close(): void {
    this.ws.close();
  }
}
