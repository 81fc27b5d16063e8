// The workspace's workflow types (read from source with the workspace's TypeScript, on the scan thread)
// and its Rewind task queue (from rewind.config.json or package.json), for Start Workflow.
import * as vscode from 'vscode';
import { mayDefineWorkflows, type WorkflowDefinition } from '../model/workflow-scan';
import type { WorkflowScanner } from './workflow-scanner';

const SOURCES = '**/*.{ts,mts,cts,js,mjs}';
const SKIP = '**/{node_modules,dist,out,.rewind,.git}/**';

export async function findWorkflows(scanner: WorkflowScanner): Promise<WorkflowDefinition[]> {
  const files: { file: string; text: string }[] = [];
  for (const uri of await vscode.workspace.findFiles(SOURCES, SKIP, 2000)) {
    const text = Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8');
    if (mayDefineWorkflows(text)) files.push({ file: uri.fsPath, text });
  }
  return (await scanner.scan(files)).sort((a, b) => a.name.localeCompare(b.name));
}

/** The taskQueue a workspace's Rewind configuration names, if any. */
export async function projectTaskQueue(): Promise<string | undefined> {
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    for (const [file, pick] of [
      ['rewind.config.json', (j: Record<string, unknown>) => j],
      ['package.json', (j: Record<string, unknown>) => j.rewind as Record<string, unknown> | undefined],
    ] as const) {
      try {
        const text = Buffer.from(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder.uri, file))).toString('utf8');
        const queue = pick(JSON.parse(text) as Record<string, unknown>)?.taskQueue;
        if (typeof queue === 'string') return queue;
      } catch {
        // No such file, or not JSON: try the next.
      }
    }
  }
  return undefined;
}
