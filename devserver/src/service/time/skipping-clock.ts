// A clock for tests: it runs with real time, and can also jump ahead (time skipping), firing what
// comes due on the way in order. A 30-day sleep then takes milliseconds.
import type { Clock, TimerHandle } from './clock';

interface Alarm {
  at: number;
  fn: () => void;
  live: boolean;
  real: ReturnType<typeof setTimeout> | undefined;
}

export class SkippingClock implements Clock {
  /** How far virtual time is ahead of real time. */
  private offset = 0;
  private alarms: Alarm[] = [];

  now(): number {
    return Date.now() + this.offset;
  }

  schedule(fn: () => void, ms: number): TimerHandle {
    const alarm: Alarm = { at: this.now() + Math.max(0, ms), fn, live: true, real: undefined };
    this.alarms.push(alarm);
    this.arm(alarm);
    return {
      cancel: () => {
        alarm.live = false;
        if (alarm.real) clearTimeout(alarm.real);
      },
    };
  }

  private arm(alarm: Alarm): void {
    if (alarm.real) clearTimeout(alarm.real);
    const delay = Math.max(0, Math.min(alarm.at - this.now(), 2 ** 31 - 1));
    alarm.real = setTimeout(() => this.fire(alarm), delay);
    alarm.real.unref?.();
  }

  private fire(alarm: Alarm): void {
    if (!alarm.live) return;
    if (alarm.at > this.now()) return this.arm(alarm); // re-armed after a long wait
    alarm.live = false;
    this.alarms = this.alarms.filter((a) => a.live);
    alarm.fn();
  }

  /** Jumps to `time` (never backwards): alarms due by then fire now, earliest first. */
  jumpTo(time: number): void {
    if (time <= this.now()) return;
    this.offset += time - this.now();
    const due = this.alarms.filter((a) => a.live && a.at <= this.now()).sort((a, b) => a.at - b.at);
    for (const alarm of due) {
      if (alarm.real) clearTimeout(alarm.real);
      this.fire(alarm);
    }
    for (const alarm of this.alarms) if (alarm.live) this.arm(alarm);
  }
}
