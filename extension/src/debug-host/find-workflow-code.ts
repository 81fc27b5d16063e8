// Finds the workflow code that replays a run of a workflow type, in the whole workspace (every folder,
// multi-root too): the scan of its sources, the modules the live workers registered the type from (one
// outside the workspace is used and said so), the Rewind configurations of its folders and sub-folders.
// Asks only when two files export the type; when none does, says where it looked and offers to pick a file.
import path from 'node:path';
import * as vscode from 'vscode';
import { readProjectSettings } from '@rewind/sdk/internal/project/project-config';
import { definedFields } from '@rewind/sdk/internal/common/defined-fields';
import fs from 'node:fs';
import type { TaskQueueSummary } from '@rewind/sdk/protocol';
import { offerPick, type PickUi } from '../model/offer-pick';
import { chooseWorkflowCode, historyTaskQueue, historyWorkflowType, registeredCode } from '../model/workflow-code-choice';
import { findWorkflows } from '../workspace/find-workflows';
import { projectWorkflowsPaths, type ConfigModuleLoader } from '../workspace/project-config';
import type { WorkflowScanner } from '../workspace/workflow-scanner';

const CONFIG_FILES = '**/{rewind.config.json,rewind.config.ts}';
const SKIP = '**/{node_modules,dist,out,.rewind,.git}/**';

/**
 * The workflows module to replay `workflowType` with; undefined if there is none to use now. When nothing
 * in the workspace exports the type, that is said with a Pick a File… action (the command does not wait
 * for it): a file picked later is handed to `later`.
 */
export async function findWorkflowCode(
  workflowType: string | undefined,
  scanner: WorkflowScanner,
  folder: vscode.WorkspaceFolder | undefined,
  later: (workflowsPath: string) => void,
  /** The live workers' task queues (`taskQueue.list`), undefined when the server cannot say. */
  registered: () => Promise<readonly TaskQueueSummary[] | undefined>,
): Promise<string | undefined> {
  const folders = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
  const configured = [...(await projectWorkflowsPaths(scanner, folder)), ...(await subfolderConfigurations(scanner))];
  if (workflowType === undefined) {
    // A history that names no type: the configured module, as before, or the user's pick.
    if (configured[0]) return configured[0].workflowsPath;
    void offerPick(vscodePickUi, 'The history names no workflow type, and no Rewind configuration names a workflows module.', later);
    return undefined;
  }
  const [definitions, queues] = await Promise.all([findWorkflows(scanner).catch(() => []), registered()]);
  const choice = chooseWorkflowCode(workflowType, { configured, definitions, registered: registeredCode(queues), folders });
  switch (choice.kind) {
    case 'found':
      if (choice.note) void vscode.window.showInformationMessage(choice.note);
      return choice.workflowsPath;
    case 'ask': {
      const picked = await vscode.window.showQuickPick(
        choice.candidates.map((file) => ({ label: vscode.workspace.asRelativePath(file), description: path.dirname(file), file })),
        { title: `Several files export the workflow type '${workflowType}': which code replays it?`, ignoreFocusOut: true },
      );
      return picked?.file;
    }
    case 'none':
      void offerPick(vscodePickUi, choice.message, later);
      return undefined;
  }
}

/**
 * The workflow type and task queue a launch's history starts with (inline, or a file: relative to `folder`),
 * if it can be read; one that cannot is the session's to report.
 */
export function historySourceStart(
  source: { history?: unknown; historyFile?: unknown },
  folder?: vscode.WorkspaceFolder,
): { workflowType?: string; taskQueue?: string } {
  const of = (history: unknown): { workflowType?: string; taskQueue?: string } =>
    definedFields({ workflowType: historyWorkflowType(history), taskQueue: historyTaskQueue(history) });
  if (source.history !== undefined) return of(source.history);
  if (typeof source.historyFile !== 'string') return {};
  try {
    const file = path.resolve(folder?.uri.fsPath ?? '', source.historyFile);
    return of(JSON.parse(fs.readFileSync(file, 'utf8')));
  } catch {
    return {};
  }
}

/** The configurations of the workspace's sub-folders (a repository of several projects). */
async function subfolderConfigurations(loader: ConfigModuleLoader): Promise<{ folder: string; workflowsPath: string }[]> {
  const roots = new Set((vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath));
  const dirs = new Set((await vscode.workspace.findFiles(CONFIG_FILES, SKIP, 200)).map((uri) => path.dirname(uri.fsPath)));
  const found: { folder: string; workflowsPath: string }[] = [];
  for (const dir of [...dirs].filter((d) => !roots.has(d)).sort()) {
    const settings = await readProjectSettings(dir, (file) => loader.loadConfigModule(file)).catch(() => undefined);
    if (settings?.workflowsPath !== undefined) found.push({ folder: dir, workflowsPath: settings.workflowsPath });
  }
  return found;
}

/** VS Code's error message and open dialog, for offerPick. */
const vscodePickUi: PickUi = {
  showError: (message, action) => vscode.window.showErrorMessage(message, action),
  pickFile: async () => {
    const uris = await vscode.window.showOpenDialog({
      canSelectMany: false,
      openLabel: 'Replay With This Code',
      filters: { 'Workflow code': ['ts', 'mts', 'cts', 'js', 'mjs'] },
    });
    return uris?.[0]?.fsPath;
  },
};
