// @rewind/sdk/common's Timestamp helpers give what @temporalio/common's give, value for value.
import assert from 'node:assert/strict';
import * as temporal from '@temporalio/common';
import * as rewind from '@rewind/sdk/common';

const MILLIS = [0, 1, 999, 1000, 1500, -1, -1500, 1_796_675_220_405, Number.MAX_SAFE_INTEGER];
const DURATIONS: rewind.Duration[] = [0, 2500, '1 day', '90s', '1.5h'];

describe("Timestamp helpers, as Temporal's", function () {
  it('convert milliseconds to a Timestamp and back as Temporal does', function () {
    for (const ms of MILLIS) {
      const ours = rewind.msNumberToTs(ms);
      const theirs = temporal.msNumberToTs(ms);
      assert.equal(String(ours.seconds), String(theirs.seconds), `seconds of ${ms}`);
      assert.equal(ours.nanos, theirs.nanos, `nanos of ${ms}`);
      assert.equal(rewind.tsToMs(theirs), temporal.tsToMs(theirs), `ms of ${ms}`);
      assert.equal(rewind.tsToDate(theirs).getTime(), temporal.tsToDate(theirs).getTime());
    }
    for (const d of DURATIONS) {
      assert.equal(rewind.tsToMs(rewind.msToTs(d)), temporal.tsToMs(temporal.msToTs(d as temporal.Duration)), `duration ${d}`);
    }
  });

  it('treat missing values as Temporal does', function () {
    assert.equal(rewind.optionalTsToMs(undefined), undefined);
    assert.equal(rewind.optionalTsToMs(null), undefined);
    assert.equal(rewind.optionalTsToDate(null), undefined);
    assert.equal(rewind.msOptionalToTs(undefined), undefined);
    assert.equal(rewind.tsToMs({}), temporal.tsToMs({}));
    assert.throws(() => rewind.tsToMs(undefined), /Expected timestamp, got undefined/);
    assert.throws(
      () => rewind.msNumberToTs(Number.NaN),
      (err: unknown) => err instanceof rewind.ValueError && /Invalid millis NaN/.test(err.message),
    );
  });
});
