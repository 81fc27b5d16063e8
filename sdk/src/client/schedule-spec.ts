// A schedule spec as users write it (Temporal's ScheduleSpec: cron expressions, intervals, calendars)
// turned into what the server reads: cron expressions and intervals in milliseconds, all in UTC.
import { parseCron } from '../common/cron';
import { definedFields } from '../common/defined-fields';
import { msToNumber, msOptionalToNumber, type Duration } from '../common/duration';
import { ValueError } from '../common/errors';
import type { ScheduleSpecData } from '../protocol';

/** The months, as a {@link CalendarSpec}'s `month` names them (Temporal's `MONTHS`). */
export const MONTHS = [
  'JANUARY',
  'FEBRUARY',
  'MARCH',
  'APRIL',
  'MAY',
  'JUNE',
  'JULY',
  'AUGUST',
  'SEPTEMBER',
  'OCTOBER',
  'NOVEMBER',
  'DECEMBER',
] as const;
/** A month's name (Temporal's `Month`). */
export type Month = (typeof MONTHS)[number];

/** The days of the week from Sunday, as a {@link CalendarSpec}'s `dayOfWeek` names them (Temporal's `DAYS_OF_WEEK`). */
export const DAYS_OF_WEEK = ['SUNDAY', 'MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY'] as const;
/** A day of the week's name (Temporal's `DayOfWeek`). */
export type DayOfWeek = (typeof DAYS_OF_WEEK)[number];

/** The values from `start` to `end` (both included), every `step` (Temporal's `Range`). */
export interface Range<Unit> {
  start: Unit;
  end: Unit;
  step: number;
}

/** A value, or a range whose `end` (default `start`) and `step` (default 1) may be left out (Temporal's `LooseRange`). */
export type LooseRange<Unit> = Range<Unit> | { start: Range<Unit>['start']; end?: Range<Unit>['end']; step?: never } | Unit;

/** A calendar field: a value or range, a list of them, or `'*'` (every value). */
type CalendarField<Unit> = LooseRange<Unit> | LooseRange<Unit>[] | '*';

/**
 * Times as calendar fields, in UTC (Temporal's `CalendarSpec`): the times whose every field matches.
 * An unset `second`, `minute` or `hour` is 0; an unset `dayOfMonth`, `month` or `dayOfWeek` is every value.
 * `{ hour: 9, dayOfWeek: { start: 'MONDAY', end: 'FRIDAY' } }` is 09:00 UTC on weekdays. A `year` is
 * refused with a `ValueError`: use the spec's `startAt` and `endAt`.
 */
export interface CalendarSpec {
  /** 0–59. @default 0 */
  second?: CalendarField<number>;
  /** 0–59. @default 0 */
  minute?: CalendarField<number>;
  /** 0–23. @default 0 */
  hour?: CalendarField<number>;
  /** 1–31. @default every day */
  dayOfMonth?: CalendarField<number>;
  /** `'JANUARY'` … `'DECEMBER'`. @default every month */
  month?: CalendarField<Month>;
  /** `'SUNDAY'` … `'SATURDAY'`. @default every day */
  dayOfWeek?: CalendarField<DayOfWeek>;
  /** A note for people; not used. */
  comment?: string;
}

/**
 * Every `every` (at least a second) counted from the Unix epoch, shifted by `offset` (Temporal's
 * `IntervalSpec`): `{ every: '1 hour', offset: '15 minutes' }` is at a quarter past each hour.
 */
export interface IntervalSpec {
  every: Duration;
  /** @default 0 */
  offset?: Duration;
}

/**
 * When a schedule acts (Temporal's `ScheduleSpec`): the union of the times of its cron expressions,
 * intervals and calendars (at least one), between `startAt` and `endAt`. All in UTC. Temporal's `skip`
 * and `jitter` are refused with a `ValueError`.
 */
export interface ScheduleSpec {
  /**
   * Cron expressions in UTC: five fields (minute hour day-of-month month day-of-week), or six with seconds
   * first; `'0 3 * * *'` is every day at 03:00 UTC. Names (`MON`, `JAN`), ranges, lists, steps, the
   * descriptors `@daily`, `@hourly` … and `@every 1h30m` are taken.
   */
  cronExpressions?: string[];
  /** Fixed intervals (see {@link IntervalSpec}). */
  intervals?: IntervalSpec[];
  /** Times as calendar fields (see {@link CalendarSpec}). */
  calendars?: CalendarSpec[];
  /** No action before this time. */
  startAt?: Date;
  /** No action after this time. */
  endAt?: Date;
  /** Only `'UTC'` (or `'Etc/UTC'`) for now: write the spec in UTC; another zone is refused with a `ValueError`. */
  timezone?: string;
}

/** An interval as a description gives it (Temporal's `IntervalSpecDescription`): milliseconds. */
export interface IntervalSpecDescription {
  every: number;
  offset: number;
}

/**
 * A spec as `describe()` gives it (Temporal's `ScheduleSpecDescription`), as the server keeps it: calendars
 * are kept as the cron expressions they were compiled to (in `cronExpressions`, which Temporal's server
 * turns into `calendars` instead), intervals in milliseconds.
 */
export interface ScheduleSpecDescription {
  /** The cron expressions, and the calendars as cron expressions (seconds first). */
  cronExpressions?: string[];
  intervals?: IntervalSpecDescription[];
  startAt?: Date;
  endAt?: Date;
  /** Unset: Rewind's schedules are in UTC. */
  timezone?: string;
}

/** A calendar field's value as Rewind also takes it from JavaScript: a number, a name, a range of those. */
type CalendarValue = number | string | { start: number | string; end?: number | string; step?: number };

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
  if ('year' in c && (c as { year?: unknown }).year !== undefined) {
    throw new ValueError('Calendar specs with a year are not supported; use startAt and endAt.');
  }
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
  for (const refused of ['skip', 'jitter'] as const) {
    if ((spec as Record<string, unknown>)[refused] !== undefined) {
      throw new ValueError(
        `Schedule specs with ${refused} are not supported yet: leave it out (Rewind takes every time of the spec, at once).`,
      );
    }
  }
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

/** A spec as the server keeps it, in the shape of Temporal's description. */
export function describeScheduleSpec(spec: ScheduleSpecData): ScheduleSpecDescription {
  return definedFields({
    cronExpressions: spec.cronExpressions,
    intervals: spec.intervals?.map((i) => ({ every: i.everyMs, offset: i.offsetMs ?? 0 })),
    startAt: spec.startAtMs !== undefined ? new Date(spec.startAtMs) : undefined,
    endAt: spec.endAtMs !== undefined ? new Date(spec.endAtMs) : undefined,
  });
}
