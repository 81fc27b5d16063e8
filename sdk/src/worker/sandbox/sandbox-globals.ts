// Installed once in every sandbox context (this function's source is evaluated there, so it must not
// use imports or closures): deterministic Date and Math.random, no WeakRef / FinalizationRegistry, and
// the registry through which the host creates runs and calls into them.
//
// `Date.now()` is the time of the current workflow task; `Math.random()` is a PRNG seeded per run. The
// originals are handed to the runtime (`__rewind_unsafe`, which it takes and removes) for workflowInfo().unsafe.
export function installSandboxGlobals(): void {
  interface Slot {
    now: number;
    random: () => number;
    activator: Record<string, (arg?: unknown) => unknown> | undefined;
  }
  const g = globalThis as unknown as Record<string, unknown>;
  const runs = new Map<string, Slot>();
  let current: Slot | undefined;

  function slot(): Slot {
    if (!current) throw new Error('Workflow time and randomness are only available inside a workflow.');
    return current;
  }

  // sfc32, seeded from a 32-bit number: small, fast and good enough for deterministic ids.
  function prng(seed: number): () => number {
    let a = 0x9e3779b9;
    let b = 0x243f6a88;
    let c = 0xb7e15162;
    let d = seed >>> 0;
    const next = (): number => {
      a >>>= 0;
      b >>>= 0;
      c >>>= 0;
      d >>>= 0;
      let t = (a + b) | 0;
      a = b ^ (b >>> 9);
      b = (c + (c << 3)) | 0;
      c = (c << 21) | (c >>> 11);
      d = (d + 1) | 0;
      t = (t + d) | 0;
      c = (c + t) | 0;
      return (t >>> 0) / 4294967296;
    };
    for (let i = 0; i < 15; i++) next();
    return next;
  }

  const OriginalDate = Date;
  function WorkflowDate(this: unknown, ...args: unknown[]): unknown {
    if (!new.target) return new OriginalDate(slot().now).toString();
    if (args.length === 0) return Reflect.construct(OriginalDate, [slot().now], new.target);
    return Reflect.construct(OriginalDate, args, new.target);
  }
  WorkflowDate.prototype = OriginalDate.prototype;
  WorkflowDate.now = () => slot().now;
  WorkflowDate.parse = OriginalDate.parse;
  WorkflowDate.UTC = OriginalDate.UTC;
  Object.defineProperty(OriginalDate.prototype, 'constructor', { value: WorkflowDate, writable: true, configurable: true });
  g.Date = WorkflowDate;
  const originalNow = OriginalDate.now.bind(OriginalDate);
  const originalRandom = Math.random.bind(Math);
  Object.defineProperty(g, '__rewind_unsafe', { value: Object.freeze({ now: originalNow, random: originalRandom }), configurable: true });
  Math.random = () => slot().random();
  delete g.WeakRef;
  delete g.FinalizationRegistry;

  type Factory = () => { importWorkflows(): Record<string, unknown>; importInterceptors(): unknown[] };
  interface Runtime {
    Activator: new (modules: ReturnType<Factory>) => Slot['activator'];
    setActivator(a: Slot['activator']): void;
  }
  const sdk = (): Runtime => g.__rewind_sdk as Runtime;

  // The host passes and receives JSON text only: no object crosses between the realms.
  g.__rewind_host = {
    create(key: string, seed: number, now: number): void {
      const s: Slot = { now, random: prng(seed), activator: undefined };
      runs.set(key, s);
      current = s;
      sdk().setActivator(undefined);
      // The bundle's own copy for this run; its modules load as the run starts (the Activator imports them).
      s.activator = new (sdk().Activator)((g.__rewind_factory as Factory)());
    },
    invoke(key: string, method: string, json?: string): string | undefined {
      const s = runs.get(key);
      if (!s || !s.activator) throw new Error(`No workflow run ${key} in this sandbox`);
      current = s;
      sdk().setActivator(s.activator);
      const input = (json === undefined ? undefined : JSON.parse(json)) as { activation?: { timestamp?: number } } | undefined;
      // Workflow time is the time of the task being applied.
      const timestamp = input?.activation?.timestamp;
      if (typeof timestamp === 'number') s.now = timestamp;
      const out = s.activator[method]!.call(s.activator, input);
      return out === undefined ? undefined : JSON.stringify(out);
    },
    dispose(key: string): void {
      const s = runs.get(key);
      // The internals interceptors' dispose runs inside the run, as its last call.
      if (s?.activator?.dispose) {
        current = s;
        sdk().setActivator(s.activator);
        try {
          s.activator.dispose.call(s.activator);
        } catch {
          // An interceptor's failure must not keep the run in memory.
        }
        sdk().setActivator(undefined);
      }
      runs.delete(key);
      if (current === s) current = undefined;
    },
    /** Names of the functions the workflows module exports (evaluated once, outside any run). */
    workflowTypes(): string {
      current = { now: 0, random: prng(0), activator: undefined };
      try {
        const workflows = (g.__rewind_factory as Factory)().importWorkflows();
        return JSON.stringify(Object.keys(workflows).filter((k) => typeof workflows[k] === 'function'));
      } finally {
        current = undefined;
      }
    },
  };
}
