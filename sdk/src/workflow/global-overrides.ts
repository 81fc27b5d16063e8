// In workflow code `setTimeout` is a durable timer (Temporal's behaviour): it survives restarts and
// replays like `sleep`. Installed once per sandbox; each call goes to the current run.
import { getActivator } from './current-activator';

type TimerCallback = (...args: unknown[]) => unknown;

export function installGlobalOverrides(g: Record<string, unknown>): void {
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
}
