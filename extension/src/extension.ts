// Rewind for VS Code: activate() only composes the parts (the live connection, the Workflows tree and
// what updates it, the status bar, commands, the replay debugger); each lives in a module of its own.
import path from 'node:path';
import * as vscode from 'vscode';
import { readWholeHistory } from './model/history-file';
import type { ServerConnection } from './connection/server-connection';
import { LiveConnection } from './connection/live-connection';
import { treeUpdates } from './connection/tree-updates';
import type { Grouping } from './model/workflow-tree-model';
import { RunDecorations, WorkflowsTree, type TreeNode } from './views/workflows-tree';
import { registerFilterCommands, TreeFilter } from './views/tree-filter';
import { registerGrouping } from './views/tree-grouping';
import { revealRun } from './views/reveal-run';
import { startWorkflow, type StartWorkflowRequest } from './commands/start-workflow';
import { registerWorkflowActions } from './commands/workflow-actions';
import { registerStartLike } from './commands/start-like';
import { registerResetWorkflow } from './commands/reset-workflow';
import { registerExportHistory } from './commands/export-history';
import { registerDebugLastRun } from './commands/debug-last-run';
import { registerCopyWorkflowId } from './commands/copy-workflow-id';
import { registerTaskQueueWorkers } from './commands/task-queue-workers';
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
  const settings = vscode.workspace.getConfiguration('rewind');
  const live = new LiveConnection();
  const connection = (): ServerConnection => live.current;
  const tree = new WorkflowsTree(
    settings.get<Grouping>('grouping', 'status'),
    settings.get<number>('pageSize', 100),
    async (run) => (await readWholeHistory((p) => live.current.call('workflow.history', p), run)).events,
    (run) => live.current.call('workflow.describe', { namespace: run.namespace, workflowId: run.workflowId, runId: run.runId }),
    (run) => live.current.call('taskQueue.describe', { namespace: run.namespace, taskQueue: run.taskQueue }),
  );
  const treeView = vscode.window.createTreeView('rewind.workflows', { treeDataProvider: tree, showCollapseAll: true });
  const filter = new TreeFilter(tree, treeView, () => live.showState());
  const status = new ConnectionStatus(tree, treeView);
  const devServer = registerDevServer(
    () => live.current.address,
    () => live.current.authToken,
    () => live.connect(),
  );
  live.start(treeUpdates({ tree, filter, status, devServer }));

  const historyPanels = registerHistoryPanel(connection, context);
  const scanner = new WorkflowScanner(path.join(context.extensionPath, 'dist', 'scan-thread.js'));
  const reveal = revealRun(tree, treeView);
  context.subscriptions.push(
    live,
    tree,
    status,
    devServer,
    scanner,
    treeView,
    vscode.window.registerFileDecorationProvider(new RunDecorations()),
    ...live.register(),
    vscode.commands.registerCommand('rewind.startWorkflow', (request?: StartWorkflowRequest) =>
      startWorkflow(live.current, scanner, context.workspaceState, reveal, request).catch((err: Error) => {
        void vscode.window.showErrorMessage(`Could not start the workflow: ${err.message}`);
        return undefined;
      }),
    ),
    ...registerWorkflowActions(connection, scanner),
    registerStartLike(connection),
    historyPanels,
    registerResetWorkflow(connection, reveal),
    registerExportHistory(connection),
    registerDebugLastRun(connection),
    ...registerDebugLaunch(context.extensionPath, connection, () => treeView.selection, scanner),
    ...followDebugSessions(historyPanels),
    vscode.languages.registerCodeLensProvider(WORKFLOW_FILES, new WorkflowCodeLensProvider(scanner)),
    vscode.commands.registerCommand('rewind.loadMore', (groupKey: string) => tree.loadMore(groupKey)),
    ...registerGrouping(tree),
    ...registerFilterCommands(filter, connection),
    registerCopyWorkflowId(),
    registerTaskQueueWorkers(connection, () => tree.model.runningByTaskQueue()),
  );
  return { tree, treeView, connection, historyPanels: () => historyPanels.panels(), scanner };
}

export function deactivate(): void {
  // Everything is in context.subscriptions.
}
