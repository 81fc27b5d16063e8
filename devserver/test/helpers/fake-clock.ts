// A clock that a test moves by hand (for timeouts measured in minutes, checked in milliseconds).
import type { Clock, TimerHandle } from '../../src/service/time/clock';

export class FakeClock implements Clock {
  private timers: { at: number; fn: () => void; live: boolean }[] = [];

  constructor(private current = Date.parse('2026-01-01T00:00:00Z')) {}

  now(): number {
    return this.current;
  }

  schedule(fn: () => void, ms: number): TimerHandle {
    const timer = { at: this.current + Math.max(0, ms), fn, live: true };
    this.timers.push(timer);
    return { cancel: () => (timer.live = false) };
  }

  /** Moves time forward, firing due alarms in order; waits for the work they start to settle. */
  async advance(ms: number): Promise<void> {
    const target = this.current + ms;
    for (;;) {
      const due = this.timers.filter((t) => t.live && t.at <= target).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.current = Math.max(this.current, due.at);
      due.live = false;
      due.fn();
      await settle();
    }
    this.current = target;
    this.timers = this.timers.filter((t) => t.live);
    await settle();
  }
}

/** Lets queued commits (setImmediate) and their follow-ups run. */
export async function settle(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((r) => setImmediate(r));
}
