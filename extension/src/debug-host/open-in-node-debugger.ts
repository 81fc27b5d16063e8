// "Open in Node debugger": the replay of the active Rewind session once more, as a Node program under
// VS Code's JavaScript debugger (js-debug), paused where the workflow code reaches the event the
// Rewind session is at (for the focused frame: the event's line or a pending coroutine), with
// breakpoints anywhere in workflow code and every local.
import path from 'node:path';
import * as vscode from 'vscode';
import { DEBUG_TYPE } from './launch-config';

/** The launch configuration js-debug runs: the program, its job, and what not to step into. */
export function nodeReplayLaunchConfig(program: string, jobFile: string, eventId: number, name: string): vscode.DebugConfiguration {
  return {
    type: 'node',
    request: 'launch',
    name: `${name} at event ${eventId} (Node)`,
    program,
    args: [jobFile],
    console: 'internalConsole',
    // The workflow bundle's source map is inline (a data URL), and the bundle has no path of its own.
    sourceMaps: true,
    resolveSourceMapLocations: null,
    skipFiles: ['<node_internals>/**', '**/node_modules/@rewind/sdk/**', '**/rewind-workflow-runtime.js', '**/rewind-host.js'],
  };
}

export function registerOpenInNodeDebugger(extensionPath: string): vscode.Disposable {
  return vscode.commands.registerCommand('rewind.openInNodeDebugger', async (): Promise<boolean> => {
    const session = [vscode.debug.activeDebugSession].find((s) => s?.type === DEBUG_TYPE);
    if (!session) {
      void vscode.window.showErrorMessage('Open in Node debugger continues a Rewind replay: start one first (Debug Replay on a workflow).');
      return false;
    }
    const item = vscode.debug.activeStackItem;
    const frameId = item instanceof vscode.DebugStackFrame && item.session.id === session.id ? item.frameId : 0;
    try {
      const job = (await session.customRequest('nodeReplayJob', { frameId })) as { jobFile: string; eventId: number };
      const program = path.join(extensionPath, 'dist', 'node-replay.js');
      return await vscode.debug.startDebugging(
        session.workspaceFolder,
        nodeReplayLaunchConfig(program, job.jobFile, job.eventId, session.name),
      );
    } catch (err) {
      void vscode.window.showErrorMessage(`Could not open the replay in the Node debugger: ${(err as Error).message}`);
      return false;
    }
  });
}
