// The workspace's Rewind configuration, read by the one reader `rewind dev` uses (@rewind/sdk's
// project/project-config.ts: rewind.config.json, rewind.config.ts, package.json "rewind"), in each
// workspace folder: the task queue Start Workflow suggests and the workflows module the replay debugger
// loads. A configuration that cannot be read is said; one that is incomplete still gives its valid fields.
import * as vscode from 'vscode';
import { readProjectSettings, type LoadConfigModule, type ProjectSettings } from '@rewind/sdk/internal/project/project-config';

/** What evaluates a rewind.config.ts (the scan thread: WorkflowScanner). */
export interface ConfigModuleLoader {
  loadConfigModule: LoadConfigModule;
}

/** The configuration of `first` (if given), then of every other workspace folder, each that has one. */
async function* projectSettings(loader: ConfigModuleLoader, first?: vscode.WorkspaceFolder): AsyncGenerator<ProjectSettings> {
  const folders = [...(first ? [first] : []), ...(vscode.workspace.workspaceFolders ?? []).filter((f) => f !== first)];
  for (const folder of folders) {
    let settings: ProjectSettings | undefined;
    try {
      settings = await readProjectSettings(folder.uri.fsPath, (file) => loader.loadConfigModule(file));
    } catch (err) {
      void vscode.window.showWarningMessage(`Rewind: ${err instanceof Error ? err.message : String(err)}`);
      continue;
    }
    if (settings) yield settings;
  }
}

/** The taskQueue the workspace's Rewind configuration names, if any. */
export async function projectTaskQueue(loader: ConfigModuleLoader): Promise<string | undefined> {
  for await (const settings of projectSettings(loader)) if (settings.taskQueue !== undefined) return settings.taskQueue;
  return undefined;
}

/** Every workspace folder's configured workflows module (absolute), of `first` first. */
export async function projectWorkflowsPaths(
  loader: ConfigModuleLoader,
  first?: vscode.WorkspaceFolder,
): Promise<{ folder: string; workflowsPath: string }[]> {
  const found: { folder: string; workflowsPath: string }[] = [];
  for await (const settings of projectSettings(loader, first)) {
    if (settings.workflowsPath !== undefined) found.push({ folder: settings.root, workflowsPath: settings.workflowsPath });
  }
  return found;
}
