// Time for the server: the system clock, or one a test (or the time-skipping environment) drives.

export interface TimerHandle {
  cancel(): void;
}

export interface Clock {
  now(): number;
  /** Calls `fn` once `ms` milliseconds of this clock have passed. */
  schedule(fn: () => void, ms: number): TimerHandle;
}

/** Node's setTimeout takes at most 2^31-1 ms; longer waits are re-armed. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

export const systemClock: Clock = {
  now: () => Date.now(),
  schedule(fn, ms) {
    const handle = setTimeout(fn, Math.max(0, Math.min(ms, MAX_TIMEOUT_MS)));
    handle.unref?.();
    return { cancel: () => clearTimeout(handle) };
  },
};
