// Rewind for VS Code: activate() only composes the parts (connection, Workflows tree, status bar,
// commands); each lives in a module of its own.
import path from 'node:path';
import * as vscode from 'vscode';
import type { WorkflowExecutionInfo } from '@rewind/sdk/protocol';
import { readWholeHistory } from './model/history-file';
import { ServerConnection, type ConnectionState } from './connection/server-connection';
import { effectiveAuthToken } from './connection/auth-setting';
import type { Grouping } from './model/workflow-tree-model';
import { WorkflowsTree, type TreeNode } from './views/workflows-tree';
import { registerFilterCommands, TreeFilter } from './views/tree-filter';
import { registerGrouping } from './views/tree-grouping';
import { startWorkflow, type StartWorkflowRequest } from './commands/start-workflow';
import { registerWorkflowActions } from './commands/workflow-actions';
import { registerResetWorkflow } from './commands/reset-workflow';
import { registerExportHistory } from './commands/export-history';
import { registerDebugLastRun } from './commands/debug-last-run';
import { followDebugSessions } from './debug-host/history-follower';
import { registerDebugLaunch } from './debug-host/register-debug-launch';
import { WORKFLOW_FILES, WorkflowCodeLensProvider } from './views/workflow-code-lens';
import { registerDevServer } from './dev-server/dev-server-commands';
import { WorkflowScanner } from './workspace/workflow-scanner';
import { registerHistoryPanel } from './views/history-panels';
import { ConnectionStatus } from './views/connection-status';
import type { HistoryPanel } from './views/history-panel';

export interface RewindApi {
  /** For tests: the tree, its view and the connection this activation made. */
  tree: WorkflowsTree;
  treeView: vscode.TreeView<TreeNode>;
  connection(): ServerConnection;
  /** For tests and benchmarks: the open Show History panels. */
  historyPanels(): HistoryPanel[];
  /** Reads workflow definitions from source (on its own thread). */
  scanner: WorkflowScanner;
}

