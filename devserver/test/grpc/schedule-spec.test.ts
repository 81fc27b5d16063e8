// Temporal's schedule spec and Rewind's, both ways (schedule-spec-in.ts, schedule-spec-out.ts): what each
// calendar, cron string and interval becomes, what comes back from a description, and what is refused.
import assert from 'node:assert/strict';
import { scheduleSpecIn } from '../../src/grpc/schedule-spec-in';
import { scheduleSpecOut } from '../../src/grpc/schedule-spec-out';
import { duration, timestamp, type temporal } from '../../src/grpc/proto';

type Spec = temporal.api.schedule.v1.IScheduleSpec;
const all = (start: number, end: number) => [{ start, end, step: 1 }];
const one = (v: number) => [{ start: v, end: v, step: 0 }];
const calendar = (
  fields: Partial<
    Record<'second' | 'minute' | 'hour' | 'dayOfMonth' | 'month' | 'dayOfWeek', { start: number; end: number; step: number }[]>
  >,
) => ({
  second: one(0),
  minute: one(0),
  hour: one(0),
  dayOfMonth: all(1, 31),
  month: all(1, 12),
  dayOfWeek: all(0, 6),
  ...fields,
});
const cronsOf = (spec: Spec) => scheduleSpecIn(spec, 'schedule.spec').cronExpressions;
const refusal = (spec: Spec): string => {
  try {
    scheduleSpecIn(spec, 'schedule.spec');
  } catch (err) {
    return (err as Error).message;
  }
  return 'accepted';
};

describe("schedule specs between Temporal's messages and Rewind's", function () {
  it('reads structured calendars, calendars and cron strings as cron expressions with seconds first', function () {
    assert.deepEqual(
      cronsOf({ structuredCalendar: [calendar({ minute: [{ start: 0, end: 59, step: 15 }], hour: [{ start: 9, end: 17, step: 0 }] })] }),
      ['0 0-59/15 9-17 * * *'],
    );
    assert.deepEqual(
      cronsOf({
        structuredCalendar: [
          calendar({
            dayOfWeek: [
              { start: 1, end: 0, step: 0 },
              { start: 5, end: 5, step: 1 },
            ],
          }),
        ],
      }),
      ['0 0 0 * * 1,5'],
    );
    assert.deepEqual(cronsOf({ calendar: [{ hour: '3', dayOfWeek: 'MON-FRI' }] }), ['0 0 3 * * MON-FRI']);
    assert.deepEqual(cronsOf({ cronString: ['0 3 * * *', '0 3 * * * *', '5 0 3 * * * *', '@daily # nightly', 'CRON_TZ=UTC 0 4 * * *'] }), [
      '0 3 * * *',
      '0 3 * * *',
      '5 0 3 * * *',
      '@daily',
      '0 4 * * *',
    ]);
    assert.deepEqual(scheduleSpecIn({ cronString: ['@every 1d/3h'] }, 'schedule.spec').intervals, [
      { everyMs: 86_400_000, offsetMs: 10_800_000 },
    ]);
  });

  it('describes cron expressions as structured calendars (evenly spaced values as one range), @every as an interval', function () {
    const out = scheduleSpecOut({
      cronExpressions: ['*/15 9-17 * * 1-5', '0 0 1 * MON', '@every 90m'],
      intervals: [{ everyMs: 3_600_000, offsetMs: 60_000 }],
    });
    assert.deepEqual(out.structuredCalendar?.[0], {
      second: [{ start: 0, end: 0, step: 1 }],
      minute: [{ start: 0, end: 45, step: 15 }],
      hour: [{ start: 9, end: 17, step: 1 }],
      dayOfMonth: [{ start: 1, end: 31, step: 1 }],
      month: [{ start: 1, end: 12, step: 1 }],
      dayOfWeek: [{ start: 1, end: 5, step: 1 }],
      year: [],
      comment: '',
    });
    // Classic cron ORs two restricted days; Temporal's calendars AND them: the comment says so.
    assert.match(
      out.structuredCalendar?.[1]?.comment ?? '',
      /^0 0 1 \* MON \(classic cron: the day of the month OR the day of the week\)$/,
    );
    assert.deepEqual(
      out.interval?.map((i) => [Number(i.interval?.seconds), Number(i.phase?.seconds)]),
      [
        [5400, 0],
        [3600, 60],
      ],
    );
  });

  it('reads back what it described', function () {
    const kept = { cronExpressions: ['0 */10 8-18 * * 1-5', '30 2 1,15 * *'] };
    const again = scheduleSpecIn(scheduleSpecOut(kept), 'schedule.spec');
    assert.deepEqual(again.cronExpressions, ['0 0-50/10 8-18 * * 1-5', '0 30 2 1,15 * *']);
  });

  it('refuses what Rewind cannot keep, naming the field', function () {
    assert.match(
      refusal({ structuredCalendar: [calendar({ hour: [{ start: 24, end: 24, step: 1 }] })] }),
      /^Invalid schedule spec: schedule\.spec\.structuredCalendar\[0\]\.hour\[0\]: 24-24 is out of range 0-23\.$/,
    );
    assert.match(
      refusal({ structuredCalendar: [calendar({ minute: [] })] }),
      /^Invalid schedule spec: schedule\.spec\.structuredCalendar\[0\]\.minute: no range/,
    );
    assert.match(refusal({ calendar: [{ hour: '9', year: '2030' }] }), /schedule\.spec\.calendar\[0\]\.year: years are not supported/);
    assert.match(refusal({ calendar: [{ hour: '9 10' }] }), /schedule\.spec\.calendar\[0\]\.hour: "9 10" has spaces/);
    assert.match(refusal({ cronString: ['0 3 * * * 2030'] }), /schedule\.spec\.cronString\[0\]: a year \("2030"\) is not supported/);
    assert.match(
      refusal({ cronString: ['0 3 1 * MON'] }),
      /schedule\.spec\.cronString\[0\]: .* matches both a day of the month and a day of the week/,
    );
    assert.match(refusal({ cronString: ['@every soon'] }), /schedule\.spec\.cronString\[0\]: "@every soon" is not valid/);
    assert.match(
      refusal({ interval: [{ interval: duration(500) }] }),
      /schedule\.spec\.interval\[0\]\.interval: an interval of at least 1 second/,
    );
    assert.match(refusal({ cronString: ['0 3 * * *'], timezoneData: new Uint8Array([1]) }), /schedule\.spec\.timezoneData: time zone/);
    assert.match(
      refusal({ cronString: ['0 3 * * *'], startTime: timestamp(2_000_000), endTime: timestamp(1_000_000) }),
      /schedule\.spec\.endTime: 1970-01-01T00:16:40\.000Z is before startTime/,
    );
    assert.equal(refusal({ cronString: ['0 3 * * *'], timezoneName: 'Etc/UTC' }), 'accepted');
  });
});
