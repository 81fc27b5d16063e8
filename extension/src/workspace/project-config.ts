// The workspace's Rewind configuration (rewind.config.json or package.json "rewind", in each folder):
// the task queue Start Workflow suggests and the workflows module the replay debugger loads.
import * as vscode from 'vscode';
import { CONFIG_FILES, rewindFields, stringSetting, workflowsPathOf } from '../model/project-config';

/** One config file's Rewind fields and the folder that holds it. */
interface FoundConfig {
  dir: string;
  fields: Record<string, unknown>;
}

/** The config files of `first` (if given), then of every workspace folder, in the order `rewind dev` reads them. */
async function* projectConfigs(first?: vscode.WorkspaceFolder): AsyncGenerator<FoundConfig> {
  const folders = [...(first ? [first] : []), ...(vscode.workspace.workspaceFolders ?? []).filter((f) => f !== first)];
  for (const folder of folders) {
    for (const file of CONFIG_FILES) {
      let text: string;
      try {
        text = Buffer.from(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder.uri, file))).toString('utf8');
      } catch {
        continue; // No such file.
      }
      const fields = rewindFields(file, text);
      if (fields) yield { dir: folder.uri.fsPath, fields };
    }
  }
}

/** The taskQueue the workspace's Rewind configuration names, if any. */
export async function projectTaskQueue(): Promise<string | undefined> {
  for await (const config of projectConfigs()) {
    const queue = stringSetting(config.fields, 'taskQueue');
    if (queue !== undefined) return queue;
  }
  return undefined;
}

/** The absolute path of the workflows module the configuration names (of `folder` first), if any. */
export async function projectWorkflowsPath(folder?: vscode.WorkspaceFolder): Promise<string | undefined> {
  for await (const config of projectConfigs(folder)) {
    const workflowsPath = workflowsPathOf(config.fields, config.dir);
    if (workflowsPath !== undefined) return workflowsPath;
  }
  return undefined;
}
