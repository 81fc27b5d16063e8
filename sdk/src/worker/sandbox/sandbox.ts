// The workflow sandbox: one node:vm context per bundle (creating a context costs ~0.7 ms, calling into
// one ~1 µs), and inside it one fresh copy of the bundle's modules per run. The context's microtask
// queue is drained after every call in, so an activation is a synchronous step: jobs in, commands out.
import { AsyncLocalStorage } from 'node:async_hooks';
import vm from 'node:vm';
import type { Activation, ActivationResult, Failure, Header, Payload, WorkflowLogEntry } from '../../protocol';
import { definedFields } from '../../common/defined-fields';
import { groupJobs } from '../workflows/activation-groups';
import { bundleRuntime, FACTORY_GLOBAL, WorkflowBundleError, type WorkflowBundle } from './bundler';
import { installSandboxGlobals } from './sandbox-globals';
import { SandboxStorages } from './sandbox-async-local-storage';
import { BundleSourceMap } from './source-map';
import { callSinks, type SinkDispatch } from '../sinks';
import type { SinkCall } from '../../workflow/sinks';
import type { JobBatching } from '../../workflow/flags';

interface HostApi {
  create(key: string, seed: number, now: number): void;
  invoke(key: string, method: string, json?: string): string | undefined;
  dispose(key: string): void;
  workflowTypes(): string;
}

/** A query's answer (a result or a failure), with the lines the workflow logged while answering it. */
export interface QueryAnswer {
  result?: Payload;
  failure?: Failure;
  logs: WorkflowLogEntry[];
}

const BUNDLE_FILENAME = 'rewind-workflows.js';

export interface SandboxOptions {
  /**
   * Workflow code keeps V8's console (its lines go to an attached inspector, as under Node's debugger) instead
   * of Temporal's, which prints on the worker's console and is silent while history replays.
   */
  nativeConsole?: boolean;
}
const EMPTY_SOURCE_MAP = JSON.stringify({ version: 3, sources: [], names: [], mappings: '' });

export class WorkflowSandbox {
  readonly sourceMap: BundleSourceMap;
  readonly workflowTypes: readonly string[];
  private readonly context: vm.Context;
  private readonly host: HostApi;
  private nextKey = 1;
  /** The context's AsyncLocalStorage global, and the storages each run made with it. */
  private readonly storages = new SandboxStorages();
  /** Runs created and not yet disposed (a leak shows here). */
  liveRuns = 0;
  private readonly callScript = new vm.Script('__rewind_out = __rewind_host.invoke(__rewind_key, __rewind_method, __rewind_arg)', {
    filename: 'rewind-host.js',
  });
  private readonly fnScript = new vm.Script('__rewind_out = __rewind_fn(); __rewind_fn = undefined', { filename: 'rewind-host.js' });

  constructor(
    bundle: WorkflowBundle,
    runtimeCode: string,
    /** The worker's sinks: the calls of each activation are made through them. */
    readonly sinks?: SinkDispatch,
    options: SandboxOptions = {},
  ) {
    this.context = vm.createContext(
      { __rewind_scopeStorage: new AsyncLocalStorage(), ...(options.nativeConsole ? { __rewind_nativeConsole: true } : {}) },
      { microtaskMode: 'afterEvaluate' },
    );
    Object.defineProperty(this.context, 'AsyncLocalStorage', { value: this.storages.AsyncLocalStorage, enumerable: true });
    // The install function's own source runs in the context; `__name` is the helper that transpilers
    // (esbuild's keepNames, tsx) insert into function sources.
    vm.runInContext(`(function(){ var __name = function (f) { return f; }; (${installSandboxGlobals.toString()})(); })()`, this.context, {
      filename: 'rewind-sandbox-globals.js',
    });
    new vm.Script(runtimeCode, { filename: 'rewind-workflow-runtime.js' }).runInContext(this.context);
    if (!bundle.code.includes(FACTORY_GLOBAL)) {
      throw new WorkflowBundleError(
        "This workflow bundle was not made by Rewind's bundleWorkflowCode (a bundle made by Temporal's runs only on " +
          "Temporal's worker): bundle with bundleWorkflowCode from @rewind/sdk/worker, or give the worker workflowsPath.",
      );
    }
    new vm.Script(bundle.code, { filename: BUNDLE_FILENAME }).runInContext(this.context);
    this.host = this.context.__rewind_host as HostApi;
    // A bundle kept without its map: stacks name the bundle's own lines.
    this.sourceMap = new BundleSourceMap(bundle.sourceMap ?? EMPTY_SOURCE_MAP, BUNDLE_FILENAME);
    this.workflowTypes = JSON.parse(this.call(() => this.host.workflowTypes())) as string[];
  }

  /** Runs a function of the host API through a script, so that the context's microtasks drain after it. */
  private call<T>(fn: () => T): T {
    const ctx = this.context;
    ctx.__rewind_fn = fn;
    this.fnScript.runInContext(ctx);
    const out = ctx.__rewind_out as T;
    ctx.__rewind_out = undefined;
    return out;
  }

