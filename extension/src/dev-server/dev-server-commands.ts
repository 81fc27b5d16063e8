// Start / Stop Rewind Dev Server: runs `rewind dev` for the workspace folder that holds the Rewind
// configuration (or a Temporal project, whose configuration rewind dev reads from its source), output in the "Rewind dev" output channel; with rewind.autoStart, once when no server answers.
import path from 'node:path';
import * as vscode from 'vscode';
import { configFileIn } from '@rewind/sdk/internal/project/project-config';
import { isTemporalProject } from '@rewind/sdk/internal/project/temporal-worker-config';
import { DevServerError, DevServerProcess } from './dev-server-process';

export interface DevServerControl extends vscode.Disposable {
  /** Starts the dev server unless one runs or was started before (rewind.autoStart). */
  autoStart(): void;
  running(): DevServerProcess | undefined;
}

async function chooseFolder(): Promise<string | undefined> {
  const folders = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
  const configured = folders.filter((folder) => configFileIn(folder) !== undefined || isTemporalProject(folder));
  const candidates = configured.length > 0 ? configured : folders;
  if (candidates.length <= 1) return candidates[0];
  return vscode.window.showQuickPick(candidates, { placeHolder: 'Run rewind dev in which folder?' });
}

export function registerDevServer(serverAddress: () => string, authToken: () => string | undefined, onReady: () => void): DevServerControl {
  const output = vscode.window.createOutputChannel('Rewind dev');
  let dev: DevServerProcess | undefined;
  let autoStarted = false;
  /** Processes stopped on purpose (their exit is not news). */
  const stopping = new Set<DevServerProcess>();
  const setRunning = (running: boolean): void => void vscode.commands.executeCommand('setContext', 'rewind.devServerRunning', running);

  const showFailure = async (message: string): Promise<void> => {
    if ((await vscode.window.showErrorMessage(message, 'Show Output')) === 'Show Output') output.show(true);
  };

  const start = async (folderArg?: string): Promise<DevServerProcess | undefined> => {
    if (dev?.running) {
      output.show(true);
      return dev;
    }
    const folder = folderArg ?? (await chooseFolder());
    if (!folder) {
      void vscode.window.showErrorMessage('Open the folder of a Rewind project first: rewind dev runs in a workspace folder.');
      return undefined;
    }
    let started: DevServerProcess;
    try {
      started = DevServerProcess.start(folder, serverAddress(), output, authToken());
    } catch (err) {
      if (err instanceof DevServerError) void showFailure(err.message);
      else throw err;
      return undefined;
    }
    dev = started;
    setRunning(true);
    void started.exited.then((code) => {
      if (dev !== started) return;
      dev = undefined;
      setRunning(false);
      if (!stopping.has(started)) void showFailure(`rewind dev stopped (exit code ${code ?? 'none: killed'}). Its output says why.`);
    });
    try {
      await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Starting rewind dev in ${path.basename(folder)}…` },
        () => started.ready,
      );
      onReady();
      return started;
    } catch (err) {
      void showFailure((err as Error).message);
      return undefined;
    }
  };

  const stop = async (): Promise<void> => {
    const running = dev;
    if (!running) return;
    stopping.add(running);
    await running.stop();
  };

  const disposables = [
    output,
    vscode.commands.registerCommand('rewind.startDevServer', (folder?: string) => start(typeof folder === 'string' ? folder : undefined)),
    vscode.commands.registerCommand('rewind.stopDevServer', stop),
  ];
  return {
    autoStart: () => {
      if (autoStarted || dev) return;
      autoStarted = true;
      void start();
    },
    running: () => dev,
    dispose: () => {
      void stop();
      for (const d of disposables) d.dispose();
    },
  };
}
