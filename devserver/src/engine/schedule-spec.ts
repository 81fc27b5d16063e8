// When a schedule acts: the earliest of its cron expressions and intervals, within its start and end.
import { parseCron, type CronSchedule } from '@rewind/sdk/internal/common/cron';
import type { ScheduleSpecData } from '@rewind/sdk/protocol';

export interface CompiledSpec {
  /** The first action time strictly after `afterMs`, or undefined if there is none. */
  next(afterMs: number): number | undefined;
}

/** Checks a spec and prepares it; throws CronSyntaxError (or an Error) with what is wrong. */
export function compileSpec(spec: ScheduleSpecData): CompiledSpec {
  const crons: CronSchedule[] = (spec.cronExpressions ?? []).map((e) => parseCron(e));
  const intervals = spec.intervals ?? [];
  for (const i of intervals) {
    if ((i.offsetMs ?? 0) >= i.everyMs)
      throw new Error(`An interval's offset (${i.offsetMs} ms) must be shorter than the interval (${i.everyMs} ms).`);
  }
  if (crons.length === 0 && intervals.length === 0) {
    throw new Error('A schedule needs a spec with at least one of cronExpressions or intervals, e.g. { cronExpressions: ["0 3 * * *"] }.');
  }
  if (spec.startAtMs !== undefined && spec.endAtMs !== undefined && spec.endAtMs < spec.startAtMs) {
    throw new Error('A schedule spec ends (endAt) before it starts (startAt).');
  }
  return {
    next(afterMs) {
      const from = spec.startAtMs !== undefined ? Math.max(afterMs, spec.startAtMs - 1) : afterMs;
      let best: number | undefined;
      for (const c of crons) {
        const t = c.next(from);
        if (t !== undefined && (best === undefined || t < best)) best = t;
      }
      for (const i of intervals) {
        const offset = i.offsetMs ?? 0;
        const t = (Math.floor((from - offset) / i.everyMs) + 1) * i.everyMs + offset;
        if (best === undefined || t < best) best = t;
      }
      if (best === undefined || (spec.endAtMs !== undefined && best > spec.endAtMs)) return undefined;
      return best;
    },
  };
}
