// Cron expressions in UTC as Temporal's cronSchedule takes them: parsing, and the next time one fires.

/**
 * A cron expression (of a schedule, a calendar, or `cronSchedule`) that does not parse: the message quotes
 * it, says which field and what was wrong, and shows a valid example. Thrown by `client.schedule.create`
 * and `update` before anything is sent.
 */
export class CronSyntaxError extends Error {
  override readonly name = 'CronSyntaxError';
}

export interface CronSchedule {
  /** The expression as given. */
  readonly expression: string;
  /** The first time (epoch ms, a whole second) strictly after `afterMs` that the expression matches, or undefined if none within 5 years. */
  next(afterMs: number): number | undefined;
}

/** Parses a cron expression (UTC). Throws CronSyntaxError. */
export function parseCron(expression: string): CronSchedule {
  if (typeof expression !== 'string') {
    throw new CronSyntaxError(`Invalid cron expression: expected a string, got ${typeof expression}. Example: ${CALENDAR_EXAMPLE}.`);
  }
  let nextAfter: (afterMs: number) => number | undefined;
  try {
    nextAfter = parseSchedule(expression);
  } catch (error) {
    if (error instanceof Problem) {
      throw new CronSyntaxError(`Invalid cron expression "${expression}": ${error.message}. Example: ${error.example}.`);
    }
    throw error;
  }
  return Object.freeze({
    expression,
    next(afterMs: number): number | undefined {
      if (!Number.isFinite(afterMs)) throw new RangeError(`CronSchedule.next needs a finite time in epoch milliseconds, got ${afterMs}`);
      return nextAfter(afterMs);
    },
  });
}

/**
 * What an expression matches, field by field (each field's allowed values, ascending; day-of-week 0-6 from
 * Sunday), or the period of an `@every`: what a schedule's description shows of it in Temporal's structured
 * calendar. `eitherDay` is classic cron's rule: both day fields are restricted, so either one matching is enough.
 */
export type CronShape =
  | { kind: 'every'; everyMs: number }
  | {
      kind: 'calendar';
      second: readonly number[];
      minute: readonly number[];
      hour: readonly number[];
      dayOfMonth: readonly number[];
      month: readonly number[];
      dayOfWeek: readonly number[];
      eitherDay: boolean;
    };

/** The shape of an expression that parseCron takes. Throws CronSyntaxError. */
export function cronShape(expression: string): CronShape {
  parseCron(expression);
  const tokens = withoutUtcPrefix(expression.split(/\s+/).filter((token) => token !== ''));
  const name = tokens[0].toLowerCase();
  if (name === '@every') return { kind: 'every', everyMs: parseEveryDuration(tokens[1]) };
  const f = parseCalendar(name.startsWith('@') ? DESCRIPTORS.get(name)!.split(' ') : tokens);
  const values = (field: Field): readonly number[] => field.values;
  return {
    kind: 'calendar',
    second: values(f.second),
    minute: values(f.minute),
    hour: values(f.hour),
    dayOfMonth: values(f.dayOfMonth),
    month: values(f.month),
    dayOfWeek: values(f.dayOfWeek),
    eitherDay: !f.dayOfMonth.unrestricted && !f.dayOfWeek.unrestricted,
  };
}

// ---------------------------------------------------------------------------------------------------
// Parsing

const CALENDAR_EXAMPLE = '"0 3 * * *" (every day at 03:00 UTC)';
const EVERY_EXAMPLE = '"@every 1h30m" (every 90 minutes, counted from the Unix epoch)';
const HORIZON_YEARS = 5;
const SECOND_MS = 1000;

/** What is wrong with an expression; parseCron turns it into a CronSyntaxError quoting the expression. */
class Problem extends Error {
  constructor(
    detail: string,
    readonly example: string = CALENDAR_EXAMPLE,
  ) {
    super(detail);
  }
}

const DESCRIPTORS: ReadonlyMap<string, string> = new Map([
  ['@yearly', '0 0 1 1 *'],
  ['@annually', '0 0 1 1 *'],
  ['@monthly', '0 0 1 * *'],
  ['@weekly', '0 0 * * 0'],
  ['@daily', '0 0 * * *'],
  ['@midnight', '0 0 * * *'],
  ['@hourly', '0 * * * *'],
]);

