// Debug Replay (a run from the Workflows tree: its whole history read from the server) and Replay
// History File… (a JSON file from the explorer or a dialog): each starts a `rewind` debug session and
// returns whether one started.
import * as vscode from 'vscode';
import type { WorkflowExecutionInfo } from '@rewind/sdk/protocol';
import type { ServerConnection } from '../connection/server-connection';
import { readWholeHistory } from '../model/history-file';
import { projectWorkflowsPath, type ConfigModuleLoader } from '../workspace/project-config';
import { pickHistoryFile } from './configuration-provider';
import { historyFileSessionName, NO_WORKFLOWS_PATH, replayLaunchConfig, type RewindLaunchConfig } from './launch-config';

/** What a caller (a test, or a launch from elsewhere) may fix instead of the workspace's configuration. */
export interface ReplayOptions {
  /** The workflows module to replay with (default: the workspace's Rewind configuration's). */
  workflowsPath?: string;
}

/** A node of the Workflows tree, as its context menu passes it. */
type NodeArg = { kind: string; info?: WorkflowExecutionInfo } | undefined;

export function registerReplayCommands(
  connection: () => ServerConnection,
  selection: () => readonly { kind: string }[],
  configLoader: ConfigModuleLoader,
): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('rewind.debugReplay', async (node?: NodeArg, options?: ReplayOptions): Promise<boolean> => {
      const info = runOf(node) ?? runOf(selection().find((n) => n.kind === 'workflow')) ?? (await askRun(connection()));
      if (!info) return false;
      const folder = vscode.workspace.workspaceFolders?.[0];
      const workflowsPath = await workflowsPathFor(configLoader, options, folder);
      if (workflowsPath === undefined) return false;
      const history = await readWholeHistory((p) => connection().call('workflow.history', p), info).catch((err: Error) => {
        void vscode.window.showErrorMessage(`Could not read the history of ${info.workflowId}: ${err.message}`);
        return undefined;
      });
      if (!history) return false;
      const config = replayLaunchConfig(`Replay ${info.workflowId}`, { history: { events: history.events } }, workflowsPath, info);
      return startReplay(folder, config);
    }),
    vscode.commands.registerCommand('rewind.replayHistoryFile', async (uri?: vscode.Uri, second?: unknown): Promise<boolean> => {
      // The explorer passes (the clicked file, all selected files); a test may pass options instead.
      const options = second !== undefined && !Array.isArray(second) ? (second as ReplayOptions) : undefined;
      const file = uri instanceof vscode.Uri ? uri.fsPath : await pickHistoryFile();
      if (!file) return false;
      const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(file)) ?? vscode.workspace.workspaceFolders?.[0];
      const workflowsPath = await workflowsPathFor(configLoader, options, folder);
      if (workflowsPath === undefined) return false;
      return startReplay(folder, replayLaunchConfig(historyFileSessionName(file), { historyFile: file }, workflowsPath));
    }),
  ];
}

/** The caller's workflowsPath, else the workspace configuration's (of `folder` first); if neither, says what to add. */
async function workflowsPathFor(
  configLoader: ConfigModuleLoader,
  options: ReplayOptions | undefined,
  folder: vscode.WorkspaceFolder | undefined,
): Promise<string | undefined> {
  const workflowsPath = options?.workflowsPath ?? (await projectWorkflowsPath(configLoader, folder));
  if (workflowsPath === undefined) void vscode.window.showErrorMessage(NO_WORKFLOWS_PATH);
  return workflowsPath;
}

async function startReplay(folder: vscode.WorkspaceFolder | undefined, config: RewindLaunchConfig): Promise<boolean> {
  try {
    return await vscode.debug.startDebugging(folder, config);
  } catch (err) {
    void vscode.window.showErrorMessage(`Could not start the replay: ${(err as Error).message}`);
    return false;
  }
}

const runOf = (node: NodeArg | { kind: string }): WorkflowExecutionInfo | undefined =>
  node?.kind === 'workflow' && 'info' in node ? node.info : undefined;

/** From the palette with no run selected: asks for a workflow id and finds its current run. */
async function askRun(c: ServerConnection): Promise<WorkflowExecutionInfo | undefined> {
  const workflowId = await vscode.window.showInputBox({ prompt: 'Workflow Id of the run to replay', ignoreFocusOut: true });
  if (!workflowId?.trim()) return undefined;
  return c.call('workflow.describe', { namespace: c.namespace, workflowId: workflowId.trim() }).catch((err: Error) => {
    void vscode.window.showErrorMessage(`Could not find the workflow ${workflowId.trim()}: ${err.message}`);
    return undefined;
  });
}
