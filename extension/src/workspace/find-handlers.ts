// The workspace's signal, query and update definitions, read from source on the scan thread, for the
// Signal, Query and Update prompts (the same files find-workflows.ts reads).
import * as vscode from 'vscode';
import type { HandlerDefinition } from '../model/handler-scan';
import { mayDefineWorkflows } from '../model/workflow-scan';
import type { WorkflowScanner } from './workflow-scanner';

const SOURCES = '**/*.{ts,mts,cts,js,mjs}';
const SKIP = '**/{node_modules,dist,out,.rewind,.git}/**';

export async function findHandlers(scanner: WorkflowScanner): Promise<HandlerDefinition[]> {
  const files: { file: string; text: string }[] = [];
  for (const uri of await vscode.workspace.findFiles(SOURCES, SKIP, 2000)) {
    const text = Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8');
    if (mayDefineWorkflows(text)) files.push({ file: uri.fsPath, text });
  }
  return scanner.scanHandlers(files);
}
