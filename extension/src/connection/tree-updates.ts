// What the connection's state and pushes do to the views: each (re)connection fills the Workflows tree
// anew under its filter, each executions.changed push is applied to it, and every state shows in the
// status bar (and starts rewind dev when rewind.autoStart says so and no server answers).
import * as vscode from 'vscode';
import type { DevServerControl } from '../dev-server/dev-server-commands';
import type { ConnectionStatus } from '../views/connection-status';
import type { TreeFilter } from '../views/tree-filter';
import type { WorkflowsTree } from '../views/workflows-tree';
import type { LiveConnectionListener } from './live-connection';
import type { ConnectionState } from './server-connection';

export interface TreeUpdateTargets {
  tree: WorkflowsTree;
  filter: TreeFilter;
  status: ConnectionStatus;
  devServer: DevServerControl;
}

export function treeUpdates({ tree, filter, status, devServer }: TreeUpdateTargets): LiveConnectionListener {
  const onState = (state: ConnectionState): void => {
    // A server that refused the token is there: starting another on its port would not help.
    if (state.kind === 'disconnected' && !state.refused && vscode.workspace.getConfiguration('rewind').get<boolean>('autoStart', false))
      devServer.autoStart();
    status.show(state, filter);
  };
  return {
    onState,
    onConnected: (connection) =>
      void filter
        .reload(connection)
        .catch((err: Error) =>
          onState({ kind: 'disconnected', address: connection.address, reason: `could not list the workflows: ${err.message}` }),
        ),
    onExecutionsChanged: (change, connection) => {
      tree.apply(change);
      onState(connection.state);
    },
  };
}