/** The schedule's `next`, without the argument check. */
function parseSchedule(expression: string): (afterMs: number) => number | undefined {
  const tokens = withoutUtcPrefix(expression.split(/\s+/).filter((token) => token !== ''));
  if (tokens.length === 0) throw new Problem('the expression is empty');
  if (tokens[0].startsWith('@')) return parseDescriptor(tokens);
  const fields = parseCalendar(tokens);
  return (afterMs) => nextCalendarTime(fields, afterMs);
}

/** Drops a leading `CRON_TZ=UTC` or `TZ=UTC`; any other zone is refused. */
function withoutUtcPrefix(tokens: string[]): string[] {
  const match = /^(CRON_TZ|TZ)=(.*)$/.exec(tokens[0] ?? '');
  if (!match) return tokens;
  const zone = match[2];
  if (zone !== 'UTC' && zone !== 'Etc/UTC') {
    throw new Problem(
      `time zone "${zone}" is not supported: time zones other than UTC are not supported yet, so write the expression in UTC`,
    );
  }
  if (tokens.length === 1) throw new Problem(`nothing follows ${tokens[0]}`);
  return tokens.slice(1);
}

function parseDescriptor(tokens: string[]): (afterMs: number) => number | undefined {
  const [descriptor, ...rest] = tokens;
  const name = descriptor.toLowerCase();
  if (name === '@every') {
    if (rest.length === 0) throw new Problem('@every needs a duration such as "30s", "5m" or "1h30m"', EVERY_EXAMPLE);
    if (rest.length > 1)
      throw new Problem(`@every takes one duration without spaces, such as "1h30m"; got "${rest.join(' ')}"`, EVERY_EXAMPLE);
    const everyMs = parseEveryDuration(rest[0]);
    return (afterMs) => nextEveryTime(everyMs, afterMs);
  }
  const expansion = DESCRIPTORS.get(name);
  if (expansion === undefined) {
    throw new Problem(`unknown descriptor "${descriptor}"; expected ${[...DESCRIPTORS.keys()].join(', ')} or @every <duration>`);
  }
  if (rest.length > 0) throw new Problem(`${descriptor} takes nothing after it; got "${rest.join(' ')}"`);
  const fields = parseCalendar(expansion.split(' '));
  return (afterMs) => nextCalendarTime(fields, afterMs);
}

const DURATION_UNIT_MS: ReadonlyMap<string, number> = new Map([
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1000],
  ['ms', 1],
]);

/** Milliseconds of a Go-style duration such as "1h30m" or "45s"; whole seconds, at least one. */
function parseEveryDuration(text: string): number {
  if (!/^(?:\d+(?:ms|h|m|s))+$/.test(text)) {
    throw new Problem(
      `@every duration "${text}" is not valid; use whole numbers with h, m and s, such as "45s", "5m" or "2h45m10s"`,
      EVERY_EXAMPLE,
    );
  }
  let totalMs = 0;
  for (const [, amount, unit] of text.matchAll(/(\d+)(ms|h|m|s)/g)) {
    totalMs += Number(amount) * (DURATION_UNIT_MS.get(unit) ?? 0);
  }
  if (!Number.isSafeInteger(totalMs)) throw new Problem(`@every duration "${text}" is too long`, EVERY_EXAMPLE);
  if (totalMs < SECOND_MS) throw new Problem(`@every duration "${text}" is shorter than the minimum of 1s`, EVERY_EXAMPLE);
  if (totalMs % SECOND_MS !== 0) throw new Problem(`@every duration "${text}" is not a whole number of seconds`, EVERY_EXAMPLE);
  return totalMs;
}

interface FieldSpec {
  readonly label: string;
  readonly min: number;
  /** The largest number accepted. */
  readonly max: number;
  /** Where `*` and `a/n` stop: `max`, except for day-of-week, whose 7 is a second Sunday. */
  readonly openMax: number;
  /** Names, case-insensitive; names[i] stands for min + i. */
  readonly names?: readonly string[];
  readonly nameKind?: string;
}

