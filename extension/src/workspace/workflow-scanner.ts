// Reads workflow definitions from source on a thread of its own (see scan-thread.ts); started on
// first use, stopped with the extension.
import { Worker } from 'node:worker_threads';
import { mayDefineWorkflows, type WorkflowDefinition } from '../model/workflow-scan';
import type { ScanReply, ScanRequest } from './scan-messages';

export class WorkflowScanner {
  private thread: Worker | undefined;
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (d: WorkflowDefinition[]) => void; reject: (e: Error) => void }>();

  /** `threadScript`: the built scan-thread.js. */
  constructor(private readonly threadScript: string) {}

  /** The workflow functions the files define. */
  async scan(files: { file: string; text: string }[]): Promise<WorkflowDefinition[]> {
    const candidates = files.filter((f) => mayDefineWorkflows(f.text));
    if (candidates.length === 0) return [];
    const id = this.nextId++;
    const request: ScanRequest = { id, files: candidates };
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.start().postMessage(request);
    });
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
