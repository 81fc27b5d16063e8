// Reads workflow definitions from source on a thread of its own (see scan-thread.ts), with the
// TypeScript of the project the files belong to; started on first use, stopped with the extension.
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { mayDefineWorkflows, type WorkflowDefinition } from '../model/workflow-scan';
import type { ScanReply, ScanRequest } from './scan-messages';

export class WorkflowScanner {
  private thread: Worker | undefined;
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (d: WorkflowDefinition[]) => void; reject: (e: Error) => void }>();

  /** `threadScript`: the built scan-thread.js; `roots`: where else to look for TypeScript (the workspace folders). */
  constructor(
    private readonly threadScript: string,
    private readonly roots: () => string[],
  ) {}

  /** The workflow functions the files define; none if no TypeScript is installed near them (nothing to read them with). */
  async scan(files: { file: string; text: string }[]): Promise<WorkflowDefinition[]> {
    const candidates = files.filter((f) => mayDefineWorkflows(f.text));
    if (candidates.length === 0) return [];
    const typescript = this.findTypeScript(candidates[0]!.file);
    if (!typescript) return [];
    const id = this.nextId++;
    const request: ScanRequest = { id, typescript, files: candidates };
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.start().postMessage(request);
    });
  }

  /** The project's own TypeScript, found from the file, else from the workspace folders (resolving is cheap; loading is the thread's). */
  private findTypeScript(near: string): string | undefined {
    for (const place of [path.dirname(near), ...this.roots()]) {
      try {
        return require.resolve('typescript', { paths: [place] });
      } catch {
        // Not installed there.
      }
    }
    return undefined;
  }

  private start(): Worker {
    if (this.thread) return this.thread;
    const thread = new Worker(this.threadScript);
    thread.unref();
    thread.on('message', (reply: ScanReply) => {
      const w = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      if ('error' in reply) w?.reject(new Error(`Could not read the workflow definitions: ${reply.error}`));
      else w?.resolve(reply.definitions);
    });
    const fail = (err: Error): void => {
      this.thread = undefined;
      for (const w of this.waiting.values()) w.reject(err);
      this.waiting.clear();
    };
    thread.on('error', fail);
    thread.on('exit', (code) => fail(new Error(`The scan thread stopped (${code}).`)));
    this.thread = thread;
    return thread;
  }

  dispose(): void {
    void this.thread?.terminate();
    this.thread = undefined;
  }
}
