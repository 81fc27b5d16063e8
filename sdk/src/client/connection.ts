// Connection to a Rewind server, as Temporal's `Connection` (address 'host:port', default 127.0.0.1:7233).
import { RpcClient } from '../transport/rpc-client';
import type { RequestMethod, RequestParams, RequestResult } from '../protocol';
import { DEFAULT_ADDRESS } from '../protocol/messages';

export interface ConnectionOptions {
  /** host:port of the server. Default 127.0.0.1:7233. */
  address?: string;
  /** How long to try the first connection. Default 5 s. */
  connectTimeout?: number;
  /** How long a call waits for the server to come back after the connection broke. Default 60 s. */
  reconnectWait?: number;
  identity?: string;
}

export class Connection {
  private constructor(
    private readonly rpc: RpcClient,
    readonly options: Readonly<ConnectionOptions>,
  ) {}

  static async connect(options: ConnectionOptions = {}): Promise<Connection> {
    const rpc = await RpcClient.connect({
      address: options.address ?? DEFAULT_ADDRESS,
      clientName: 'client',
      ...(options.identity ? { identity: options.identity } : {}),
      ...(options.connectTimeout !== undefined ? { connectTimeoutMs: options.connectTimeout } : {}),
      ...(options.reconnectWait !== undefined ? { reconnectWaitMs: options.reconnectWait } : {}),
    });
    return new Connection(rpc, options);
  }

  /** Calls the server (the raw protocol; prefer `Client`). */
  call<M extends RequestMethod>(method: M, params: RequestParams<M>): Promise<RequestResult<M>> {
    return this.rpc.request(method, params);
  }

  async close(): Promise<void> {
    this.rpc.close();
  }
}
