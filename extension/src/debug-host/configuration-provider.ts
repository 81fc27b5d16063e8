// Completes `rewind` launch configurations: a history file asked for when none is given, the workflows
// module that exports the history's workflow type when missing (find-workflow-code.ts), with its project's
// workflow interceptor modules unless the configuration names them (replay-code.ts); then checks them.
import fs from 'node:fs';
import * as vscode from 'vscode';
import { registeredTaskQueues } from '../commands/start-workflow';
import type { ServerConnection } from '../connection/server-connection';
import type { WorkflowScanner } from '../workspace/workflow-scanner';
import { launchArgumentsProblem } from '../debug-adapter/launch-arguments';
import { findWorkflowCode, historySourceStart } from './find-workflow-code';
import { DEBUG_TYPE, hasHistorySource, withAbsolutePaths } from './launch-config';
import { replayCode } from './replay-code';

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
  constructor(
    private readonly scanner: WorkflowScanner,
    private readonly connection: () => ServerConnection,
  ) {}

  async resolveDebugConfiguration(
    folder: vscode.WorkspaceFolder | undefined,
    config: vscode.DebugConfiguration,
  ): Promise<vscode.DebugConfiguration | undefined> {
    // F5 without a launch.json: a history file replay.
    if (!config.type && !config.request && !config.name) config = { type: DEBUG_TYPE, request: 'launch', name: 'Replay History File' };
    if (!hasHistorySource(config)) {
      const file = await pickHistoryFile();
      if (file === undefined) return undefined; // Cancelled: no session.
      config.historyFile = file;
    }
    if (config.workflowsPath === undefined) {
      const start = historySourceStart({ history: config.history as unknown, historyFile: config.historyFile as unknown }, folder);
      const withCode = async (workflowsPath: string): Promise<vscode.DebugConfiguration> => {
        const found = (await replayCode(workflowsPath, (file) => this.scanner.loadConfigModule(file), start.taskQueue))
          .workflowInterceptorModules;
        // Interceptor modules the configuration names (even none: []) stay as written.
        const interceptors =
          config.workflowInterceptorModules === undefined && found.length > 0 ? { workflowInterceptorModules: found } : {};
        return { ...config, workflowsPath, ...interceptors };
      };
      const later = (workflowsPath: string): void => void withCode(workflowsPath).then((c) => vscode.debug.startDebugging(folder, c));
      const workflowsPath = await findWorkflowCode(start.workflowType, this.scanner, folder, later, () =>
        registeredTaskQueues(this.connection()),
      );
      if (workflowsPath === undefined) return undefined;
      config = await withCode(workflowsPath);
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
