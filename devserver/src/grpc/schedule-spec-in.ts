// Temporal's ScheduleSpec as the spec Rewind's schedules keep (cron expressions, seconds first, and intervals,
// in UTC): structured calendars, calendars and Temporal's cron strings become cron expressions. What Rewind
// cannot keep (skip calendars, jitter, a time zone other than UTC, a year, a calendar matching both a day of
// the month and of the week) is refused naming the field, with Temporal's "Invalid schedule spec: " prefix.
import type { ScheduleSpecData } from '@rewind/sdk/protocol';
import { definedFields } from '@rewind/sdk/internal/common/defined-fields';
import { parseCron } from '@rewind/sdk/internal/common/cron';
import { compileSpec } from '../engine/schedule-spec';
import { EngineError } from '../engine/transition';
import { durationMs, timestampMs, type temporal } from './proto';

type Spec = temporal.api.schedule.v1.IScheduleSpec;
type Range = temporal.api.schedule.v1.IRange;

/**
 * A spec Rewind refuses: INVALID_ARGUMENT with the message as it is (no method name first), which Temporal's
 * client raises as a TypeError holding what follows the prefix.
 */
export class SpecError extends EngineError {
  constructor(field: string, problem: string) {
    super('INVALID_ARGUMENT', `Invalid schedule spec: ${field}: ${problem}`);
  }
}

const UTC = new Set(['', 'UTC', 'Etc/UTC']);

/** The calendar fields of a Rewind cron expression, in its order (seconds first), with their bounds. */
const FIELDS = [
  { name: 'second', min: 0, max: 59, all: '*' },
  { name: 'minute', min: 0, max: 59, all: '*' },
  { name: 'hour', min: 0, max: 23, all: '*' },
  { name: 'dayOfMonth', min: 1, max: 31, all: '*' },
  { name: 'month', min: 1, max: 12, all: '*' },
  { name: 'dayOfWeek', min: 0, max: 6, all: '*' },
] as const;
type FieldName = (typeof FIELDS)[number]['name'];

/** Temporal's spec as Rewind's; `at` is where the spec sits in the request (`schedule.spec`). */
export function scheduleSpecIn(spec: Spec | null | undefined, at: string): ScheduleSpecData {
  if (!spec) throw new SpecError(at, 'not set; a schedule needs a spec, e.g. cronString ["0 3 * * *"] or an interval.');
  if (spec.excludeStructuredCalendar?.length || spec.excludeCalendar?.length) {
    const field = spec.excludeStructuredCalendar?.length ? 'excludeStructuredCalendar' : 'excludeCalendar';
    throw new SpecError(`${at}.${field}`, "skipping times (the SDK's `skip`) is not supported by Rewind yet; leave it out.");
  }
  if (durationMs(spec.jitter) !== undefined) {
    throw new SpecError(`${at}.jitter`, 'jitter is not supported by Rewind yet: it takes each action at its time; leave it out.');
  }
  const zoneProblem = (zone: string): string =>
    `time zone ${JSON.stringify(zone)} is not supported by Rewind yet: write the spec in UTC and leave the time zone out (or 'UTC').`;
  if (!UTC.has(spec.timezoneName ?? '')) throw new SpecError(`${at}.timezoneName`, zoneProblem(spec.timezoneName ?? ''));
  if (spec.timezoneData?.length) throw new SpecError(`${at}.timezoneData`, zoneProblem('(given as TZif data)'));

  const cronExpressions: string[] = [];
  const intervals: NonNullable<ScheduleSpecData['intervals']> = [];
  (spec.structuredCalendar ?? []).forEach((c, i) => cronExpressions.push(structuredIn(c, `${at}.structuredCalendar[${i}]`)));
  (spec.calendar ?? []).forEach((c, i) => cronExpressions.push(calendarIn(c, `${at}.calendar[${i}]`)));
  (spec.cronString ?? []).forEach((text, i) => {
    const made = cronStringIn(text, `${at}.cronString[${i}]`);
    if (typeof made === 'string') cronExpressions.push(made);
    else intervals.push(made);
  });
  (spec.interval ?? []).forEach((iv, i) => intervals.push(intervalIn(iv, `${at}.interval[${i}]`)));
  if (cronExpressions.length === 0 && intervals.length === 0) {
    throw new SpecError(at, 'no structuredCalendar, calendar, cronString or interval: a schedule on Rewind needs at least one of them.');
  }
  const startAtMs = timestampMs(spec.startTime);
  const endAtMs = timestampMs(spec.endTime);
  if (startAtMs !== undefined && endAtMs !== undefined && endAtMs < startAtMs) {
    throw new SpecError(`${at}.endTime`, `${new Date(endAtMs).toISOString()} is before startTime ${new Date(startAtMs).toISOString()}.`);
  }
  const out: ScheduleSpecData = definedFields({
    cronExpressions: cronExpressions.length > 0 ? cronExpressions : undefined,
    intervals: intervals.length > 0 ? intervals : undefined,
    startAtMs,
    endAtMs,
  });
  try {
    compileSpec(out);
  } catch (err) {
    throw new SpecError(at, (err as Error).message);
  }
  return out;
}

