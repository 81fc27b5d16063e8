// The type-check thread seen from `rewind dev` (see type-check-thread.ts): one check at a time; a
// thread that fails or stops rejects the check it was on.
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { TypeCheckThreadData, TypeCheckThreadReply } from './type-check-thread';

const threadScript = (): string =>
  path.join(path.dirname(require.resolve('@rewind/devserver/package.json')), 'dist', 'type-check-thread.js');

export class ThreadTypeCheck {
  private readonly thread: Worker;
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (errors: string[]) => void; reject: (err: Error) => void }>();
  private stopped: Error | undefined;

  constructor(data: TypeCheckThreadData) {
    this.thread = new Worker(threadScript(), { workerData: data });
    this.thread.on('message', (reply: TypeCheckThreadReply) => {
      const w = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      if ('failed' in reply) w?.reject(new Error(reply.failed));
      else w?.resolve(reply.errors);
    });
    this.thread.on('error', (err) => this.fail(err));
    this.thread.on('exit', (code) => this.fail(new Error(`the thread exited (code ${code})`)));
  }

  /** The errors in the project's files (none: it type-checks); rejects when the check could not run. */
  check(): Promise<string[]> {
    if (this.stopped) return Promise.reject(this.stopped);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.thread.postMessage(id);
    });
  }

  kill(): void {
    void this.thread.terminate();
  }

  private fail(err: Error): void {
    this.stopped ??= err;
    for (const w of this.waiting.values()) w.reject(this.stopped);
    this.waiting.clear();
  }
}
