// The workspace's source files that may define workflows (they import a workflow API), read in parallel:
// dependencies, build output, hidden folders (.test-build, .next, …) and bundle-sized files are skipped.
import * as vscode from 'vscode';
import { mayDefineWorkflows } from '../model/workflow-scan';

const SOURCES = '**/*.{ts,mts,cts,js,mjs}';
const SKIP = '**/{node_modules,dist,out,build,coverage,.rewind,.git}/**';
/** At most this many files are read (the first found). */
const MAX_FILES = 2000;
/** A larger file is a bundle or generated, not a workflow someone writes. */
const MAX_BYTES = 1_000_000;
/** Files read at once. */
const PARALLEL = 32;

export interface SourceFile {
  file: string;
  text: string;
}

export async function workflowSourceFiles(): Promise<SourceFile[]> {
  const uris = (await vscode.workspace.findFiles(SOURCES, SKIP, MAX_FILES)).filter((uri) => !inHiddenFolder(uri));
  const found: SourceFile[] = [];
  for (let i = 0; i < uris.length; i += PARALLEL) {
    const batch = await Promise.all(uris.slice(i, i + PARALLEL).map(read));
    for (const source of batch) if (source && mayDefineWorkflows(source.text)) found.push(source);
  }
  return found;
}

async function read(uri: vscode.Uri): Promise<SourceFile | undefined> {
  const bytes = await Promise.resolve(vscode.workspace.fs.readFile(uri)).catch(() => undefined);
  if (!bytes || bytes.byteLength > MAX_BYTES) return undefined;
  return { file: uri.fsPath, text: Buffer.from(bytes).toString('utf8') };
}

/** Whether a folder of the path, inside its workspace folder, starts with a dot. */
function inHiddenFolder(uri: vscode.Uri): boolean {
  const relative = vscode.workspace.asRelativePath(uri, false);
  return relative
    .split('/')
    .slice(0, -1)
    .some((segment) => segment.startsWith('.'));
}
