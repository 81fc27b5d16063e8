// Rewind for VS Code: activate() only composes the parts (connection, Workflows tree, status bar,
// commands); each lives in a module of its own.
import * as vscode from 'vscode';
import type { HistoryEvent, WorkflowExecutionInfo } from '@rewind/sdk/protocol';
import { ServerConnection, type ConnectionState } from './connection/server-connection';
import type { Grouping } from './model/workflow-tree-model';
import { WorkflowsTree, type TreeNode } from './views/workflows-tree';
import { startWorkflow, type StartWorkflowRequest } from './commands/start-workflow';
import { registerWorkflowActions } from './commands/workflow-actions';

export interface RewindApi {
  /** For tests: the tree, its view and the connection this activation made. */
  tree: WorkflowsTree;
  treeView: vscode.TreeView<TreeNode>;
  connection(): ServerConnection;
}

export function activate(context: vscode.ExtensionContext): RewindApi {
  const config = vscode.workspace.getConfiguration('rewind');
  let connection: ServerConnection;
  const tree = new WorkflowsTree(config.get<Grouping>('grouping', 'status'), config.get<number>('pageSize', 100), (run) =>
    readHistory(connection, run),
  );
  const treeView = vscode.window.createTreeView('rewind.workflows', { treeDataProvider: tree, showCollapseAll: true });
  const status = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 10);
  status.command = 'workbench.view.extension.rewind';
  status.show();

  const showState = (state: ConnectionState): void => {
    void vscode.commands.executeCommand('setContext', 'rewind.connected', state.kind === 'connected');
    // The tree says why it is stale; the runs it shows stay (they are what the server last said).
    treeView.message =
      state.kind === 'disconnected' && tree.model.size > 0 ? `Disconnected from ${state.address}: ${state.reason}` : undefined;
    if (state.kind === 'connected') {
      const running = tree.model.groups().find((g) => g.key === 'RUNNING')?.count ?? 0;
      status.text = `$(pulse) Rewind: ${running} running`;
      status.tooltip = `Connected to ${state.address}`;
    } else {
      status.text = state.kind === 'connecting' ? '$(sync~spin) Rewind: connecting' : '$(debug-disconnect) Rewind: disconnected';
      status.tooltip = state.kind === 'disconnected' ? `${state.address}: ${state.reason}` : state.address;
    }
  };

  const connect = (): void => {
    connection?.dispose();
    const c = vscode.workspace.getConfiguration('rewind');
    connection = new ServerConnection(c.get<string>('serverAddress', '127.0.0.1:7233'), 'default', {
      onState: showState,
      onConnected: () =>
        void listAll(connection).then(
          (runs) => {
            tree.replaceAll(runs);
            showState(connection.state);
          },
          (err: Error) =>
            showState({ kind: 'disconnected', address: connection.address, reason: `could not list the workflows: ${err.message}` }),
        ),
      onExecutionsChanged: (change) => {
        tree.apply(change);
        showState(connection.state);
      },
    });
    connection.start();
  };
  connect();

  const reveal = async (run: WorkflowExecutionInfo): Promise<void> => {
    tree.apply({ executions: [run], deletedRunIds: [] });
    const node = tree.nodeOf(run.runId);
    if (node) await treeView.reveal(node, { select: true, focus: false });
  };
  context.subscriptions.push(
    tree,
    status,
    treeView,
    vscode.commands.registerCommand('rewind.startWorkflow', (request?: StartWorkflowRequest) =>
      startWorkflow(connection, context.workspaceState, reveal, request).catch((err: Error) => {
        void vscode.window.showErrorMessage(`Could not start the workflow: ${err.message}`);
        return undefined;
      }),
    ),
    { dispose: () => connection.dispose() },
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('rewind.serverAddress')) connect();
    }),
    vscode.commands.registerCommand('rewind.refresh', connect),
    ...registerWorkflowActions(() => connection),
    vscode.commands.registerCommand('rewind.loadMore', (groupKey: string) => tree.loadMore(groupKey)),
    vscode.commands.registerCommand('rewind.connect', async () => {
      const address = await vscode.window.showInputBox({
        prompt: 'host:port of the Rewind server',
        value: connection.address,
        validateInput: (v) => (/^[^:\s]+:\d+$/.test(v.trim()) ? undefined : 'Write it as host:port, e.g. 127.0.0.1:7233'),
      });
      if (address)
        await vscode.workspace.getConfiguration('rewind').update('serverAddress', address.trim(), vscode.ConfigurationTarget.Workspace);
    }),
    vscode.commands.registerCommand('rewind.startDevServer', () => {
      const terminal = vscode.window.createTerminal({ name: 'Rewind dev' });
      terminal.show();
      terminal.sendText('npx rewind dev');
    }),
    vscode.commands.registerCommand('rewind.copyWorkflowId', async (node?: { kind: string; info?: WorkflowExecutionInfo }) => {
      if (node?.kind !== 'workflow' || !node.info) return;
      await vscode.env.clipboard.writeText(node.info.workflowId);
      void vscode.window.setStatusBarMessage(`Copied ${node.info.workflowId}`, 2000);
    }),
  );
  return { tree, treeView, connection: () => connection };
}

export function deactivate(): void {
  // Everything is in context.subscriptions.
}

async function listAll(connection: ServerConnection): Promise<WorkflowExecutionInfo[]> {
  const out: WorkflowExecutionInfo[] = [];
  let nextPageToken: string | undefined;
  do {
    const page = await connection.call('workflow.list', {
      namespace: connection.namespace,
      pageSize: 1000,
      ...(nextPageToken ? { nextPageToken } : {}),
    });
    out.push(...page.executions);
    nextPageToken = page.nextPageToken;
  } while (nextPageToken);
  return out;
}

async function readHistory(connection: ServerConnection, run: WorkflowExecutionInfo): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  for (;;) {
    const page = await connection.call('workflow.history', {
      namespace: run.namespace,
      workflowId: run.workflowId,
      runId: run.runId,
      fromEventId: events.length + 1,
    });
    events.push(...page.events);
    if (page.events.length === 0 || events.length >= page.nextEventId - 1) return events;
  }
}