const SECOND: FieldSpec = { label: 'second', min: 0, max: 59, openMax: 59 };
const MINUTE: FieldSpec = { label: 'minute', min: 0, max: 59, openMax: 59 };
const HOUR: FieldSpec = { label: 'hour', min: 0, max: 23, openMax: 23 };
const DAY_OF_MONTH: FieldSpec = { label: 'day-of-month', min: 1, max: 31, openMax: 31 };
const MONTH: FieldSpec = {
  label: 'month',
  min: 1,
  max: 12,
  openMax: 12,
  names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'],
  nameKind: 'month name (JAN-DEC)',
};
const DAY_OF_WEEK: FieldSpec = {
  label: 'day-of-week',
  min: 0,
  max: 7,
  openMax: 6,
  names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'],
  nameKind: 'day name (SUN-SAT)',
};

/** The values one field allows, ascending. */
interface Field {
  readonly values: readonly number[];
  /** Written as `*` or `?`: matters for the day-of-month / day-of-week rule. */
  readonly unrestricted: boolean;
}

interface CalendarFields {
  readonly second: Field;
  readonly minute: Field;
  readonly hour: Field;
  readonly dayOfMonth: Field;
  readonly month: Field;
  readonly dayOfWeek: Field;
}

function parseCalendar(tokens: string[]): CalendarFields {
  if (tokens.length !== 5 && tokens.length !== 6) {
    const count = `${tokens.length} field${tokens.length === 1 ? '' : 's'}`;
    throw new Problem(`has ${count}; expected 5 (minute hour day-of-month month day-of-week) or 6 (with seconds first)`);
  }
  const [second, minute, hour, dayOfMonth, month, dayOfWeek] = tokens.length === 6 ? tokens : ['0', ...tokens];
  return {
    second: parseField(second, SECOND),
    minute: parseField(minute, MINUTE),
    hour: parseField(hour, HOUR),
    dayOfMonth: parseField(dayOfMonth, DAY_OF_MONTH),
    month: parseField(month, MONTH),
    dayOfWeek: parseField(dayOfWeek, DAY_OF_WEEK),
  };
}

/** Names the field, and the part of it at fault when that is not the whole field. */
function where(spec: FieldSpec, text: string, part: string): string {
  return part === text ? `${spec.label} field "${text}"` : `${spec.label} field "${text}": "${part}"`;
}

function parseField(text: string, spec: FieldSpec): Field {
  const values = new Set<number>();
  let unrestricted = false;
  for (const part of text.split(',')) {
    if (part === '') throw new Problem(`${spec.label} field "${text}" has an empty item; separate values with single commas, as in "1,15"`);
    const range = parseRange(text, part, spec);
    if (range.wildcard && range.step === 1) unrestricted = true;
    for (let value = range.start; value <= range.end; value += range.step) {
      values.add(spec === DAY_OF_WEEK ? value % 7 : value);
    }
  }
  return { values: [...values].sort((a, b) => a - b), unrestricted };
}

interface Range {
  readonly start: number;
  readonly end: number;
  readonly step: number;
  readonly wildcard: boolean;
}

/** One comma-separated part: `*`, `?`, `a`, `a-b`, each optionally followed by `/step`. */
function parseRange(text: string, part: string, spec: FieldSpec): Range {
  const [rangeText, stepText, ...extra] = part.split('/');
  if (extra.length > 0) throw new Problem(`${where(spec, text, part)} has more than one "/"`);
  const step = stepText === undefined ? 1 : parseStep(text, part, stepText, spec);
  if (rangeText === '*' || rangeText === '?') return { start: spec.min, end: spec.openMax, step, wildcard: true };

  const [startText, endText, ...more] = rangeText.split('-');
  if (more.length > 0) throw new Problem(`${where(spec, text, part)} is not a valid range; write a range as "a-b"`);
  const start = parseValue(text, startText, spec);
  if (endText === undefined) {
    // A lone "a/n" runs from a to the end of the field.
    return { start, end: stepText === undefined ? start : Math.max(start, spec.openMax), step, wildcard: false };
  }
  const end = parseValue(text, endText, spec);
  if (start > end) {
    throw new Problem(
      `${where(spec, text, part)} is a reversed range ${start}-${end}; write the smaller value first, as in "${end}-${start}"`,
    );
  }
  return { start, end, step, wildcard: false };
}

