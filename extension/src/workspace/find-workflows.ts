// The workspace's workflow types (read from source with the workspace's TypeScript) and its Rewind
// task queue (from rewind.config.json or package.json), for Start Workflow and the CodeLens.
import * as vscode from 'vscode';
import type * as TS from 'typescript';
import { mayDefineWorkflows, scanWorkflows, type WorkflowDefinition } from '../model/workflow-scan';

const SOURCES = '**/*.{ts,mts,cts,js,mjs}';
const SKIP = '**/{node_modules,dist,out,.rewind,.git}/**';

export async function findWorkflows(): Promise<WorkflowDefinition[]> {
  const ts = loadTypeScript();
  if (!ts) return [];
  const files = await vscode.workspace.findFiles(SOURCES, SKIP, 2000);
  const out: WorkflowDefinition[] = [];
  for (const uri of files) {
    const text = Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8');
    if (mayDefineWorkflows(text)) out.push(...scanWorkflows(ts, uri.fsPath, text));
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
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

/** The workspace's own TypeScript (a workflow project has it); none means no scan. */
function loadTypeScript(): typeof TS | undefined {
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    try {
      return require(require.resolve('typescript', { paths: [folder.uri.fsPath] })) as typeof TS;
    } catch {
      // Not installed there.
    }
  }
  return undefined;
}
