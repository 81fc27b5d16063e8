// How the connection shows: the status bar (running count, or connecting / disconnected and why), the
// `rewind.connected` context key (welcome content, menus), the tree's message (stale, filtered), and
// once per refusal an error that leads to the rewind.authToken setting.
import * as vscode from 'vscode';
import type { ConnectionState } from '../connection/server-connection';
import type { TreeFilter } from './tree-filter';
import type { WorkflowsTree } from './workflows-tree';

export class ConnectionStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 10);
  /** The refused state last told of (the same state is shown again on every update). */
  private toldRefusal: ConnectionState | undefined;

  constructor(
    private readonly tree: WorkflowsTree,
    private readonly treeView: vscode.TreeView<unknown>,
  ) {
    this.item.command = 'workbench.view.extension.rewind';
    this.item.show();
  }

  show(state: ConnectionState, filter: TreeFilter): void {
    void vscode.commands.executeCommand('setContext', 'rewind.connected', state.kind === 'connected');
    // The tree says why it is stale (the runs it shows stay: they are what the server last said), and
    // the filter it shows under: on the view itself (a view alone in its container has no header for its
    // description).
    const lines = [
      state.kind === 'disconnected' && this.tree.model.size > 0 ? `Disconnected from ${state.address}: ${state.reason}` : undefined,
      filter.query ? `Filter: ${filter.query}` : undefined,
    ].filter((line) => line !== undefined);
    this.treeView.message = lines.length > 0 ? lines.join('\n') : undefined;
    if (state.kind === 'connected') {
      this.item.text = `$(pulse) Rewind: ${this.tree.model.countOf('RUNNING')} running${filter.query ? ' (filtered)' : ''}`;
      this.item.tooltip = `Connected to ${state.address}${filter.query ? `; the tree shows only ${filter.query}` : ''}`;
    } else {
      this.item.text = state.kind === 'connecting' ? '$(sync~spin) Rewind: connecting' : '$(debug-disconnect) Rewind: disconnected';
      this.item.tooltip = state.kind === 'disconnected' ? `${state.address}: ${state.reason}` : state.address;
    }
    if (state.kind === 'disconnected' && state.refused && state !== this.toldRefusal) {
      this.toldRefusal = state;
      void vscode.window.showErrorMessage(`Rewind: ${state.reason}`, 'Open Settings').then((choice) => {
        if (choice) void vscode.commands.executeCommand('workbench.action.openSettings', 'rewind.authToken');
      });
    }
  }

  dispose(): void {
    this.item.dispose();
  }
}
