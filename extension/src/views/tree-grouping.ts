// Grouping of the Workflows tree by status or by workflow type: the setting `rewind.grouping`, the two
// view-title commands that switch it (each shown while the other grouping is on), and the live regroup
// when the setting changes (the same runs, no new list, no reconnection).
import * as vscode from 'vscode';
import type { Grouping } from '../model/workflow-tree-model';
import type { WorkflowsTree } from './workflows-tree';

export function registerGrouping(tree: WorkflowsTree): vscode.Disposable[] {
  const groupBy = async (grouping: Grouping): Promise<void> => {
    const config = vscode.workspace.getConfiguration('rewind');
    // Where the user set it, so that the change is not hidden by a more specific value.
    const inspected = config.inspect<Grouping>('grouping');
    const target =
      inspected?.workspaceFolderValue !== undefined
        ? vscode.ConfigurationTarget.WorkspaceFolder
        : inspected?.workspaceValue !== undefined
          ? vscode.ConfigurationTarget.Workspace
          : vscode.ConfigurationTarget.Global;
    await config.update('grouping', grouping, target);
    // Regroup now too: the tree is right when the command returns (the change event does it again, a no-op).
    tree.setGrouping(grouping);
  };
  return [
    vscode.commands.registerCommand('rewind.groupByType', () => groupBy('type')),
    vscode.commands.registerCommand('rewind.groupByStatus', () => groupBy('status')),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('rewind.grouping'))
        tree.setGrouping(vscode.workspace.getConfiguration('rewind').get<Grouping>('grouping', 'status'));
    }),
  ];
}
