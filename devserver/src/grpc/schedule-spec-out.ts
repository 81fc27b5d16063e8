// The spec Rewind's schedules keep as Temporal's server describes one: each cron expression as a structured
// calendar (an `@every` as an interval), intervals with their phase, start and end time; UTC, so no time zone.
import type { ScheduleSpecData } from '@rewind/sdk/protocol';
import { cronShape } from '@rewind/sdk/internal/common/cron';
import { duration, timestamp, type temporal } from './proto';

type Range = temporal.api.schedule.v1.IRange;

export function scheduleSpecOut(spec: ScheduleSpecData): temporal.api.schedule.v1.IScheduleSpec {
  const structuredCalendar: temporal.api.schedule.v1.IStructuredCalendarSpec[] = [];
  const interval: temporal.api.schedule.v1.IIntervalSpec[] = [];
  for (const expression of spec.cronExpressions ?? []) {
    const shape = cronShape(expression);
    if (shape.kind === 'every') {
      interval.push({ interval: duration(shape.everyMs), phase: duration(0) });
      continue;
    }
    structuredCalendar.push({
      second: rangesOut(shape.second),
      minute: rangesOut(shape.minute),
      hour: rangesOut(shape.hour),
      dayOfMonth: rangesOut(shape.dayOfMonth),
      month: rangesOut(shape.month),
      dayOfWeek: rangesOut(shape.dayOfWeek),
      year: [],
      // Temporal's calendars AND their fields: say so where the expression (classic cron) ORs the two days.
      comment: shape.eitherDay ? `${expression} (classic cron: the day of the month OR the day of the week)` : '',
    });
  }
  for (const i of spec.intervals ?? []) interval.push({ interval: duration(i.everyMs), phase: duration(i.offsetMs ?? 0) });
  return {
    structuredCalendar,
    interval,
    ...(spec.startAtMs !== undefined ? { startTime: timestamp(spec.startAtMs) } : {}),
    ...(spec.endAtMs !== undefined ? { endTime: timestamp(spec.endAtMs) } : {}),
  };
}

/** Ascending values as ranges: runs of three or more evenly spaced values as one range with its step. */
function rangesOut(values: readonly number[]): Range[] {
  const out: Range[] = [];
  for (let i = 0; i < values.length;) {
    const start = values[i]!;
    const step = (values[i + 1] ?? start) - start;
    let j = i + 1;
    while (j + 1 < values.length && values[j + 1]! - values[j]! === step) j++;
    if (j - i >= 2 || (j - i === 1 && step === 1)) {
      out.push({ start, end: values[j], step });
      i = j + 1;
    } else {
      out.push({ start, end: start, step: 1 });
      i++;
    }
  }
  return out;
}
