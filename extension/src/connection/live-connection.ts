// The extension's connection to a Rewind server across reconnects: one ServerConnection at a time, made
// from the settings (rewind.serverAddress, rewind.authToken), made again when they change, on Refresh
// and on Connect to…, and disposed with the extension. What a connection's state and pushes do to the
// views is its listener's (tree-updates.ts); whoever calls the server asks for `current`.
import * as vscode from 'vscode';
import type { Notifications } from '@rewind/sdk/protocol';
import { effectiveAuthToken } from './auth-setting';
import { ServerConnection, type ConnectionState } from './server-connection';

const DEFAULT_ADDRESS = '127.0.0.1:7233';
const NAMESPACE = 'default';

/** What hears of each connection in turn: its state, each (re)connection, its pushes. */
export interface LiveConnectionListener {
  onState(state: ConnectionState): void;
  /** After every (re)connection: the tree is to be read again (pushes resume from here). */
  onConnected(connection: ServerConnection): void;
  onExecutionsChanged(change: Notifications['executions.changed'], connection: ServerConnection): void;
}

export class LiveConnection implements vscode.Disposable {
  private connection: ServerConnection | undefined;
  private listener: LiveConnectionListener | undefined;

  /** The connection now (the one the next call goes to). */
  get current(): ServerConnection {
    if (!this.connection) throw new Error('The Rewind connection is not started yet.');
    return this.connection;
  }

  /** Connects where the settings say; `listener` hears of this connection and of every later one. */
  start(listener: LiveConnectionListener): void {
    this.listener = listener;
    this.connect();
  }

  /** (Re)connects, to `address` or the configured one. */
  connect(address?: string): void {
    const listener = this.listener;
    if (!listener) throw new Error('The Rewind connection is not started yet.');
    this.connection?.dispose();
    const settings = vscode.workspace.getConfiguration('rewind');
    const connection: ServerConnection = new ServerConnection(
      address ?? settings.get<string>('serverAddress', DEFAULT_ADDRESS),
      NAMESPACE,
      {
        onState: (state) => listener.onState(state),
        onConnected: () => listener.onConnected(connection),
        onExecutionsChanged: (change) => listener.onExecutionsChanged(change, connection),
      },
      effectiveAuthToken(settings.get<string>('authToken', '')),
    );
    this.connection = connection;
    connection.start();
  }

  /** Tells the listener the state again (after something it shows changed, e.g. the tree's filter). */
  showState(): void {
    if (this.connection) this.listener?.onState(this.connection.state);
  }

  /** What makes a new connection: a changed address or token setting, Refresh, Connect to…. */
  register(): vscode.Disposable[] {
    return [
      vscode.workspace.onDidChangeConfiguration((e) => {
        // Not again if Connect to… already connected there (the setting is written after it connects).
        const settings = vscode.workspace.getConfiguration('rewind');
        const address = settings.get<string>('serverAddress', DEFAULT_ADDRESS);
        if (e.affectsConfiguration('rewind.serverAddress') && address !== this.current.address) this.connect();
        else if (
          e.affectsConfiguration('rewind.authToken') &&
          effectiveAuthToken(settings.get<string>('authToken', '')) !== this.current.authToken
        )
          this.connect(this.current.address);
      }),
      vscode.commands.registerCommand('rewind.refresh', () => this.connect()),
      vscode.commands.registerCommand('rewind.connect', async () => {
        const address = await vscode.window.showInputBox({
          prompt: 'host:port of the Rewind server',
          value: this.current.address,
          validateInput: (v) => (/^[^:\s]+:\d+$/.test(v.trim()) ? undefined : 'Write it as host:port, e.g. 127.0.0.1:7233'),
        });
        if (!address) return;
        // At once, then kept (writing the workspace's settings can take a while).
        this.connect(address.trim());
        await vscode.workspace.getConfiguration('rewind').update('serverAddress', address.trim(), vscode.ConfigurationTarget.Workspace);
      }),
    ];
  }

  dispose(): void {
    this.connection?.dispose();
  }
}
