// Completes `rewind` launch configurations: the workflows module from the workspace's Rewind
// configuration when missing, a history file asked for when none is given; then checks them.
import fs from 'node:fs';
import * as vscode from 'vscode';
import { projectWorkflowsPath, type ConfigModuleLoader } from '../workspace/project-config';
import { launchArgumentsProblem } from '../debug-adapter/launch-arguments';
import { DEBUG_TYPE, hasHistorySource, NO_WORKFLOWS_PATH, withAbsolutePaths } from './launch-config';

/** Asks for a JSON history file; undefined if the user cancels. */
export async function pickHistoryFile(): Promise<string | undefined> {
  const picked = await vscode.window.showOpenDialog({
    title: 'Replay History File',
    openLabel: 'Replay',
    canSelectMany: false,
    filters: { 'Workflow history (JSON)': ['json'] },
  });
  return picked?.[0]?.fsPath;
}

export class RewindConfigurationProvider implements vscode.DebugConfigurationProvider {
  constructor(private readonly configLoader: ConfigModuleLoader) {}

  async resolveDebugConfiguration(
    folder: vscode.WorkspaceFolder | undefined,
    config: vscode.DebugConfiguration,
  ): Promise<vscode.DebugConfiguration | undefined> {
    // F5 without a launch.json: a history file replay.
    if (!config.type && !config.request && !config.name) config = { type: DEBUG_TYPE, request: 'launch', name: 'Replay History File' };
    if (config.workflowsPath === undefined) {
      const workflowsPath = await projectWorkflowsPath(this.configLoader, folder);
      if (workflowsPath === undefined) {
        void vscode.window.showErrorMessage(NO_WORKFLOWS_PATH);
        return undefined;
      }
      config.workflowsPath = workflowsPath;
    }
    if (!hasHistorySource(config)) {
      const file = await pickHistoryFile();
      if (file === undefined) return undefined; // Cancelled: no session.
      config.historyFile = file;
    }
    return config;
  }

  resolveDebugConfigurationWithSubstitutedVariables(
    folder: vscode.WorkspaceFolder | undefined,
    config: vscode.DebugConfiguration,
  ): vscode.DebugConfiguration | undefined {
    const resolved = withAbsolutePaths(config, folder?.uri.fsPath);
    const problem =
      launchArgumentsProblem(resolved) ??
      (typeof resolved.historyFile === 'string' && !fs.existsSync(resolved.historyFile)
        ? `the history file ${resolved.historyFile} does not exist`
        : undefined);
    if (problem === undefined) return resolved;
    void vscode.window.showErrorMessage(`The Rewind launch configuration "${config.name}" is wrong: ${problem}.`);
    return undefined;
  }
}
