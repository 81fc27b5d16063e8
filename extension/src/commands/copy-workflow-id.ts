// Copy Workflow Id: a workflow node's id to the clipboard, said briefly in the status bar.
import * as vscode from 'vscode';
import type { WorkflowExecutionInfo } from '@rewind/sdk/protocol';

export function registerCopyWorkflowId(): vscode.Disposable {
  return vscode.commands.registerCommand('rewind.copyWorkflowId', async (node?: { kind: string; info?: WorkflowExecutionInfo }) => {
    if (node?.kind !== 'workflow' || !node.info) return;
    await vscode.env.clipboard.writeText(node.info.workflowId);
    void vscode.window.setStatusBarMessage(`Copied ${node.info.workflowId}`, 2000);
  });
}
