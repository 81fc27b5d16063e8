// The extension's connection to a Rewind server: connects (and keeps trying while none answers),
// watches the namespace's executions, and tells its listeners of state changes and pushed updates.
// No polling of data: the only timer is the retry while the server is away.
import { RpcClient } from '@rewind/sdk/internal/transport/rpc-client';
import type { Notifications, RequestMethod, RequestParams, RequestResult } from '@rewind/sdk/protocol';

export type ConnectionState =
  | { kind: 'connecting'; address: string }
  | { kind: 'connected'; address: string }
  | { kind: 'disconnected'; address: string; reason: string };

export interface ServerConnectionListener {
  onState(state: ConnectionState): void;
  /** After every (re)connection: the list is to be read again (pushes resume from here). */
  onConnected(): void;
  onExecutionsChanged(change: Notifications['executions.changed']): void;
}

const RETRY_MS = 2000;
const WATCH_ID = 'rewind-vscode-tree';

export class ServerConnection {
  private rpc: RpcClient | undefined;
  private retry: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;
  state: ConnectionState;

  constructor(
    readonly address: string,
    readonly namespace: string,
    private readonly listener: ServerConnectionListener,
  ) {
    this.state = { kind: 'connecting', address };
  }

  start(): void {
    void this.connect();
  }

  private setState(state: ConnectionState): void {
    this.state = state;
    this.listener.onState(state);
  }

  private async connect(): Promise<void> {
    if (this.disposed) return;
    this.setState({ kind: 'connecting', address: this.address });
    try {
      this.rpc = await RpcClient.connect({
        address: this.address,
        clientName: 'vscode',
        connectTimeoutMs: 3000,
        reconnectWaitMs: 5000,
        onConnect: async (setup) => {
          await setup('executions.watch', { namespace: this.namespace, watchId: WATCH_ID });
          this.setState({ kind: 'connected', address: this.address });
          // A reconnection; after the first connection this is said below, once `rpc` is set.
          if (this.rpc) this.listener.onConnected();
        },
        onDisconnect: () => this.setState({ kind: 'disconnected', address: this.address, reason: 'the connection broke; reconnecting' }),
        onNotification: (method, params) => {
          if (method === 'executions.changed') this.listener.onExecutionsChanged(params as Notifications['executions.changed']);
        },
      });
      this.listener.onConnected();
    } catch (err) {
      this.setState({
        kind: 'disconnected',
        address: this.address,
        reason: `${err instanceof Error ? err.message : String(err)}; retrying every ${RETRY_MS / 1000} s`,
      });
      if (!this.disposed) this.retry = setTimeout(() => void this.connect(), RETRY_MS);
    }
  }

  call<M extends RequestMethod>(method: M, params: RequestParams<M>): Promise<RequestResult<M>> {
    if (!this.rpc || this.state.kind !== 'connected')
      return Promise.reject(new Error(`Not connected to a Rewind server at ${this.address}.`));
    return this.rpc.request(method, params);
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.retry);
    this.rpc?.close();
  }
}
