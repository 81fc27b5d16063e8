// Rewind: Export History — a run's whole history saved as the file `rewind workflow show --output json`
// writes (model/history-file.ts), for Worker.runReplayHistory, the debugger, or a bug report.
import os from 'node:os';
import * as vscode from 'vscode';
import type { ServerConnection } from '../connection/server-connection';
import { historyFileName, historyFileText, readWholeHistory } from '../model/history-file';
import { target, type WorkflowTarget } from './workflow-actions';

export function registerExportHistory(connection: () => ServerConnection): vscode.Disposable {
  return vscode.commands.registerCommand('rewind.exportHistory', async (node?: WorkflowTarget, given?: { file?: string }) => {
    const fail = (what: string) => (err: Error) => {
      void vscode.window.showErrorMessage(`${what}: ${err.message}`);
      return undefined;
    };
    const picked = await target(node);
    if (!picked) return undefined;
    const c = connection();
    // The run id names the file, and pins the pages read below to one run.
    const run = picked.runId
      ? { ...picked, runId: picked.runId }
      : await c.call('workflow.describe', { namespace: c.namespace, ...picked }).catch(fail(`Could not find ${picked.workflowId}`));
    if (!run) return undefined;
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(os.homedir());
    const uri = given?.file
      ? vscode.Uri.file(given.file)
      : await vscode.window.showSaveDialog({
          title: `Export the history of ${run.workflowId}`,
          defaultUri: vscode.Uri.joinPath(folder, historyFileName(run.workflowId, run.runId)),
          filters: { 'History (JSON)': ['json'] },
        });
    if (!uri) return undefined;
    const history = await Promise.resolve(
      vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Exporting the history of ${run.workflowId}…` },
        () => readWholeHistory((p) => c.call('workflow.history', p), { namespace: c.namespace, ...run }),
      ),
    ).catch(fail(`Could not read the history of ${run.workflowId}`));
    if (!history) return undefined;
    const written = await Promise.resolve(vscode.workspace.fs.writeFile(uri, Buffer.from(historyFileText(history), 'utf8'))).then(
      () => true,
      fail(`Could not write ${uri.fsPath}`),
    );
    if (!written) return undefined;
    void vscode.window.setStatusBarMessage(`Wrote ${history.events.length} events to ${uri.fsPath}`, 4000);
    return uri.fsPath;
  });
}
