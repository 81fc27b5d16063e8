// Temporal's TestService sleeps on Rewind's server: a sleep whose caller gives up (its deadline passed,
// or it cancelled) is forgotten at once, so that the skipped clock does not later jump to its time.
import assert from 'node:assert/strict';
import { google, temporal } from '@temporalio/proto';
import Long from 'long';
import { RawGrpc } from '../helpers/grpc-raw';
import { startServer, type TestServer } from '../helpers/server';

const TEST_SERVICE = 'temporal.api.testservice.v1.TestService';
const ts = temporal.api.testservice.v1;
const TEN_DAYS_S = 10 * 24 * 3600;

describe('TestService sleeps whose caller gives up', function () {
  this.timeout(30_000);
  let srv: TestServer;
  let raw: RawGrpc;

  before(async function () {
    srv = await startServer({ timeSkipping: 'locked' });
    raw = new RawGrpc(srv.address);
  });
  after(async function () {
    raw.close();
    await srv.close();
  });

  const now = async (): Promise<number> => {
    const answer = await raw.call('GetCurrentTime', google.protobuf.Empty.encode({}).finish(), 5_000, TEST_SERVICE);
    assert.ok(answer.ok, JSON.stringify(answer));
    const time = ts.GetCurrentTimeResponse.decode(answer.bytes).time;
    return Number(time?.seconds ?? 0) * 1000 + Math.floor((time?.nanos ?? 0) / 1e6);
  };

  const call = async (method: string, bytes: Uint8Array): Promise<void> => {
    const answer = await raw.call(method, bytes, 5_000, TEST_SERVICE);
    assert.ok(answer.ok, `${method}: ${JSON.stringify(answer)}`);
  };
  const lock = (): Promise<void> => call('LockTimeSkipping', ts.LockTimeSkippingRequest.encode({}).finish());
  const unlock = (): Promise<void> => call('UnlockTimeSkipping', ts.UnlockTimeSkippingRequest.encode({}).finish());

  // The server starts locked (one lock). UnlockTimeSkippingWithSleep gives one back while it sleeps and takes
  // it again when it wakes, or when its caller gives up: a second lock keeps the clock still while it sleeps.
  for (const [method, locksToHold] of [
    ['Sleep', 0],
    ['UnlockTimeSkippingWithSleep', 1],
  ] as const) {
    it(`${method}: once its caller gave up, the clock no longer skips to its time`, async function () {
      for (let i = 0; i < locksToHold; i++) await lock();
      const before = await now();
      const sleep = ts.SleepRequest.encode({ duration: { seconds: Long.fromNumber(TEN_DAYS_S) } }).finish();
      const gaveUp = await raw.call(method, sleep, 300, TEST_SERVICE);
      assert.equal(gaveUp.ok ? 'answered' : gaveUp.status, 'DEADLINE_EXCEEDED', 'the caller gave up waiting');
      // Unlocked: time may skip now, and nothing is pending but what the gone sleeper waited for.
      for (let i = 0; i <= locksToHold; i++) await unlock();
      await new Promise((resolve) => setTimeout(resolve, 300));
      const after = await now();
      assert.ok(after - before < 24 * 3600 * 1000, `the clock moved ${after - before} ms, to the gone sleeper's time`);
      await lock();
    });
  }
});
