// Reads workflow definitions from source, and evaluates a project's rewind.config.ts, on a thread of its
// own (see scan-thread.ts); started on first use, stopped with the extension. What a file's text gave is
// kept: a file is parsed again only when its text changed.
import { Worker } from 'node:worker_threads';
import { tieHandlers, type HandlerDefinition, type HandlerScan } from '../model/handler-scan';
import { mayDefineWorkflows, type WorkflowDefinition } from '../model/workflow-scan';
import type { ScanReply, ScanRequest } from './scan-messages';

/** What the thread read in one file's text. */
interface Scanned {
  text: string;
  definitions?: WorkflowDefinition[];
  handlers?: HandlerScan;
}

export class WorkflowScanner {
  private thread: Worker | undefined;
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (reply: ScanReply) => void; reject: (e: Error) => void }>();
  private readonly scanned = new Map<string, Scanned>();
  /** How many files' texts the thread has parsed (a kept one is not parsed again). */
  parsedFiles = 0;

  /** `threadScript`: the built scan-thread.js. */
  constructor(private readonly threadScript: string) {}

  /** The workflow functions the files define. */
  async scan(files: { file: string; text: string }[]): Promise<WorkflowDefinition[]> {
    const candidates = files.filter((f) => mayDefineWorkflows(f.text));
    const fresh = candidates.filter((f) => this.known(f)?.definitions === undefined);
    if (fresh.length > 0) {
      this.parsedFiles += fresh.length;
      const reply = await this.request((id) => ({ type: 'scan', id, files: fresh }));
      if ('error' in reply) throw new Error(`Could not read the workflow definitions: ${reply.error}`);
      const definitions = 'definitions' in reply ? reply.definitions : [];
      for (const f of fresh) this.entry(f).definitions = definitions.filter((d) => d.file === f.file);
    }
    return candidates.flatMap((f) => this.known(f)?.definitions ?? []);
  }

  /** The signals, queries and updates the files define, tied to the workflows that set their handlers. */
  async scanHandlers(files: { file: string; text: string }[]): Promise<HandlerDefinition[]> {
    const candidates = files.filter((f) => mayDefineWorkflows(f.text));
    const fresh = candidates.filter((f) => this.known(f)?.handlers === undefined);
    if (fresh.length > 0) {
      this.parsedFiles += fresh.length;
      const reply = await this.request((id) => ({ type: 'handlers', id, files: fresh }));
      if ('error' in reply) throw new Error(`Could not read the signal, query and update definitions: ${reply.error}`);
      const scans = 'handlers' in reply ? reply.handlers : [];
      fresh.forEach((f, i) => (this.entry(f).handlers = scans[i] ?? { definitions: [], uses: [] }));
    }
    return tieHandlers(candidates.flatMap((f) => this.known(f)?.handlers ?? []));
  }

  /** What is kept of the file, if it was read with this text. */
  private known(f: { file: string; text: string }): Scanned | undefined {
    const kept = this.scanned.get(f.file);
    return kept?.text === f.text ? kept : undefined;
  }

  /** The file's entry for this text (a changed text starts a new one). */
  private entry(f: { file: string; text: string }): Scanned {
    let kept = this.known(f);
    if (!kept) {
      kept = { text: f.text };
      this.scanned.set(f.file, kept);
    }
    return kept;
  }

  /**
   * The configuration a rewind.config.ts defines (its default export, else its exports), as plain data:
   * the file and the project files it imports run on the thread. Throws what the evaluation threw.
   */
  async loadConfigModule(file: string): Promise<unknown> {
    const reply = await this.request((id) => ({ type: 'configModule', id, file }));
    if ('error' in reply) throw new Error(reply.error);
    return 'configModule' in reply ? reply.configModule : undefined;
  }

  /** Sends the request `make` builds with its id; resolves with the thread's reply to it. */
  private request(make: (id: number) => ScanRequest): Promise<ScanReply> {
    const request = make(this.nextId++);
    return new Promise((resolve, reject) => {
      this.waiting.set(request.id, { resolve, reject });
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
      w?.resolve(reply);
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