/** An interval (whole seconds, as Temporal truncates them): at least a second, its phase shorter than it. */
function intervalIn(iv: temporal.api.schedule.v1.IIntervalSpec, at: string): { everyMs: number; offsetMs?: number } {
  return wholeSeconds(durationMs(iv.interval) ?? 0, durationMs(iv.phase) ?? 0, at);
}

function wholeSeconds(every: number, phase: number, at: string): { everyMs: number; offsetMs?: number } {
  const everyMs = Math.floor(every / 1000) * 1000;
  if (everyMs < 1000) throw new SpecError(`${at}.interval`, 'an interval of at least 1 second is required.');
  const offsetMs = Math.floor(phase / 1000) * 1000;
  if (offsetMs >= everyMs) {
    throw new SpecError(`${at}.phase`, `the phase (${offsetMs / 1000} s) must be shorter than the interval (${everyMs / 1000} s).`);
  }
  return offsetMs > 0 ? { everyMs, offsetMs } : { everyMs };
}

/** One field's ranges as a cron field (`*` when they cover every value); `end` < `start` is `start`, step 0 is 1. */
function rangesIn(ranges: readonly Range[] | null | undefined, field: (typeof FIELDS)[number], at: string): string {
  if (!ranges || ranges.length === 0) {
    throw new SpecError(
      `${at}.${field.name}`,
      'no range: this calendar would match no time; give at least one range (all values: start min, end max).',
    );
  }
  const covered = new Set<number>();
  const parts = ranges.map((r, i) => {
    const start = r.start ?? 0;
    const end = Math.max(start, r.end ?? 0);
    const step = r.step && r.step > 0 ? r.step : 1;
    if (start < field.min || end > field.max) {
      throw new SpecError(`${at}.${field.name}[${i}]`, `${start}-${end} is out of range ${field.min}-${field.max}.`);
    }
    for (let v = start; v <= end; v += step) covered.add(v);
    return start === end ? String(start) : `${start}-${end}${step > 1 ? `/${step}` : ''}`;
  });
  return covered.size === field.max - field.min + 1 ? field.all : parts.join(',');
}

/** Temporal's calendar fields are ANDed; a cron expression with both day fields restricted ORs them. */
function checkDays(fields: Record<FieldName, string>, at: string): void {
  if (fields.dayOfMonth !== '*' && fields.dayOfWeek !== '*') {
    throw new SpecError(
      `${at}.dayOfWeek`,
      'a calendar matching both a day of the month and a day of the week is not supported by Rewind yet; use one of the two (or two calendars).',
    );
  }
}

function structuredIn(c: temporal.api.schedule.v1.IStructuredCalendarSpec, at: string): string {
  if (c.year?.length)
    throw new SpecError(`${at}.year`, "years are not supported by Rewind yet; leave them out and use the spec's startTime and endTime.");
  const fields = Object.fromEntries(FIELDS.map((f) => [f.name, rangesIn(c[f.name], f, at)])) as Record<FieldName, string>;
  checkDays(fields, at);
  return checked(FIELDS.map((f) => fields[f.name]).join(' '), at);
}

