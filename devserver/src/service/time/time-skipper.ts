// Time skipping for tests (Temporal's test server semantics): while someone waits for a workflow's
// result and nothing can make progress but a timer, the clock jumps to that timer.
import type { SkippingClock } from './skipping-clock';

export interface SkippableService {
  /** Nothing in flight: no task waiting for or held by a worker, no change being committed. */
  isIdle(): boolean;
  /** Someone waits for a workflow's result. */
  hasResultWaiters(): boolean;
  nextTimerAt(): number | undefined;
}

/** How often, at most, the skipper looks (it also looks after every change). */
const POLL_MS = 20;

export class TimeSkipper {
  private enabled = true;
  private pending = false;
  private readonly poll: ReturnType<typeof setInterval>;

  constructor(
    private readonly service: SkippableService,
    private readonly clock: SkippingClock,
  ) {
    this.poll = setInterval(() => this.check(), POLL_MS);
    this.poll.unref();
  }

  /** Looks soon (after messages in flight have been read). */
  check(): void {
    if (!this.enabled || this.pending) return;
    this.pending = true;
    setTimeout(() => {
      this.pending = false;
      if (!this.enabled || !this.service.hasResultWaiters() || !this.service.isIdle()) return;
      const next = this.service.nextTimerAt();
      if (next !== undefined && next > this.clock.now()) this.clock.jumpTo(next);
    }, 2).unref();
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
