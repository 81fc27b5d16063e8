// Debug Replay (a run from the Workflows tree: its whole history read from the server) and Replay
// History File… (a JSON file from the explorer or a dialog): each finds the code of the run's workflow
// type in the workspace (find-workflow-code.ts) and its project's workflow interceptor modules
// (replay-code.ts), starts a `rewind` debug session and returns whether one started.
import * as vscode from 'vscode';
import type { WorkflowExecutionInfo } from '@rewind/sdk/protocol';
import type { ServerConnection } from '../connection/server-connection';
import { registeredTaskQueues } from '../commands/start-workflow';
import { readWholeHistory } from '../model/history-file';
import type { WorkflowScanner } from '../workspace/workflow-scanner';
import { pickHistoryFile } from './configuration-provider';
import { findWorkflowCode, historySourceStart } from './find-workflow-code';
import { historyFileSessionName, replayLaunchConfig, type RewindLaunchConfig } from './launch-config';
import { replayCode } from './replay-code';

/** What a caller (a test, or a launch from elsewhere) may fix instead of the workspace's configuration. */
export interface ReplayOptions {
  /** The workflows module to replay with (default: the one of the workspace that exports the run's type). */
  workflowsPath?: string;
}

/** A node of the Workflows tree, as its context menu passes it. */
type NodeArg = { kind: string; info?: WorkflowExecutionInfo } | undefined;

export function registerReplayCommands(
  connection: () => ServerConnection,
  selection: () => readonly { kind: string }[],
  scanner: WorkflowScanner,
): vscode.Disposable[] {
  const registered = () => registeredTaskQueues(connection());
  const loadModule = (file: string): Promise<unknown> => scanner.loadConfigModule(file);
  return [
    vscode.commands.registerCommand('rewind.debugReplay', async (node?: NodeArg, options?: ReplayOptions): Promise<boolean> => {
      const info = runOf(node) ?? runOf(selection().find((n) => n.kind === 'workflow')) ?? (await askRun(connection()));
      if (!info) return false;
      const folder = vscode.workspace.workspaceFolders?.[0];
      const replay = async (workflowsPath: string): Promise<boolean> => {
        const history = await readWholeHistory((p) => connection().call('workflow.history', p), info).catch((err: Error) => {
          void vscode.window.showErrorMessage(`Could not read the history of ${info.workflowId}: ${err.message}`);
          return undefined;
        });
        if (!history) return false;
        const code = await replayCode(workflowsPath, loadModule, info.taskQueue);
        return startReplay(folder, replayLaunchConfig(`Replay ${info.workflowId}`, { history: { events: history.events } }, code, info));
      };
      const workflowsPath =
        options?.workflowsPath ?? (await findWorkflowCode(info.workflowType, scanner, folder, (p) => void replay(p), registered));
      return workflowsPath === undefined ? false : replay(workflowsPath);
    }),
    vscode.commands.registerCommand('rewind.replayHistoryFile', async (uri?: vscode.Uri, second?: unknown): Promise<boolean> => {
      // The explorer passes (the clicked file, all selected files); a test may pass options instead.
      const options = second !== undefined && !Array.isArray(second) ? (second as ReplayOptions) : undefined;
      const file = uri instanceof vscode.Uri ? uri.fsPath : await pickHistoryFile();
      if (!file) return false;
      const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(file)) ?? vscode.workspace.workspaceFolders?.[0];
      // The run's task queue picks, in a project of several workers, the one whose interceptors it ran with.
      const start = historySourceStart({ historyFile: file });
      const replay = async (workflowsPath: string): Promise<boolean> =>
        startReplay(
          folder,
          replayLaunchConfig(
            historyFileSessionName(file),
            { historyFile: file },
            await replayCode(workflowsPath, loadModule, start.taskQueue),
          ),
        );
      const workflowsPath =
        options?.workflowsPath ?? (await findWorkflowCode(start.workflowType, scanner, folder, (p) => void replay(p), registered));
      return workflowsPath === undefined ? false : replay(workflowsPath);
    }),
  ];
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