/** A calendar of strings (each a cron field; Temporal's defaults: 0 for second, minute and hour, else `*`). */
function calendarIn(c: temporal.api.schedule.v1.ICalendarSpec, at: string): string {
  if (c.year && c.year !== '*')
    throw new SpecError(`${at}.year`, "years are not supported by Rewind yet; leave it out and use the spec's startTime and endTime.");
  const fields: Record<FieldName, string> = {
    second: c.second || '0',
    minute: c.minute || '0',
    hour: c.hour || '0',
    dayOfMonth: c.dayOfMonth || '*',
    month: c.month || '*',
    dayOfWeek: c.dayOfWeek || '*',
  };
  for (const f of FIELDS) {
    if (/\s/.test(fields[f.name]))
      throw new SpecError(`${at}.${f.name}`, `${JSON.stringify(fields[f.name])} has spaces; write one field, as "1-5" or "MON,FRI".`);
  }
  checkDays(fields, at);
  return checked(FIELDS.map((f) => fields[f.name]).join(' '), at);
}

/**
 * Temporal's cron string: an optional `CRON_TZ=`/`TZ=` zone, 5 fields, 6 (a year last) or 7 (seconds first,
 * a year last), a `@daily`-style name or `@every <interval>[/<phase>]` (an interval), and an optional `# comment`.
 */
function cronStringIn(text: string, at: string): string | { everyMs: number; offsetMs?: number } {
  let tokens = text.replace(/#.*$/s, '').trim().split(/\s+/).filter(Boolean);
  const zone = /^(?:CRON_TZ|TZ)=(.*)$/.exec(tokens[0] ?? '');
  if (zone) {
    if (!UTC.has(zone[1] ?? '')) {
      throw new SpecError(at, `time zone ${JSON.stringify(zone[1])} is not supported by Rewind yet: write the expression in UTC.`);
    }
    tokens = tokens.slice(1);
  }
  if (tokens.length === 0) throw new SpecError(at, 'empty; write a cron expression such as "0 3 * * *".');
  if (tokens[0]!.toLowerCase() === '@every') return everyIn(tokens.slice(1).join(' '), at);
  if (tokens[0]!.startsWith('@')) return checked(tokens.join(' '), at);
  if (tokens.length === 6 || tokens.length === 7) {
    const year = tokens[tokens.length - 1];
    if (year !== '*' && year !== '?') {
      throw new SpecError(
        at,
        `a year (${JSON.stringify(year)}) is not supported by Rewind yet; write "*" and use the spec's startTime and endTime.`,
      );
    }
    tokens = tokens.slice(0, -1);
  } else if (tokens.length !== 5) {
    throw new SpecError(
      at,
      `${JSON.stringify(text)} has ${tokens.length} fields; expected 5 (minute hour day-of-month month day-of-week), 6 (and year) or 7 (second first, year last).`,
    );
  }
  const days = tokens.slice(-3);
  if (!['*', '?'].includes(days[0]!) && !['*', '?'].includes(days[2]!)) {
    throw new SpecError(
      at,
      `${JSON.stringify(text)} matches both a day of the month and a day of the week, which Rewind does not support yet (Temporal ANDs them, classic cron ORs them); use one of the two.`,
    );
  }
  return checked(tokens.join(' '), at);
}

/** `@every 90m` or `@every 1d/3h`: units s, m, h, d (and Go-style sequences such as 1h30m). */
function everyIn(text: string, at: string): { everyMs: number; offsetMs?: number } {
  const [every, phase, ...more] = text.split('/');
  const ms = (part: string | undefined): number | undefined => {
    if (!part || !/^(\d+[smhd])+$/.test(part)) return undefined;
    const unit: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
    let total = 0;
    for (const [, n, u] of part.matchAll(/(\d+)([smhd])/g)) total += Number(n) * unit[u!]!;
    return total;
  };
  const everyMs = ms(every);
  const offsetMs = phase === undefined ? 0 : ms(phase);
  if (everyMs === undefined || offsetMs === undefined || more.length > 0) {
    throw new SpecError(
      at,
      `"@every ${text}" is not valid; write @every <interval>[/<phase>] with units s, m, h or d, e.g. "@every 1h/15m".`,
    );
  }
  return wholeSeconds(everyMs, offsetMs, at);
}

/** A cron expression Rewind's parser takes, or the refusal naming the field with what is wrong. */
function checked(expression: string, at: string): string {
  try {
    parseCron(expression);
  } catch (err) {
    throw new SpecError(at, (err as Error).message);
  }
  return expression;
}
