// Starts the Rewind debug adapter (dist/debug-adapter.js) as a separate Node process with the user's
// `node`, in the workspace folder: user code loads there, never into the extension host.
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';

export class RewindAdapterFactory implements vscode.DebugAdapterDescriptorFactory {
  constructor(private readonly adapterFile: string) {}

  createDebugAdapterDescriptor(session: vscode.DebugSession): vscode.DebugAdapterDescriptor {
    if (!fs.existsSync(this.adapterFile))
      throw new Error(
        `The Rewind debug adapter is missing (${this.adapterFile}): rebuild the extension (node scripts/build.mjs) or reinstall it.`,
      );
    const workflowsPath: unknown = session.configuration.workflowsPath;
    const cwd = session.workspaceFolder?.uri.fsPath ?? (typeof workflowsPath === 'string' ? path.dirname(workflowsPath) : undefined);
    return new vscode.DebugAdapterExecutable('node', [this.adapterFile], cwd ? { cwd } : {});
  }
}
