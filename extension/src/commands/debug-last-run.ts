// "Debug last run" (a CodeLens on a workflow function): the newest run of that workflow type, replayed in
// the debugger by rewind.debugReplay with the lens's file; a type with no runs says so.
import * as vscode from 'vscode';
import type { WorkflowExecutionInfo } from '@rewind/sdk/protocol';
import type { ServerConnection } from '../connection/server-connection';

/** The list query for runs of one type (a quote or backslash in the name is escaped). */
export const typeQuery = (workflowType: string): string => `WorkflowType = '${workflowType.replace(/[\\']/g, '\\$&')}'`;

export function registerDebugLastRun(connection: () => ServerConnection): vscode.Disposable {
  return vscode.commands.registerCommand(
    'rewind.debugLastRun',
    /**
     * `workflowsPath`: the file the lens is on (it exports the workflow), which replays it; without one,
     * Debug Replay finds the code as for any run (the workspace's files, live workers, configurations).
     */
    async (workflowType?: string, workflowsPath?: string): Promise<WorkflowExecutionInfo | undefined> => {
      if (!workflowType) return undefined;
      const c = connection();
      const page = await c
        .call('workflow.list', { namespace: c.namespace, pageSize: 1, query: typeQuery(workflowType) })
        .catch((err: Error) => {
          void vscode.window.showErrorMessage(`Could not find the runs of ${workflowType}: ${err.message}`);
          return undefined;
        });
      if (!page) return undefined;
      const info = page.executions[0]; // The list is newest first.
      if (!info) {
        void vscode.window.showInformationMessage(`No runs of ${workflowType} yet.`);
        return undefined;
      }
      // The run is returned whether or not a session starts (debugReplay says why not).
      await Promise.resolve(
        vscode.commands.executeCommand<boolean>(
          'rewind.debugReplay',
          { kind: 'workflow', info },
          workflowsPath ? { workflowsPath } : undefined,
        ),
      ).catch((err: Error) => {
        void vscode.window.showErrorMessage(`Could not debug ${info.workflowId}: ${err.message}`);
      });
      return info;
    },
  );
}
