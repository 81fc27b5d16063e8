// In workflow code `setTimeout` is a durable timer (Temporal's behaviour): it survives restarts and
// replays like `sleep`, and `Math.random` draws from the run's generator (Temporal's alea, or the
// sandbox's first one for runs recorded before the TemporalRandomness flag). Installed once per
// sandbox; each call goes to the current run. workflowInfo().unsafe gets the sandbox's originals.
import { getActivator, inWorkflowContext } from './current-activator';
import type { UnsafeSources } from './info';
import { unsafeRandomSource } from './unsafe-random';
import { workflowConsole } from './workflow-console';

/** The global through which the sandbox hands over its un-sandboxed Math.random and Date.now (see sandbox-globals). */
const UNSAFE_GLOBAL = '__rewind_unsafe';

/** workflowInfo().unsafe's clock and random source: the sandbox's originals once installed. */
let unsafe: UnsafeSources = { now: Date.now, random: unsafeRandomSource(Math.random) };

/** The real clock and fresh randomness that workflowInfo().unsafe gives (never the run's deterministic ones). */
export function unsafeSources(): UnsafeSources {
  return unsafe;
}

/** The sandbox's per-run generator (sandbox-globals), as installed before this module replaced Math.random. */
let firstRandom: () => number = () => {
  throw new TypeError('Workflow randomness is only available inside a workflow.');
};

/** A draw from the sandbox's first generator: Math.random of runs that recorded no TemporalRandomness flag. */
export function drawFirstRandom(): number {
  return firstRandom();
}

type TimerCallback = (...args: unknown[]) => unknown;

export function installGlobalOverrides(g: Record<string, unknown>): void {
  firstRandom = Math.random;
  // Taken and removed, so that workflow code cannot reach the originals but through workflowInfo().unsafe.
  const given = g[UNSAFE_GLOBAL] as { random: () => number; now: () => number } | undefined;
  if (given) {
    unsafe = { now: given.now, random: unsafeRandomSource(given.random) };
    delete g[UNSAFE_GLOBAL];
  }
  // Code outside a run's activator (the sandbox listing the workflow types) draws from the first generator.
  Math.random = () => (inWorkflowContext() ? getActivator().random() : firstRandom());
  g.setTimeout = (fn: TimerCallback, ms?: number, ...args: unknown[]): number => {
    if (typeof fn !== 'function') throw new TypeError('setTimeout in a workflow needs a function (strings are not evaluated).');
    return getActivator().timers.setTimer(() => fn(...args), Math.max(0, Number(ms) || 0));
  };
  g.clearTimeout = (id?: number): void => {
    if (typeof id === 'number') getActivator().timers.clearTimer(id);
  };
  // Not durable and easy to leave running forever: refuse them with a clear message.
  const refuse = (name: string) => (): never => {
    throw new TypeError(`${name} is not available in workflow code: use a loop with sleep() (durable) instead.`);
  };
  g.setInterval = refuse('setInterval');
  g.setImmediate = refuse('setImmediate');
  // Temporal's console, unless the sandbox keeps V8's own (a replay under Node's debugger shows that one).
  if (g[NATIVE_CONSOLE_GLOBAL]) delete g[NATIVE_CONSOLE_GLOBAL];
  else Object.defineProperty(g, 'console', { value: workflowConsole(), writable: true, configurable: true });
}

/** Set by a sandbox whose workflow code keeps V8's console (sandbox.ts). */
const NATIVE_CONSOLE_GLOBAL = '__rewind_nativeConsole';
