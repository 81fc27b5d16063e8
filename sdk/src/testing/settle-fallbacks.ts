// How many times a time-skipping test environment stopped waiting for its server and workers to settle
// because its wait ran out (env.sleep then moves time on anyway): kept per environment, read by tests.
const counts = new WeakMap<object, number>();

/** Notes that one of `env`'s waits to settle ran out. */
export function countSettleFallback(env: object): void {
  counts.set(env, (counts.get(env) ?? 0) + 1);
}

/** How many of `env`'s waits to settle ran out so far. */
export function settleFallbacks(env: object): number {
  return counts.get(env) ?? 0;
}
