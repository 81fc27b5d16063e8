// A schedule spec as users write it (Temporal's ScheduleSpec: cron expressions, intervals, calendars)
// turned into what the server reads: cron expressions and intervals in milliseconds, all in UTC.
import { parseCron } from '../common/cron';
import { definedFields } from '../common/defined-fields';
import { msToNumber, msOptionalToNumber, type Duration } from '../common/duration';
import { ValueError } from '../common/errors';
import type { ScheduleSpecData } from '../protocol';

/** A calendar field: a value, a name (`'MONDAY'`, `'JANUARY'`), a range, or a list of those. */
export type CalendarValue = number | string | { start: number | string; end?: number | string; step?: number };

/**
 * Times as calendar fields, in UTC (Temporal's `CalendarSpec`): the times whose every field matches.
 * An unset `second`, `minute` or `hour` is 0; an unset `dayOfMonth`, `month` or `dayOfWeek` is every value.
 * `{ hour: 9, dayOfWeek: { start: 'MONDAY', end: 'FRIDAY' } }` is 09:00 UTC on weekdays. No `year`: use
 * the spec's `startAt` and `endAt`.
 */
export interface CalendarSpec {
  /** 0–59. @default 0 */
  second?: CalendarValue | CalendarValue[];
  /** 0–59. @default 0 */
  minute?: CalendarValue | CalendarValue[];
  /** 0–23. @default 0 */
  hour?: CalendarValue | CalendarValue[];
  /** 1–31. @default every day */
  dayOfMonth?: CalendarValue | CalendarValue[];
  /** 1–12, or `'JANUARY'` … (the first three letters count). @default every month */
  month?: CalendarValue | CalendarValue[];
  /** 0–6 from Sunday, or `'SUNDAY'` … (the first three letters count). @default every day */
  dayOfWeek?: CalendarValue | CalendarValue[];
  /** A note for people; not used. */
  comment?: string;
}

/**
 * When a schedule acts (Temporal's `ScheduleSpec`): the union of the times of its cron expressions,
 * intervals and calendars (at least one), between `startAt` and `endAt`. All in UTC.
 */
export interface ScheduleSpec {
  /**
   * Cron expressions in UTC: five fields (minute hour day-of-month month day-of-week), or six with seconds
   * first; `'0 3 * * *'` is every day at 03:00 UTC. Names (`MON`, `JAN`), ranges, lists, steps, the
   * descriptors `@daily`, `@hourly` … and `@every 1h30m` are taken.
   */
  cronExpressions?: string[];
  /**
   * Every `every` (at least a second) counted from the Unix epoch, shifted by `offset`:
   * `{ every: '1 hour', offset: '15 minutes' }` is at a quarter past each hour.
   */
  intervals?: { every: Duration; offset?: Duration }[];
  /** Times as calendar fields (see {@link CalendarSpec}). */
  calendars?: CalendarSpec[];
  /** No action before this time. */
  startAt?: Date;
  /** No action after this time. */
  endAt?: Date;
  /** Only `'UTC'` (or `'Etc/UTC'`) for now: write the spec in UTC; another zone is refused with a `ValueError`. */
  timezone?: string;
}

function field(name: string, value: CalendarValue | CalendarValue[] | undefined, fallback: string): string {
  if (value === undefined) return fallback;
  const one = (v: CalendarValue): string => {
    if (typeof v === 'number') return String(v);
    if (typeof v === 'string') return v === '*' ? '*' : v.slice(0, 3).toUpperCase();
    if (v && typeof v === 'object') return `${one(v.start)}-${one(v.end ?? v.start)}${v.step ? `/${v.step}` : ''}`;
    throw new ValueError(`Calendar field ${name} has a value that is not a number, a name or a range: ${JSON.stringify(v)}`);
  };
  return Array.isArray(value) ? value.map(one).join(',') : one(value);
}

/** A calendar as a six-field cron expression (seconds first). */
export function calendarToCron(c: CalendarSpec): string {
  if ('year' in c) throw new ValueError('Calendar specs with a year are not supported; use startAt and endAt.');
  return [
    field('second', c.second, '0'),
    field('minute', c.minute, '0'),
    field('hour', c.hour, '0'),
    field('dayOfMonth', c.dayOfMonth, '*'),
    field('month', c.month, '*'),
    field('dayOfWeek', c.dayOfWeek, '*'),
  ].join(' ');
}

/** Checks a spec (a cron expression that does not parse fails here, with what is wrong) and converts it. */
export function compileScheduleSpec(spec: ScheduleSpec): ScheduleSpecData {
  if (!spec || typeof spec !== 'object') throw new ValueError('A schedule needs a spec, e.g. { cronExpressions: ["0 3 * * *"] }.');
  if (spec.timezone !== undefined && !['UTC', 'Etc/UTC'].includes(spec.timezone)) {
    throw new ValueError(`Schedule time zone ${spec.timezone} is not supported yet: write the spec in UTC.`);
  }
  const cronExpressions = [...(spec.cronExpressions ?? []), ...(spec.calendars ?? []).map(calendarToCron)];
  for (const e of cronExpressions) parseCron(e);
  const intervals = (spec.intervals ?? []).map((i) => {
    const everyMs = msToNumber(i.every);
    if (everyMs < 1000) throw new ValueError(`A schedule interval must be at least 1 second, got ${String(i.every)}.`);
    const offsetMs = msOptionalToNumber(i.offset);
    return { everyMs, ...(offsetMs ? { offsetMs } : {}) };
  });
  if (cronExpressions.length === 0 && intervals.length === 0) {
    throw new ValueError('A schedule spec needs cronExpressions, intervals or calendars, e.g. { cronExpressions: ["0 3 * * *"] }.');
  }
  return definedFields({
    cronExpressions: cronExpressions.length > 0 ? cronExpressions : undefined,
    intervals: intervals.length > 0 ? intervals : undefined,
    startAtMs: spec.startAt?.getTime(),
    endAtMs: spec.endAt?.getTime(),
  });
}
