// The workspace's workflow types, read from source on the scan thread (with Rewind's own TypeScript),
// for Start Workflow.
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
