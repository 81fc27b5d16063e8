// The `AsyncLocalStorage` global of the workflow sandbox, as Temporal's sandbox has it (libraries written for
// Temporal's workflows read it, e.g. interceptors-opentelemetry's context manager): Node's, each instance
// disabled when the run that made it is disposed, so that none keeps Node's async hooks busy after its run.
import { AsyncLocalStorage } from 'node:async_hooks';

/** The storages a sandbox's runs made, by run; the class is the sandbox's `AsyncLocalStorage` global. */
export class SandboxStorages {
  /** The run whose code runs now (set by the sandbox around each call into a run). */
  current: string | undefined;
  private readonly byRun = new Map<string, AsyncLocalStorage<unknown>[]>();
  readonly AsyncLocalStorage: typeof AsyncLocalStorage;

  constructor() {
    const made = (storage: AsyncLocalStorage<unknown>): void => {
      if (this.current === undefined) return;
      const list = this.byRun.get(this.current) ?? [];
      list.push(storage);
      this.byRun.set(this.current, list);
    };
    this.AsyncLocalStorage = class WorkflowAsyncLocalStorage<T> extends AsyncLocalStorage<T> {
      /** Temporal's has a name, for debugging. */
      constructor(readonly name = 'anonymous') {
        super();
        made(this as AsyncLocalStorage<unknown>);
      }
    };
  }

  /** Disables the storages the run made (its last call is over). */
  disposeRun(key: string): void {
    for (const storage of this.byRun.get(key) ?? []) storage.disable();
    this.byRun.delete(key);
  }
}
