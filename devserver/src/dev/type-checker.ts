// Type checks run on a thread of their own (see type-check-thread.ts), one at a time.
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { DevConfig } from './dev-config';
import type { TypeCheckReply } from './type-check-thread';

const threadScript = (): string =>
  path.join(path.dirname(require.resolve('@rewind/devserver/package.json')), 'dist', 'type-check-thread.js');

export class TypeChecker {
  private readonly thread: Worker;
  private nextId = 1;
  private readonly waiting = new Map<number, (reply: TypeCheckReply) => void>();

  constructor(config: DevConfig) {
    this.thread = new Worker(threadScript(), { workerData: config });
    this.thread.on('message', (reply: TypeCheckReply) => {
      this.waiting.get(reply.id)?.(reply);
      this.waiting.delete(reply.id);
    });
    this.thread.on('error', (err) => {
      for (const resolve of this.waiting.values()) resolve({ id: 0, unavailable: `The type checker stopped: ${err.message}` });
      this.waiting.clear();
    });
  }

  /** The project's type errors now (an empty list when it type-checks), or why it cannot be checked. */
  check(): Promise<TypeCheckReply> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.thread.postMessage(id);
    });
  }

  async close(): Promise<void> {
    await this.thread.terminate();
  }
}
