// Temporal's TestService (temporal.api.testservice.v1), what @temporalio/testing's time-skipping
// environment calls: translators onto the server's time skipper (lock counting, sleeps in skipped time,
// the skipped clock). A server started without time skipping answers UNIMPLEMENTED, saying how to get it.
import * as grpc from '@grpc/grpc-js';
import { EngineError } from '../../engine/transition';
import type { TimeSkippingControls } from '../../server';
import { UnbalancedUnlockError, type TimeSkipper } from '../../service/time/time-skipper';
import { RequestError } from '../grpc-errors';
import { durationMs, google, temporal, timestamp, timestampMs } from '../proto';
import { method, type GrpcMethod } from './method';

export const TEST_SERVICE = 'temporal.api.testservice.v1.TestService';

const ts = temporal.api.testservice.v1;

/** TestService's methods on this server's time skipping; without it, each refuses and says how to start a server that has it. */
export function testServiceMethods(timeSkipping: TimeSkippingControls | undefined): Record<string, GrpcMethod> {
  const need = (): TimeSkippingControls => {
    if (timeSkipping) return timeSkipping;
    throw new RequestError(
      grpc.status.UNIMPLEMENTED,
      'this Rewind server was started without time skipping. Start one with it as Temporal starts its test server: ' +
        "TestWorkflowEnvironment.createTimeSkipping({ server: { executable: rewindTemporalServer } }) (rewindTemporalServer from '@rewind/devserver'), " +
        'or run `rewind-temporal-server <port>`.',
    );
  };
  return {
    LockTimeSkipping: method(ts.LockTimeSkippingRequest, ts.LockTimeSkippingResponse, () => {
      need().skipper.lock();
      return {};
    }),
    UnlockTimeSkipping: method(ts.UnlockTimeSkippingRequest, ts.UnlockTimeSkippingResponse, () => {
      unlock(need().skipper);
      return {};
    }),
    // Returns once the server's clock has moved `duration` on (it skips there only while unlocked).
    Sleep: method(ts.SleepRequest, ts.SleepResponse, async (req, ctx) => {
      const { clock, skipper } = need();
      await skipper.sleepUntil(clock.now() + (durationMs(req.duration) ?? 0), undefined, ctx.signal);
      return {};
    }),
    SleepUntil: method(ts.SleepUntilRequest, ts.SleepResponse, async (req, ctx) => {
      const { clock, skipper } = need();
      await skipper.sleepUntil(timestampMs(req.timestamp) ?? clock.now(), undefined, ctx.signal);
      return {};
    }),
    // Unlocks, lets `duration` pass (skipped where only timers are left), and locks again at that moment.
    UnlockTimeSkippingWithSleep: method(ts.SleepRequest, ts.SleepResponse, async (req, ctx) => {
      const { clock, skipper } = need();
      unlock(skipper);
      // Locked again when it wakes, or when its caller gives up (the lock count stays as the caller left it).
      await skipper.sleepUntil(clock.now() + (durationMs(req.duration) ?? 0), () => skipper.lock(), ctx.signal);
      return {};
    }),
    GetCurrentTime: method(google.protobuf.Empty, ts.GetCurrentTimeResponse, () => ({ time: timestamp(need().clock.now()) })),
  };
}

/** An unbalanced unlock is the caller's mistake: FAILED_PRECONDITION, as the refusal says. */
function unlock(skipper: TimeSkipper): void {
  try {
    skipper.unlock();
  } catch (err) {
    if (err instanceof UnbalancedUnlockError) throw new EngineError('FAILED_PRECONDITION', err.message);
    throw err;
  }
}
