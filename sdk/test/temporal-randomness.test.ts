// Rewind's generator, uuid4 and seeds against Temporal's own code (loaded from node_modules), and the
// flags that choose them (issue 17): same seed, same numbers; histories choose the randomness they recorded.
import assert from 'node:assert/strict';
import { alea, uuid4From } from '@rewind/sdk/internal/workflow/alea';
import { RewindFlags, SdkFlags, TemporalCoreFlags, TemporalLangFlags } from '@rewind/sdk/internal/workflow/flags';
import { temporalSeed, temporalSeedBytes } from '@rewind/sdk/internal/worker/workflows/randomness-seed';

// Temporal's own implementations, as @temporalio/workflow 1.24 ships them.
const temporalAlea = (require('@temporalio/workflow/lib/alea') as { alea: (seed: number[]) => () => number }).alea;
const temporalUuid4 = (require('@temporalio/workflow/lib/random-helpers') as { uuid4FromRandom: (r: () => number) => string })
  .uuid4FromRandom;

const RUN_IDS = ['', 'ab', '0123456789abcdef-xyz', '1ec8213e-b8c0-4e74-b59e-71f84c71caa5', 'run-ÿ-ünïcode'];

describe("Temporal's randomness", function () {
  it('draws the numbers of @temporalio/workflow’s alea for the same seed', function () {
    for (const runId of RUN_IDS) {
      const ours = alea(temporalSeedBytes(runId));
      const theirs = temporalAlea(temporalSeedBytes(runId));
      for (let i = 0; i < 1000; i++) assert.equal(ours(), theirs(), `draw ${i} for ${JSON.stringify(runId)}`);
    }
  });

  it('makes the uuid4 of @temporalio/workflow from the same draws', function () {
    const ours = alea([1, 2, 3, 4, 5, 6, 7, 8]);
    const theirs = temporalAlea([1, 2, 3, 4, 5, 6, 7, 8]);
    for (let i = 0; i < 200; i++) assert.equal(uuid4From(ours), temporalUuid4(theirs));
  });

  it('seeds as sdk-core: SipHash-1-3 (keys 0) of the run id’s bytes and 0xff, as 8 bytes big-endian', function () {
    // Reference values: CPython 3.11's hash() of bytes is SipHash-1-3, with keys 0 under PYTHONHASHSEED=0.
    assert.equal(temporalSeed('').toString(16), '30406ea523c53def');
    assert.equal(temporalSeed('ab').toString(16), '66930d61a0cb581b');
    assert.equal(temporalSeed('0123456789abcdef-xyz').toString(16), '98ec5b92aa607c96');
    assert.deepEqual(temporalSeedBytes('ab'), [0x66, 0x93, 0x0d, 0x61, 0xa0, 0xcb, 0x58, 0x1b]);
  });
});

describe('SDK flags', function () {
  it("counts a flag both SDKs give Temporal's meaning (2–6) for a run served by both, whoever recorded it", function () {
    // Rewind recorded flags 2 and 6, then a Temporal worker served the run (recording neither again).
    const a = new SdkFlags();
    a.observe({ sdkName: 'rewind-typescript', sdkVersion: '0.1.0', langUsedFlags: [1, 2, 6] });
    a.observe({ sdkName: 'temporal-typescript', sdkVersion: '1.24.0' });
    assert.equal(a.jobBatching(true, true), 'one-batch');
    assert.equal(a.langFlag(TemporalLangFlags.OpenTelemetryInterceptorsInstrumentsAllMethods, true), true);
    // Temporal recorded flag 2, then Rewind served the run: it does not record it again, and replays one batch.
    const b = new SdkFlags();
    b.observe({ sdkName: 'temporal-typescript', sdkVersion: '1.24.0', langUsedFlags: [1, 2] });
    b.observe({ sdkName: 'rewind-typescript', sdkVersion: '0.1.0' });
    assert.equal(b.jobBatching(true, false), 'one-batch');
    assert.equal(b.takeMetadata().langUsedFlags, undefined);
    assert.equal(b.jobBatching(true, true), 'one-batch');
    // A Rewind run recorded before flag 2: its groups.
    const c = new SdkFlags();
    c.observe({ sdkName: 'rewind-typescript', sdkVersion: '0.1.0', langUsedFlags: [1] });
    assert.equal(c.jobBatching(true, true), 'groups');
  });

  it('a live run uses a Rewind flag and records it once, with the SDK’s name and version', function () {
    const flags = new SdkFlags();
    assert.equal(flags.use(RewindFlags.TemporalRandomness, false), true);
    // The first live task also records every core behaviour Rewind has (sdk-core's write_all_known).
    assert.deepEqual(flags.takeMetadata(), {
      sdkName: 'rewind-typescript',
      sdkVersion: '0.1.0',
      coreUsedFlags: [1, 2, 3],
      langUsedFlags: [1],
    });
    assert.equal(flags.use(RewindFlags.TemporalRandomness, false), true);
    assert.deepEqual(flags.takeMetadata(), { sdkName: 'rewind-typescript', sdkVersion: '0.1.0' });
  });

  it('a replay uses a Rewind flag only if its history recorded it, or Temporal recorded the history', function () {
    const old = new SdkFlags();
    old.observe(undefined);
    assert.equal(old.use(RewindFlags.TemporalRandomness, true), false, 'a Rewind history without flags');
    const flagged = new SdkFlags();
    flagged.observe({ sdkName: 'rewind-typescript', langUsedFlags: [1] });
    assert.equal(flagged.use(RewindFlags.TemporalRandomness, true), true);
    const temporal = new SdkFlags();
    temporal.observe({ sdkName: 'temporal-typescript', sdkVersion: '1.24.0', langUsedFlags: [1] });
    assert.equal(temporal.use(RewindFlags.TemporalRandomness, true), true, 'Temporal’s randomness is Temporal’s');
  });

  it('Temporal’s core flags gate their behaviour in Temporal’s histories only', function () {
    const before = new SdkFlags();
    before.observe({ sdkName: 'temporal-typescript', coreUsedFlags: [1, 2] });
    assert.equal(before.coreFlag(TemporalCoreFlags.MoveTerminalCommands, true), false);
    assert.equal(before.coreFlag(TemporalCoreFlags.MoveTerminalCommands, false), true, 'live: today’s behaviour');
    const after = new SdkFlags();
    after.observe({ sdkName: 'temporal-typescript', coreUsedFlags: [3] });
    after.observe({ coreUsedFlags: [] });
    assert.equal(after.coreFlag(TemporalCoreFlags.MoveTerminalCommands, true), true, 'flags stay on once seen');
    const rewind = new SdkFlags();
    assert.equal(rewind.coreFlag(TemporalCoreFlags.MoveTerminalCommands, true), true, 'Rewind always moved them');
  });
});
