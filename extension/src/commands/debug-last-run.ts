// "Debug last run" (a CodeLens on a workflow function): the newest run of that workflow type, replayed in
// the debugger by rewind.debugReplay; a type with no runs says so.
import * as vscode from 'vscode';
import type { WorkflowExecutionInfo } from '@rewind/sdk/protocol';
import type { ServerConnection } from '../connection/server-connection';
import { projectWorkflowsPath, type ConfigModuleLoader } from '../workspace/project-config';

/** The list query for runs of one type (a quote or backslash in the name is escaped). */
export const typeQuery = (workflowType: string): string => `WorkflowType = '${workflowType.replace(/[\\']/g, '\\$&')}'`;

/** The project's workflows file if its config names one, else the lens's file. */
async function replayOptions(loader: ConfigModuleLoader, lensFile: string | undefined): Promise<{ workflowsPath: string } | undefined> {
  const workflowsPath = (await projectWorkflowsPath(loader, vscode.workspace.workspaceFolders?.[0])) ?? lensFile;
  return workflowsPath ? { workflowsPath } : undefined;
}

export function registerDebugLastRun(connection: () => ServerConnection, configLoader: ConfigModuleLoader): vscode.Disposable {
  return vscode.commands.registerCommand(
    'rewind.debugLastRun',
    /** `workflowsPath`: the file the lens is on (it exports the workflow), used when the project's config names none. */
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
          await replayOptions(configLoader, workflowsPath),
        ),
      ).catch((err: Error) => {
        void vscode.window.showErrorMessage(`Could not debug ${info.workflowId}: ${err.message}`);
      });
      return info;
    },
  );
}