  invoke(key: string, method: string, arg?: unknown): unknown {
    const ctx = this.context;
    ctx.__rewind_key = key;
    ctx.__rewind_method = method;
    ctx.__rewind_arg = arg === undefined ? undefined : JSON.stringify(arg);
    this.storages.current = key;
    try {
      this.callScript.runInContext(ctx);
    } finally {
      this.storages.current = undefined;
    }
    const out = ctx.__rewind_out as string | undefined;
    ctx.__rewind_out = undefined;
    return out === undefined ? undefined : JSON.parse(out);
  }

  /** A sandbox for a bundle, with the workflow runtime loaded. */
  static async create(bundle: WorkflowBundle, sinks?: SinkDispatch, options?: SandboxOptions): Promise<WorkflowSandbox> {
    return new WorkflowSandbox(bundle, await bundleRuntime(), sinks, options);
  }

  /**
   * Calls `hook` with each code site's ordinal while the workflow code that reached it is on the stack
   * (the replay debugger pauses there); undefined removes it. Sites exist only while replaying.
   */
  setSiteHook(hook: ((ordinal: number) => void) | undefined): void {
    this.context.__rewind_siteHook = hook;
  }

  createRun(seed: number, now: number): SandboxRun {
    const key = String(this.nextKey++);
    this.storages.current = key;
    try {
      this.call(() => this.host.create(key, seed, now));
    } finally {
      this.storages.current = undefined;
    }
    this.liveRuns++;
    return new SandboxRun(this, key);
  }

  dispose(key: string): void {
    this.storages.current = key;
    try {
      this.host.dispose(key);
    } finally {
      this.storages.current = undefined;
    }
    this.storages.disposeRun(key);
    this.liveRuns--;
  }
}

/** One workflow run inside the sandbox. */
export class SandboxRun {
  constructor(
    private readonly sandbox: WorkflowSandbox,
    private readonly key: string,
  ) {}

  /** One activation: the jobs in their groups (microtasks drained between), conditions, then the commands. */
  activate(activation: Activation): ActivationResult {
    // How the jobs are run is the run's to say (Temporal's batches for its histories, lang flag 2).
    const batching = this.sandbox.invoke(this.key, 'jobBatching', {
      sdkMetadata: activation.sdkMetadata,
      isReplaying: activation.isReplaying,
      hasSignals: activation.jobs.some((j) => j.type === 'SignalWorkflow'),
    }) as JobBatching;
    const groups = activation.jobs.length > 0 ? groupJobs(activation.jobs, batching) : [[]];
    for (const jobs of groups) {
      // Object.assign, not `{ ...activation, jobs }` (~1 µs on Node 20: a spread, then a key).
      while (this.sandbox.invoke(this.key, 'step', { activation: Object.assign({}, activation, { jobs }) }) === 'again') {
        // A condition became true: its code ran before these jobs are applied.
      }
    }
    for (;;) {
      const out = this.sandbox.invoke(this.key, 'step', { conclude: true }) as 'again' | ActivationResult;
      if (out === 'again') continue;
      this.makeSinkCalls();
      return out;
    }
  }

  /** Makes the sink calls the run recorded since the last time (each filtered by the info it was made with). */
  private makeSinkCalls(): void {
    const calls = this.sandbox.invoke(this.key, 'takeSinkCalls') as SinkCall[];
    if (calls.length > 0 && this.sandbox.sinks) callSinks(this.sandbox.sinks, calls);
  }

  /**
   * A query's answer; one that went through an interceptor's promise is read once the sandbox's microtasks ran.
   * With it, the lines the query logged; its sink calls are made at once (a query is live, as in Temporal).
   */
  query(queryType: string, args: Payload[], headers?: Header, queryId?: string): QueryAnswer {
    const out = this.sandbox.invoke(this.key, 'query', { queryType, args, ...definedFields({ headers, queryId }) }) as
      { result?: Payload; failure?: Failure } | { pending: true };
    const answer = 'pending' in out ? (this.sandbox.invoke(this.key, 'queryOutcome') as { result?: Payload; failure?: Failure }) : out;
    this.makeSinkCalls();
    return { ...answer, logs: this.sandbox.invoke(this.key, 'takeLogs') as WorkflowLogEntry[] };
  }

  /** What the workflow waits on, with the stack and site where it began to wait (captured while replaying). */
  stack(): { what: string; stack: string; site: number }[] {
    return this.sandbox.invoke(this.key, 'stack') as { what: string; stack: string; site: number }[];
  }

  /** The stack of the code that issued command `index` of the last activation. */
  commandStack(index: number): string | undefined {
    return this.sandbox.invoke(this.key, 'commandStack', index) as string | undefined;
  }

  /** The stacks of all the commands of the last activation (undefined where none was captured: a live task). */
  commandStacks(): (string | undefined)[] {
    return (this.sandbox.invoke(this.key, 'commandStacks') as (string | null)[]).map((s) => s ?? undefined);
  }

  /** The site ordinals of the commands of the last activation (see CodeSites; undefined on a live task). */
  commandSites(): (number | undefined)[] {
    return (this.sandbox.invoke(this.key, 'commandSites') as (number | null)[]).map((s) => s ?? undefined);
  }

  /** The signal, query and update handlers the run has set. */
  handlers(): { signals: string[]; queries: string[]; updates: string[] } {
    return this.sandbox.invoke(this.key, 'handlerNames') as { signals: string[]; queries: string[]; updates: string[] };
  }

  private disposed = false;

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.sandbox.dispose(this.key);
  }
}
