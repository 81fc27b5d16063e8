// Cron expressions: parsing, the next matching time (UTC, strictly after), and the errors for bad input.
import assert from 'node:assert/strict';
import { CronSyntaxError, parseCron } from '../src/common/cron';

/** Epoch ms of a UTC time; month is 1-12 to keep the tests readable. */
function at(year: number, month: number, day: number, hour = 0, minute = 0, second = 0, ms = 0): number {
  return Date.UTC(year, month - 1, day, hour, minute, second, ms);
}

/** The next `count` times after `afterMs`, as ISO strings. */
function upcoming(expression: string, afterMs: number, count: number): string[] {
  const schedule = parseCron(expression);
  const times: string[] = [];
  let from = afterMs;
  for (let i = 0; i < count; i++) {
    const next = schedule.next(from);
    assert.ok(next !== undefined, `${expression} stopped after ${times.join(', ')}`);
    times.push(new Date(next).toISOString());
    from = next;
  }
  return times;
}

function nextIso(expression: string, afterMs: number): string | undefined {
  const next = parseCron(expression).next(afterMs);
  return next === undefined ? undefined : new Date(next).toISOString();
}

/** Asserts that parsing fails with a CronSyntaxError whose message contains every fragment. */
function assertRejects(expression: string, ...fragments: string[]): void {
  assert.throws(
    () => parseCron(expression),
    (error: unknown) => {
      assert.ok(error instanceof CronSyntaxError, `expected a CronSyntaxError, got ${String(error)}`);
      assert.equal(error.name, 'CronSyntaxError');
      assert.ok(error.message.startsWith(`Invalid cron expression "${expression}": `), error.message);
      assert.match(error.message, /Example: "/);
      for (const fragment of fragments) assert.ok(error.message.includes(fragment), `"${error.message}" lacks "${fragment}"`);
      return true;
    },
  );
}

describe('parseCron', function () {
  describe('five fields', function () {
    it('* * * * * fires at the start of every minute', function () {
      assert.deepEqual(upcoming('* * * * *', at(2025, 1, 1), 3), [
        '2025-01-01T00:01:00.000Z',
        '2025-01-01T00:02:00.000Z',
        '2025-01-01T00:03:00.000Z',
      ]);
      assert.equal(nextIso('* * * * *', at(2025, 1, 1, 0, 0, 30, 500)), '2025-01-01T00:01:00.000Z');
      assert.equal(nextIso('* * * * *', at(2024, 12, 31, 23, 59, 59)), '2025-01-01T00:00:00.000Z');
    });

    it('0 3 * * * returns a time strictly after the one given', function () {
      const schedule = parseCron('0 3 * * *');
      assert.equal(schedule.next(at(2025, 6, 10, 2, 59, 59, 999)), at(2025, 6, 10, 3));
      assert.equal(schedule.next(at(2025, 6, 10, 3)), at(2025, 6, 11, 3));
      assert.equal(schedule.next(at(2025, 6, 10, 3, 0, 0, 1)), at(2025, 6, 11, 3));
      assert.equal(schedule.next(at(2025, 6, 30, 12)), at(2025, 7, 1, 3));
      assert.equal(schedule.next(at(2025, 12, 31, 4)), at(2026, 1, 1, 3));
    });

    it('returns whole seconds even when given a time with milliseconds', function () {
      const next = parseCron('* * * * *').next(at(2025, 3, 3, 10, 20, 59, 999) + 0.5);
      assert.equal(next, at(2025, 3, 3, 10, 21));
      assert.equal(next % 1000, 0);
    });

    it('keeps the expression as given', function () {
      assert.equal(parseCron('  0 3 * * *  ').expression, '  0 3 * * *  ');
    });

    it('*/15 9-17 * * MON-FRI skips from Friday evening to Monday morning', function () {
      // 2025-01-03 is a Friday.
      assert.deepEqual(upcoming('*/15 9-17 * * MON-FRI', at(2025, 1, 3, 17, 30), 3), [
        '2025-01-03T17:45:00.000Z',
        '2025-01-06T09:00:00.000Z',
        '2025-01-06T09:15:00.000Z',
      ]);
      assert.equal(nextIso('*/15 9-17 * * MON-FRI', at(2025, 1, 4, 12)), '2025-01-06T09:00:00.000Z');
      assert.equal(nextIso('*/15 9-17 * * MON-FRI', at(2025, 1, 6, 8, 59, 59)), '2025-01-06T09:00:00.000Z');
    });

    it('a/n runs from a to the end of the field, and a-b/n within the range', function () {
      assert.deepEqual(upcoming('5/20 * * * *', at(2025, 1, 1), 4), [
        '2025-01-01T00:05:00.000Z',
        '2025-01-01T00:25:00.000Z',
        '2025-01-01T00:45:00.000Z',
        '2025-01-01T01:05:00.000Z',
      ]);
      assert.deepEqual(upcoming('0 10-16/3 * * *', at(2025, 1, 1), 4), [
        '2025-01-01T10:00:00.000Z',
        '2025-01-01T13:00:00.000Z',
        '2025-01-01T16:00:00.000Z',
        '2025-01-02T10:00:00.000Z',
      ]);
      assert.deepEqual(upcoming('0,30 1,2 * * *', at(2025, 1, 1), 5), [
        '2025-01-01T01:00:00.000Z',
        '2025-01-01T01:30:00.000Z',
        '2025-01-01T02:00:00.000Z',
        '2025-01-01T02:30:00.000Z',
        '2025-01-02T01:00:00.000Z',
      ]);
    });
  });

  describe('days', function () {
    it('when both day fields are restricted, either one matching is enough', function () {
      // Fridays, and the 13th of every month: 2025-01-03 and 01-10 are Fridays, 01-13 is a Monday.
      assert.deepEqual(upcoming('0 0 13 * FRI', at(2025, 1, 1), 4), [
        '2025-01-03T00:00:00.000Z',
        '2025-01-10T00:00:00.000Z',
        '2025-01-13T00:00:00.000Z',
        '2025-01-17T00:00:00.000Z',
      ]);
    });

    it('when one day field is * or ?, only the other restricts', function () {
      assert.deepEqual(upcoming('0 0 13 * *', at(2025, 1, 1), 2), ['2025-01-13T00:00:00.000Z', '2025-02-13T00:00:00.000Z']);
      assert.deepEqual(upcoming('0 0 ? * FRI', at(2025, 1, 1), 2), ['2025-01-03T00:00:00.000Z', '2025-01-10T00:00:00.000Z']);
      assert.deepEqual(upcoming('0 0 13 * ?', at(2025, 1, 1), 2), ['2025-01-13T00:00:00.000Z', '2025-02-13T00:00:00.000Z']);
    });

    it('the 31st fires only in months that have one', function () {
      assert.deepEqual(upcoming('0 0 31 * *', at(2025, 1, 31), 4), [
        '2025-03-31T00:00:00.000Z',
        '2025-05-31T00:00:00.000Z',
        '2025-07-31T00:00:00.000Z',
        '2025-08-31T00:00:00.000Z',
      ]);
    });

    it('Feb 29 is found in the next leap year, quickly', function () {
      const started = performance.now();
      assert.equal(nextIso('0 0 29 2 *', at(2025, 1, 1)), '2028-02-29T00:00:00.000Z');
      assert.equal(nextIso('0 0 29 2 *', at(2028, 2, 29)), '2032-02-29T00:00:00.000Z');
      assert.ok(performance.now() - started < 500, 'searching for Feb 29 took too long');
    });

    it('returns undefined when nothing matches within 5 years', function () {
      assert.equal(parseCron('0 0 30 2 *').next(at(2025, 1, 1)), undefined);
      assert.equal(parseCron('0 0 31 4 *').next(at(2025, 1, 1)), undefined);
      // 2100 is not a leap year, so after Feb 2096 the next Feb 29 is in 2104: more than 5 years on.
      assert.equal(parseCron('0 0 29 2 *').next(at(2096, 3, 1)), undefined);
    });

    it('month and day names are case-insensitive', function () {
      const expected = upcoming('0 12 * 1,2 1-5', at(2025, 1, 30), 4);
      assert.deepEqual(upcoming('0 12 * jan,Feb mon-FRI', at(2025, 1, 30), 4), expected);
      assert.deepEqual(upcoming('0 12 * JAN,feb Mon-Fri', at(2025, 1, 30), 4), expected);
      assert.deepEqual(expected, [
        '2025-01-30T12:00:00.000Z',
        '2025-01-31T12:00:00.000Z',
        '2025-02-03T12:00:00.000Z',
        '2025-02-04T12:00:00.000Z',
      ]);
      assert.equal(nextIso('0 0 1 dec *', at(2025, 1, 1)), '2025-12-01T00:00:00.000Z');
    });

    it('7 is Sunday, as is 0 and SUN', function () {
      // 2025-01-05 is a Sunday.
      for (const sunday of ['7', '0', 'SUN', 'sun']) {
        assert.deepEqual(
          upcoming(`0 0 * * ${sunday}`, at(2025, 1, 1), 2),
          ['2025-01-05T00:00:00.000Z', '2025-01-12T00:00:00.000Z'],
          sunday,
        );
      }
      assert.deepEqual(upcoming('0 0 * * 5-7', at(2025, 1, 1), 4), [
        '2025-01-03T00:00:00.000Z',
        '2025-01-04T00:00:00.000Z',
        '2025-01-05T00:00:00.000Z',
        '2025-01-10T00:00:00.000Z',
      ]);
    });
  });

  describe('six fields (seconds first)', function () {
    it('fires at the given seconds', function () {
      assert.deepEqual(upcoming('30 */5 * * * *', at(2025, 1, 1), 3), [
        '2025-01-01T00:00:30.000Z',
        '2025-01-01T00:05:30.000Z',
        '2025-01-01T00:10:30.000Z',
      ]);
      assert.deepEqual(upcoming('*/20 * * * * *', at(2025, 1, 1, 0, 0, 50), 3), [
        '2025-01-01T00:01:00.000Z',
        '2025-01-01T00:01:20.000Z',
        '2025-01-01T00:01:40.000Z',
      ]);
      assert.equal(nextIso('15 0 3 * * *', at(2025, 1, 1, 3, 0, 15)), '2025-01-02T03:00:15.000Z');
    });

    it('five fields mean second 0', function () {
      assert.equal(nextIso('* * * * *', at(2025, 1, 1, 0, 0, 1)), '2025-01-01T00:01:00.000Z');
    });
  });

  describe('descriptors', function () {
    const from = at(2025, 5, 14, 15, 20, 10); // a Wednesday
    const equivalents: Array<[string, string]> = [
      ['@yearly', '0 0 1 1 *'],
      ['@annually', '0 0 1 1 *'],
      ['@monthly', '0 0 1 * *'],
      ['@weekly', '0 0 * * 0'],
      ['@daily', '0 0 * * *'],
      ['@midnight', '0 0 * * *'],
      ['@hourly', '0 * * * *'],
    ];
    for (const [descriptor, expression] of equivalents) {
      it(`${descriptor} is ${expression}`, function () {
        assert.deepEqual(upcoming(descriptor, from, 3), upcoming(expression, from, 3));
      });
    }

    it('@daily and @hourly fire at the expected times', function () {
      assert.deepEqual(upcoming('@daily', from, 2), ['2025-05-15T00:00:00.000Z', '2025-05-16T00:00:00.000Z']);
      assert.deepEqual(upcoming('@hourly', from, 2), ['2025-05-14T16:00:00.000Z', '2025-05-14T17:00:00.000Z']);
      assert.equal(nextIso('@yearly', from), '2026-01-01T00:00:00.000Z');
      assert.equal(nextIso('@weekly', from), '2025-05-18T00:00:00.000Z');
    });

    it('@every 90m is aligned to the Unix epoch, strictly after', function () {
      const schedule = parseCron('@every 90m');
      assert.equal(schedule.next(0), 90 * 60_000);
      // 2025-01-01T00:00Z is a multiple of 90 minutes since the epoch.
      assert.equal(schedule.next(at(2025, 1, 1)), at(2025, 1, 1, 1, 30));
      assert.equal(schedule.next(at(2025, 1, 1, 0, 0, 0, 1)), at(2025, 1, 1, 1, 30));
      assert.equal(schedule.next(at(2024, 12, 31, 23, 59)), at(2025, 1, 1));
      assert.equal(schedule.next(at(2025, 1, 1, 1, 29, 59, 999)), at(2025, 1, 1, 1, 30));
      assert.equal(schedule.next(at(2025, 1, 1, 1, 30)), at(2025, 1, 1, 3));
    });

    it('@every takes combined units, and the same duration spelled differently is the same schedule', function () {
      const from2 = at(2025, 7, 4, 10, 11, 12);
      assert.equal(parseCron('@every 1h30m').next(from2), parseCron('@every 90m').next(from2));
      assert.equal(parseCron('@every 5400s').next(from2), parseCron('@every 90m').next(from2));
      const every = (2 * 3600 + 45 * 60 + 10) * 1000;
      const next = parseCron('@every 2h45m10s').next(from2);
      assert.ok(next !== undefined);
      assert.equal(next % every, 0);
      assert.ok(next > from2 && next - every <= from2);
      assert.equal(parseCron('@every 30s').next(at(2025, 1, 1, 0, 0, 29)), at(2025, 1, 1, 0, 0, 30));
    });

    it('descriptors are case-insensitive', function () {
      assert.equal(nextIso('@DAILY', at(2025, 1, 1, 5)), '2025-01-02T00:00:00.000Z');
    });
  });

  describe('time zone prefix', function () {
    it('accepts CRON_TZ=UTC, TZ=UTC and Etc/UTC', function () {
      for (const prefix of ['CRON_TZ=UTC', 'TZ=UTC', 'CRON_TZ=Etc/UTC', 'TZ=Etc/UTC']) {
        assert.equal(nextIso(`${prefix} 0 3 * * *`, at(2025, 1, 1)), '2025-01-01T03:00:00.000Z', prefix);
      }
      assert.equal(nextIso('CRON_TZ=UTC @hourly', at(2025, 1, 1)), '2025-01-01T01:00:00.000Z');
    });

    it('rejects other zones, saying to write the expression in UTC', function () {
      assertRejects('CRON_TZ=Europe/Paris 0 3 * * *', '"Europe/Paris"', 'time zones other than UTC are not supported yet', 'in UTC');
      assertRejects('TZ=America/New_York 0 3 * * *', '"America/New_York"', 'not supported yet');
      assertRejects('CRON_TZ=UTC', 'nothing follows');
    });
  });

  describe('errors', function () {
    it('out-of-range values name the field and its range', function () {
      assert.throws(() => parseCron('61 * * * *'), {
        name: 'CronSyntaxError',
        message:
          'Invalid cron expression "61 * * * *": minute field "61" is out of range 0-59. Example: "0 3 * * *" (every day at 03:00 UTC).',
      });
      assertRejects('0 24 * * *', 'hour field "24"', 'out of range 0-23');
      assertRejects('0 0 0 * *', 'day-of-month field "0"', 'out of range 1-31');
      assertRejects('0 0 32 * *', 'day-of-month field "32"', 'out of range 1-31');
      assertRejects('0 0 * 13 *', 'month field "13"', 'out of range 1-12');
      assertRejects('0 0 * * 8', 'day-of-week field "8"', 'out of range 0-7');
      assertRejects('60 * * * * *', 'second field "60"', 'out of range 0-59');
      assertRejects('1,50-61 * * * *', 'minute field "1,50-61"', '"61" is out of range 0-59');
    });

    it('wrong field counts say what is expected', function () {
      assertRejects('* * * *', 'has 4 fields; expected 5 (minute hour day-of-month month day-of-week) or 6 (with seconds first)');
      assertRejects('* * * * * * *', 'has 7 fields');
      assertRejects('daily', 'has 1 field;');
    });

    it('empty input', function () {
      assertRejects('', 'empty');
      assertRejects('   ', 'empty');
    });

    it('bad steps, ranges and lists', function () {
      assertRejects('*/0 * * * *', 'minute field "*/0"', 'step 0', '1 or more');
      assertRejects('*/x * * * *', 'minute field "*/x"', 'not a whole number');
      assertRejects('1/2/3 * * * *', 'more than one "/"');
      assertRejects('0 5-1 * * *', 'hour field "5-1"', 'reversed range 5-1', '"1-5"');
      assertRejects('0 0 * * FRI-MON', 'day-of-week field "FRI-MON"', 'reversed range 5-1');
      assertRejects('1-2-3 * * * *', 'minute field "1-2-3"', 'not a valid range');
      assertRejects('1,,2 * * * *', 'minute field "1,,2"', 'empty item');
      assertRejects('-5 * * * *', 'minute field "-5"', 'missing a value');
      assertRejects('x * * * *', 'minute field "x"', 'not a number 0-59');
    });

    it('unknown names', function () {
      assertRejects('0 0 * FOO *', 'month field "FOO"', 'month name (JAN-DEC)');
      assertRejects('0 0 * * FUNDAY', 'day-of-week field "FUNDAY"', 'day name (SUN-SAT)');
      assertRejects('0 0 * * MON-FUNDAY', 'day-of-week field "MON-FUNDAY": "FUNDAY"');
      assertRejects('0 0 * MON *', 'month field "MON"');
      assertRejects('0 0 JAN * *', 'day-of-month field "JAN"', 'not a number 1-31');
    });

    it('unknown or malformed descriptors', function () {
      assertRejects('@fortnightly', 'unknown descriptor "@fortnightly"', '@every <duration>');
      assertRejects('@daily 5', '@daily takes nothing after it');
      assertRejects('@every', '@every needs a duration');
      assertRejects('@every 1h 30m', 'without spaces');
      assertRejects('@every 500ms', '"500ms"', 'minimum of 1s');
      assertRejects('@every 0s', 'minimum of 1s');
      assertRejects('@every 1500ms', 'whole number of seconds');
      assertRejects('@every 1d', '"1d" is not valid');
      assertRejects('@every 1.5h', 'is not valid');
    });

    it('is an Error and a CronSyntaxError', function () {
      try {
        parseCron('nope');
        assert.fail('expected a throw');
      } catch (error) {
        assert.ok(error instanceof Error);
        assert.ok(error instanceof CronSyntaxError);
        assert.equal(error.name, 'CronSyntaxError');
      }
    });
  });

  it('next() refuses a time that is not a finite number', function () {
    assert.throws(() => parseCron('* * * * *').next(Number.NaN), RangeError);
  });
});
