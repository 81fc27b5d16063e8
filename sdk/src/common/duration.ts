// Durations as Temporal's SDK takes them: a number of milliseconds, or a string like '10 seconds'.

/**
 * A length of time, as Temporal's SDK takes it: a number of milliseconds, or a string of a number and a
 * unit such as `'500ms'`, `'10 seconds'`, `'5m'`, `'1.5 hours'`, `'2 days'`, `'1 week'` (units: ms, s, m,
 * h, d, w, y and their long forms, singular or plural; a bare number in a string is milliseconds).
 */
export type Duration = string | number;

const UNIT_MS: Record<string, number> = {};
function units(ms: number, ...names: string[]): void {
  for (const n of names) UNIT_MS[n] = ms;
}
units(1, 'ms', 'msec', 'msecs', 'millisecond', 'milliseconds');
units(1000, 's', 'sec', 'secs', 'second', 'seconds');
units(60_000, 'm', 'min', 'mins', 'minute', 'minutes');
units(3_600_000, 'h', 'hr', 'hrs', 'hour', 'hours');
units(86_400_000, 'd', 'day', 'days');
units(604_800_000, 'w', 'week', 'weeks');
units(31_557_600_000, 'y', 'yr', 'yrs', 'year', 'years');

const PATTERN = /^(-?(?:\d+)?\.?\d+) *([a-z]*)$/i;

/**
 * The milliseconds of a {@link Duration} (rounded to a whole number).
 *
 * @throws TypeError naming the value when it is not a duration (an unknown unit, not finite, not a number or string).
 */
export function msToNumber(duration: Duration): number {
  if (typeof duration === 'number') {
    if (!Number.isFinite(duration)) throw new TypeError(`Invalid duration: ${duration} (expected a finite number of milliseconds)`);
    return duration;
  }
  if (typeof duration !== 'string') {
    throw new TypeError(`Invalid duration: ${String(duration)} (expected a number of milliseconds or a string like '10 seconds')`);
  }
  const match = PATTERN.exec(duration.trim());
  const unit = match ? UNIT_MS[(match[2] || 'ms').toLowerCase()] : undefined;
  if (!match || unit === undefined) {
    throw new TypeError(`Invalid duration string: '${duration}' (expected e.g. '500ms', '10 seconds', '5 minutes', '2 hours', '1 day')`);
  }
  return Math.round(parseFloat(match[1]!) * unit);
}

/**
 * The milliseconds of a {@link Duration}, or undefined for undefined.
 *
 * @throws TypeError as {@link msToNumber}.
 */
export function msOptionalToNumber(duration: Duration | undefined): number | undefined {
  return duration === undefined ? undefined : msToNumber(duration);
}

/** Formats milliseconds for people: 1500 → '1.5s', 600000 → '10m'. */
export function formatMs(ms: number): string {
  if (ms < 1000) return `${ms}ms`;
  const table: [number, string][] = [
    [86_400_000, 'd'],
    [3_600_000, 'h'],
    [60_000, 'm'],
    [1000, 's'],
  ];
  for (const [size, unit] of table) {
    if (ms >= size) return `${Number((ms / size).toFixed(2))}${unit}`;
  }
  return `${ms}ms`;
}

/** A duration as people say it: 250 ms, 30 s, 15 min, 2 h, 3 d. */
export function formatDuration(ms: number): string {
  const units: Array<[number, string]> = [
    [86_400_000, 'd'],
    [3_600_000, 'h'],
    [60_000, 'min'],
    [1000, 's'],
  ];
  for (const [size, unit] of units) if (ms >= size) return `${Math.round((ms / size) * 10) / 10} ${unit}`;
  return `${ms} ms`;
}
