// Durable timers in memory: a min-heap of the stored timer rows and one clock alarm for the earliest.
// The rows are the truth (derived from run state); this only decides when to look at them.
import { timerKey, type TimerRow } from '../../engine/derive';
import type { Clock, TimerHandle } from './clock';

export class TimerQueue {
  private heap: TimerRow[] = [];
  /** The current fire time of each live timer; heap entries that disagree are stale and skipped. */
  private readonly live = new Map<string, number>();
  private alarm: TimerHandle | undefined;
  private alarmAt = Infinity;
  private stopped = false;

  constructor(
    private readonly clock: Clock,
    private readonly onDue: (rows: TimerRow[]) => void,
  ) {}

  changed(upserts: readonly TimerRow[], deletes: readonly TimerRow[]): void {
    for (const row of deletes) this.live.delete(timerKey(row));
    for (const row of upserts) {
      this.live.set(timerKey(row), row.fireAt);
      this.push(row);
    }
    // Deleted timers stay in the heap until they reach its top; most timers (timeouts) are deleted
    // long before they would fire, so rebuild the heap when the dead outnumber the live.
    if (this.heap.length > 2 * this.live.size + 1024) this.compact();
    this.arm();
  }

  private compact(): void {
    const rows = this.heap.filter((row) => this.live.get(timerKey(row)) === row.fireAt);
    const seen = new Set<string>();
    this.heap = [];
    for (const row of rows) {
      const key = timerKey(row);
      if (seen.has(key)) continue;
      seen.add(key);
      this.push(row);
    }
  }

  /** Replaces every timer (after the server reloaded its state from the database). */
  reset(rows: readonly TimerRow[]): void {
    this.heap = [];
    this.live.clear();
    this.changed(rows, []);
  }

  size(): number {
    return this.live.size;
  }

  stop(): void {
    this.stopped = true;
    this.alarm?.cancel();
    this.alarm = undefined;
  }

  /** The earliest fire time, if any (the time-skipping clock jumps to it). */
  nextFireAt(): number | undefined {
    this.dropStale();
    return this.heap[0]?.fireAt;
  }

  private dropStale(): void {
    while (this.heap.length > 0) {
      const top = this.heap[0]!;
      if (this.live.get(timerKey(top)) === top.fireAt) return;
      this.pop();
    }
  }

  private arm(): void {
    if (this.stopped) return;
    const next = this.nextFireAt();
    if (next === undefined) {
      this.alarm?.cancel();
      this.alarm = undefined;
      this.alarmAt = Infinity;
      return;
    }
    if (this.alarm && next >= this.alarmAt) return;
    this.alarm?.cancel();
    this.alarmAt = next;
    this.alarm = this.clock.schedule(() => this.fire(), next - this.clock.now());
  }

  private fire(): void {
    this.alarm = undefined;
    this.alarmAt = Infinity;
    const now = this.clock.now();
    const due: TimerRow[] = [];
    this.dropStale();
    while (this.heap.length > 0 && this.heap[0]!.fireAt <= now) {
      const row = this.pop()!;
      const key = timerKey(row);
      if (this.live.get(key) !== row.fireAt) continue;
      this.live.delete(key);
      due.push(row);
      this.dropStale();
    }
    if (due.length > 0) this.onDue(due);
    this.arm();
  }

  private push(row: TimerRow): void {
    const h = this.heap;
    h.push(row);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (h[parent]!.fireAt <= h[i]!.fireAt) break;
      [h[parent], h[i]] = [h[i]!, h[parent]!];
      i = parent;
    }
  }

  private pop(): TimerRow | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (h.length > 0 && last) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && h[l]!.fireAt < h[m]!.fireAt) m = l;
        if (r < h.length && h[r]!.fireAt < h[m]!.fireAt) m = r;
        if (m === i) break;
        [h[m], h[i]] = [h[i]!, h[m]!];
        i = m;
      }
    }
    return top;
  }
}