export function activate(context: vscode.ExtensionContext): RewindApi {
  const config = vscode.workspace.getConfiguration('rewind');
  let connection: ServerConnection;
  const tree = new WorkflowsTree(
    config.get<Grouping>('grouping', 'status'),
    config.get<number>('pageSize', 100),
    async (run) => (await readWholeHistory((p) => connection.call('workflow.history', p), run)).events,
  );
  const historyPanels = registerHistoryPanel(() => connection, context);
  const scanner = new WorkflowScanner(path.join(context.extensionPath, 'dist', 'scan-thread.js'));
  const treeView = vscode.window.createTreeView('rewind.workflows', { treeDataProvider: tree, showCollapseAll: true });
  const filter = new TreeFilter(tree, treeView, () => showState(connection.state));
  const status = new ConnectionStatus(tree, treeView);

  const devServer = registerDevServer(
    () => connection.address,
    () => connection.authToken,
    () => connect(),
  );
  const showState = (state: ConnectionState): void => {
    // A server that refused the token is there: starting another on its port would not help.
    if (state.kind === 'disconnected' && !state.refused && vscode.workspace.getConfiguration('rewind').get<boolean>('autoStart', false))
      devServer.autoStart();
    status.show(state, filter);
  };

  /** (Re)connects, to `address` or the configured one. */
  const connect = (address?: string): void => {
    connection?.dispose();
    const c = vscode.workspace.getConfiguration('rewind');
    connection = new ServerConnection(
      address ?? c.get<string>('serverAddress', '127.0.0.1:7233'),
      'default',
      {
        onState: showState,
        onConnected: () =>
          void filter
            .reload(connection)
            .catch((err: Error) =>
              showState({ kind: 'disconnected', address: connection.address, reason: `could not list the workflows: ${err.message}` }),
            ),
        onExecutionsChanged: (change) => {
          tree.apply(change);
          showState(connection.state);
        },
      },
      effectiveAuthToken(c.get<string>('authToken', '')),
    );
    connection.start();
  };
  connect();

  const reveal = async (run: WorkflowExecutionInfo): Promise<void> => {
    // Only if no push brought the run yet: applying refreshes the tree, and a refresh while VS Code
    // resolves the node's parents fails the reveal ("Cannot resolve tree item"); pushes can, so retry.
    if (!tree.model.get(run.runId)) tree.apply({ executions: [run], deletedRunIds: [] });
    for (let attempt = 1; ; attempt++) {
      const node = tree.nodeOf(run.runId);
      if (!node) return;
      try {
        await treeView.reveal(node, { select: true, focus: false });
        return;
      } catch (err) {
        if (attempt === 3) throw err;
        await new Promise((resolve) => setTimeout(resolve, 250)); // Past the tree's refresh debounce.
      }
    }
  };
  context.subscriptions.push(
    tree,
    status,
    devServer,
    scanner,
    treeView,
    vscode.commands.registerCommand('rewind.startWorkflow', (request?: StartWorkflowRequest) =>
      startWorkflow(connection, scanner, context.workspaceState, reveal, request).catch((err: Error) => {
        void vscode.window.showErrorMessage(`Could not start the workflow: ${err.message}`);
        return undefined;
      }),
    ),
    { dispose: () => connection.dispose() },
    vscode.workspace.onDidChangeConfiguration((e) => {
      // Not again if Connect to… already connected there (the setting is written after it connects).
      const c = vscode.workspace.getConfiguration('rewind');
      const address = c.get<string>('serverAddress', '127.0.0.1:7233');
      if (e.affectsConfiguration('rewind.serverAddress') && address !== connection.address) connect();
      else if (e.affectsConfiguration('rewind.authToken') && effectiveAuthToken(c.get<string>('authToken', '')) !== connection.authToken)
        connect(connection.address);
    }),
    vscode.commands.registerCommand('rewind.refresh', () => connect()),
    ...registerWorkflowActions(() => connection),
    historyPanels,
    registerResetWorkflow(() => connection, reveal),
    registerExportHistory(() => connection),
    registerDebugLastRun(() => connection, scanner),
    ...registerDebugLaunch(
      context.extensionPath,
      () => connection,
      () => treeView.selection,
      scanner,
    ),
    ...followDebugSessions(historyPanels),
    vscode.languages.registerCodeLensProvider(WORKFLOW_FILES, new WorkflowCodeLensProvider(scanner)),
    vscode.commands.registerCommand('rewind.loadMore', (groupKey: string) => tree.loadMore(groupKey)),
    ...registerGrouping(tree),
    ...registerFilterCommands(filter, () => connection),
    vscode.commands.registerCommand('rewind.connect', async () => {
      const address = await vscode.window.showInputBox({
        prompt: 'host:port of the Rewind server',
        value: connection.address,
        validateInput: (v) => (/^[^:\s]+:\d+$/.test(v.trim()) ? undefined : 'Write it as host:port, e.g. 127.0.0.1:7233'),
      });
      if (!address) return;
      // At once, then kept (writing the workspace's settings can take a while).
      connect(address.trim());
      await vscode.workspace.getConfiguration('rewind').update('serverAddress', address.trim(), vscode.ConfigurationTarget.Workspace);
    }),
    vscode.commands.registerCommand('rewind.copyWorkflowId', async (node?: { kind: string; info?: WorkflowExecutionInfo }) => {
      if (node?.kind !== 'workflow' || !node.info) return;
      await vscode.env.clipboard.writeText(node.info.workflowId);
      void vscode.window.setStatusBarMessage(`Copied ${node.info.workflowId}`, 2000);
    }),
  );
  return { tree, treeView, connection: () => connection, historyPanels: () => historyPanels.panels(), scanner };
}

export function deactivate(): void {
  // Everything is in context.subscriptions.
}
