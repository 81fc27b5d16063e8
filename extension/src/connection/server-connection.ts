// The extension's connection to a Rewind server: connects (and keeps trying while none answers),
// sending the auth token if it has one; watches the namespace's executions, and tells its listeners of
// state changes and pushed updates; follows runs' histories for the panels that show them (see
// history-watches.ts). No polling of data: the only timer is the retry while the server is away; a
// refused token is not retried (a new setting makes a new connection).
import { checkAuthTokenText } from '@rewind/sdk/internal/transport/auth-token';
import { UnauthenticatedError } from '@rewind/sdk/internal/transport/connection-error';
import { RpcClient } from '@rewind/sdk/internal/transport/rpc-client';
import type { Notifications, RequestMethod, RequestParams, RequestResult } from '@rewind/sdk/protocol';
import { HistoryWatches, type HistoryWatchListener, type RunRef } from './history-watches';

export type ConnectionState =
  | { kind: 'connecting'; address: string }
  | { kind: 'connected'; address: string }
  /** `refused`: the server answered but refused the auth token (or it cannot be sent): trying again cannot help. */
  | { kind: 'disconnected'; address: string; reason: string; refused?: boolean };

export interface ServerConnectionListener {
  onState(state: ConnectionState): void;
  /** After every (re)connection: the list is to be read again (pushes resume from here). */
  onConnected(): void;
  onExecutionsChanged(change: Notifications['executions.changed']): void;
}

const RETRY_MS = 2000;
/** The id of the tree's executions watch (tree-filter.ts replaces it with one that has the filter's query). */
export const WATCH_ID = 'rewind-vscode-tree';

export class ServerConnection {
  private rpc: RpcClient | undefined;
  private retry: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;
  private readonly historyWatches = new HistoryWatches();
  state: ConnectionState;

  constructor(
    readonly address: string,
    readonly namespace: string,
    private readonly listener: ServerConnectionListener,
    /** Sent as a bearer token (see auth-setting.ts for where it comes from). */
    readonly authToken?: string,
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
      if (this.authToken) checkAuthTokenText(this.authToken, 'The rewind.authToken setting (or REWIND_AUTH_TOKEN)');
    } catch (err) {
      this.refused(err as Error);
      return;
    }
    try {
      this.rpc = await RpcClient.connect({
        address: this.address,
        clientName: 'vscode',
        ...(this.authToken ? { authToken: this.authToken } : {}),
        connectTimeoutMs: 3000,
        reconnectWaitMs: 5000,
        onConnect: async (setup) => {
          await setup('executions.watch', { namespace: this.namespace, watchId: WATCH_ID });
          this.historyWatches.resubscribeAll((params) => setup('workflow.watch', params));
          this.setState({ kind: 'connected', address: this.address });
          // A reconnection; after the first connection this is said below, once `rpc` is set.
          if (this.rpc) this.listener.onConnected();
        },
        onDisconnect: () => this.setState({ kind: 'disconnected', address: this.address, reason: 'the connection broke; reconnecting' }),
        onFatal: (err) => this.refused(err),
        onNotification: (method, params) => {
          if (method === 'executions.changed') this.listener.onExecutionsChanged(params as Notifications['executions.changed']);
          else if (method === 'history.events') this.historyWatches.notify(params as Notifications['history.events']);
        },
      });
      this.listener.onConnected();
    } catch (err) {
      if (err instanceof UnauthenticatedError) {
        this.refused(err);
        return;
      }
      this.setState({
        kind: 'disconnected',
        address: this.address,
        reason: `${err instanceof Error ? err.message : String(err)}; retrying every ${RETRY_MS / 1000} s`,
      });
      if (!this.disposed) this.retry = setTimeout(() => void this.connect(), RETRY_MS);
    }
  }

  /** The token was refused (or cannot be sent): no retrying, a new setting makes a new connection. */
  private refused(err: Error): void {
    this.setState({ kind: 'disconnected', address: this.address, reason: err.message, refused: true });
  }

  call<M extends RequestMethod>(method: M, params: RequestParams<M>): Promise<RequestResult<M>> {
    if (!this.rpc || this.state.kind !== 'connected')
      return Promise.reject(new Error(`Not connected to a Rewind server at ${this.address}.`));
    return this.rpc.request(method, params);
  }

  /**
   * Follows a run's history from `fromEventId`: the listener gets those events, then each new batch
   * as the server pushes it, until the run closes or the returned disposable is disposed. Survives
   * reconnections (the run is watched again from the first event the listener has not had).
   */
  watchHistory(run: RunRef, fromEventId: number, listener: HistoryWatchListener): { dispose(): void } {
    const rpc = this.rpc;
    const send =
      rpc && this.state.kind === 'connected' ? (p: RequestParams<'workflow.watch'>) => rpc.request('workflow.watch', p) : undefined;
    const watchId = this.historyWatches.add(run, fromEventId, listener, send);
    return {
      dispose: () => {
        if (this.historyWatches.remove(watchId) && this.rpc && this.state.kind === 'connected')
          this.rpc.request('workflow.unwatch', { watchId }).catch(() => undefined);
      },
    };
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.retry);
    this.rpc?.close();
  }
}
