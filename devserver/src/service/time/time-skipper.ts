// Time skipping for tests (Temporal's test server semantics): while skipping is wanted and nothing can
// make progress but a timer, the clock jumps to that timer. Who wants it: Rewind's testing environment
// (someone waits for a workflow's result), or Temporal's TestService (its lock count is zero).
import type { SkippingClock } from './skipping-clock';

export interface SkippableService {
  /** Nothing in flight: no task waiting for or held by a worker, no change being committed. */
  isIdle(): boolean;
  /** Someone waits for a workflow's result. */
  hasResultWaiters(): boolean;
  nextTimerAt(): number | undefined;
}

/**
 * When time may skip. `result-waiters`: while someone waits for a workflow's result (Rewind's testing
 * environment). `test-service`: while Temporal's TestService lock count is zero (Temporal's test server).
 */
export type SkipRule = 'result-waiters' | 'test-service';

/** Temporal's test server refuses an unlock without a lock before it. */
export class UnbalancedUnlockError extends Error {
  override readonly name = 'UnbalancedUnlockError';
}

/** How often, at most, the skipper looks (it also looks after every change). */
const POLL_MS = 20;

export class TimeSkipper {
  private enabled = true;
  private pending = false;
  private readonly poll: ReturnType<typeof setInterval>;
  /** TestService locks taken and not given back (LockTimeSkipping adds one, UnlockTimeSkipping takes one). */
  private locks: number;
  /** When each TestService sleeper wakes (virtual time): the skipper jumps to these too. */
  private readonly wakes = new Map<symbol, number>();

  /**
   * @param rule when time may skip (see {@link SkipRule}).
   * @param locked `test-service`: whether it starts locked (Temporal's test server does, unless started
   *   with --enable-time-skipping).
   */
  constructor(
    private readonly service: SkippableService,
    private readonly clock: SkippingClock,
    private readonly rule: SkipRule = 'result-waiters',
    locked = rule === 'test-service',
  ) {
    this.locks = locked ? 1 : 0;
    this.poll = setInterval(() => this.check(), POLL_MS);
    this.poll.unref();
  }

  /** The TestService lock count (0: time may skip). */
  get lockCount(): number {
    return this.locks;
  }

  /** Temporal's LockTimeSkipping: time stops skipping until as many unlocks. */
  lock(): void {
    this.locks++;
  }

  /** Temporal's UnlockTimeSkipping: gives one lock back; at zero, time skips again. */
  unlock(): void {
    if (this.locks === 0) {
      throw new UnbalancedUnlockError(
        'Unbalanced lock and unlock calls: time skipping is not locked (each UnlockTimeSkipping must follow a LockTimeSkipping, ' +
          'and a server started with --enable-time-skipping starts unlocked).',
      );
    }
    this.locks--;
    this.check();
  }

  /**
   * Resolves when the clock reaches `at` (epoch ms, virtual time); while it waits, time may skip to it.
   * `then` runs at that moment, before any later timer fires (Temporal's UnlockTimeSkippingWithSleep locks there).
   * A sleeper that gives up (`signal`) is forgotten at once, so that time no longer skips to it; `then` runs then.
   */
  sleepUntil(at: number, then?: () => void, signal?: AbortSignal): Promise<void> {
    const key = Symbol('sleep');
    this.wakes.set(key, at);
    return new Promise((resolve) => {
      const wake = (): void => {
        if (!this.wakes.delete(key)) return;
        timer.cancel();
        signal?.removeEventListener('abort', wake);
        then?.();
        resolve();
      };
      const timer = this.clock.schedule(wake, at - this.clock.now());
      if (signal?.aborted) wake();
      else signal?.addEventListener('abort', wake);
      this.check();
    });
  }

  /** Looks soon (after messages in flight have been read). */
  check(): void {
    if (!this.enabled || this.pending) return;
    this.pending = true;
    setTimeout(() => {
      this.pending = false;
      if (!this.enabled || !this.wanted() || !this.service.isIdle()) return;
      const next = this.nextAt();
      if (next !== undefined && next > this.clock.now()) this.clock.jumpTo(next);
    }, 2).unref();
  }

  private wanted(): boolean {
    if (this.locks > 0) return false;
    return this.rule === 'test-service' || this.wakes.size > 0 || this.service.hasResultWaiters();
  }

  private nextAt(): number | undefined {
    let next = this.service.nextTimerAt();
    for (const at of this.wakes.values()) if (next === undefined || at < next) next = at;
    return next;
  }

  setEnabled(enabled: boolean): void {
    this.enabled = enabled;
    if (enabled) this.check();
  }

  stop(): void {
    this.enabled = false;
    clearInterval(this.poll);
  }
}