function parseStep(text: string, part: string, stepText: string, spec: FieldSpec): number {
  if (!/^\d+$/.test(stepText)) throw new Problem(`${where(spec, text, part)} has step "${stepText}", which is not a whole number`);
  const step = Number(stepText);
  if (step === 0) throw new Problem(`${where(spec, text, part)} has step 0; the step must be 1 or more`);
  return step;
}

/** A number or a name within the field's range. */
function parseValue(text: string, valueText: string, spec: FieldSpec): number {
  if (/^\d+$/.test(valueText)) {
    const value = Number(valueText);
    if (value < spec.min || value > spec.max) {
      throw new Problem(`${where(spec, text, valueText)} is out of range ${spec.min}-${spec.max}`);
    }
    return value;
  }
  if (valueText === '') throw new Problem(`${spec.label} field "${text}" is missing a value`);
  const index = spec.names?.indexOf(valueText.toUpperCase()) ?? -1;
  if (index >= 0) return spec.min + index;
  const numbers = `a number ${spec.min}-${spec.max}`;
  throw new Problem(`${where(spec, text, valueText)} is not ${spec.nameKind ? `${numbers} or a ${spec.nameKind}` : numbers}`);
}

// ---------------------------------------------------------------------------------------------------
// Next time

/** Epoch ms of a UTC calendar time; a month of 1-12, and overflow of any part carries into the next. */
function utc(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, 0);
  return date.getTime();
}

/** The same UTC time `years` later (Feb 29 rolls to Mar 1). */
function addYears(ms: number, years: number): number {
  const date = new Date(ms);
  date.setUTCFullYear(date.getUTCFullYear() + years);
  return date.getTime();
}

function nextEveryTime(everyMs: number, afterMs: number): number | undefined {
  const next = (Math.floor(afterMs / everyMs) + 1) * everyMs;
  return next <= addYears(afterMs, HORIZON_YEARS) ? next : undefined;
}

function nextCalendarTime(fields: CalendarFields, afterMs: number): number | undefined {
  const limit = addYears(afterMs, HORIZON_YEARS);
  let candidate = Math.floor(afterMs / SECOND_MS) * SECOND_MS + SECOND_MS;
  while (candidate <= limit) {
    const later = skipAhead(fields, new Date(candidate));
    if (later === undefined) return candidate;
    candidate = later;
  }
  return undefined;
}

/** Undefined when `date` matches; otherwise a later time at which nothing earlier can match. */
function skipAhead(fields: CalendarFields, date: Date): number | undefined {
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth() + 1;
  const day = date.getUTCDate();
  const hour = date.getUTCHours();
  const minute = date.getUTCMinutes();
  const second = date.getUTCSeconds();
  return (
    jump(
      fields.month,
      month,
      (m) => utc(year, m, 1),
      () => utc(year + 1, fields.month.values[0], 1),
    ) ??
    (dayMatches(fields, day, date.getUTCDay()) ? undefined : utc(year, month, day + 1)) ??
    jump(
      fields.hour,
      hour,
      (h) => utc(year, month, day, h),
      () => utc(year, month, day + 1),
    ) ??
    jump(
      fields.minute,
      minute,
      (m) => utc(year, month, day, hour, m),
      () => utc(year, month, day, hour + 1),
    ) ??
    jump(
      fields.second,
      second,
      (s) => utc(year, month, day, hour, minute, s),
      () => utc(year, month, day, hour, minute + 1),
    )
  );
}

/** Undefined when `current` is allowed; else the time of the next allowed value, or of the carry into the next larger unit. */
function jump(field: Field, current: number, toValue: (value: number) => number, carry: () => number): number | undefined {
  if (field.values.includes(current)) return undefined;
  const next = field.values.find((value) => value > current);
  return next === undefined ? carry() : toValue(next);
}

/** Classic cron: when both day fields are restricted, either may match; otherwise both must (a `*` always does). */
function dayMatches(fields: CalendarFields, dayOfMonth: number, dayOfWeek: number): boolean {
  const domMatches = fields.dayOfMonth.values.includes(dayOfMonth);
  const dowMatches = fields.dayOfWeek.values.includes(dayOfWeek);
  if (fields.dayOfMonth.unrestricted || fields.dayOfWeek.unrestricted) return domMatches && dowMatches;
  return domMatches || dowMatches;
}
