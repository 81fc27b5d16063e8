// Temporal's lang flags as Rewind's runtime answers them when replaying Temporal's histories, against
// @temporalio/workflow's own flags.js (1.24): a flag is on if recorded, or by its alternative conditions (the
// build id of 1.11.0/1.11.1 for 1 and 2; the SDK version last recorded for 3–5). And the flags module
// Rewind gives Temporal's contrib packages (`@temporalio/workflow/lib/flags`) has Temporal's names and ids.
import assert from 'node:assert/strict';
import { SdkFlags, TemporalLangFlags, type TemporalLangFlag } from '@rewind/sdk/internal/workflow/flags';
import * as internals from '@rewind/sdk/internal/workflow/temporal-internals';

interface TemporalFlag {
  id: number;
  default: boolean;
  alternativeConditions?: ((ctx: { info: { currentBuildId?: string }; sdkVersion?: string }) => boolean)[];
}
const temporal = require('@temporalio/workflow/lib/flags') as {
  SdkFlags: Record<string, TemporalFlag>;
  assertValidFlag(id: number): void;
};

/** Temporal's `hasFlag` while replaying: recorded, or one of its alternative conditions holds. */
function temporalHasFlag(flag: TemporalFlag, recorded: number[], buildId: string | undefined, sdkVersion: string | undefined): boolean {
  if (recorded.includes(flag.id)) return true;
  return (flag.alternativeConditions ?? []).some((cond) => cond({ info: { currentBuildId: buildId }, sdkVersion }));
}

const VERSIONS = [
  undefined,
  '',
  'unknown',
  '1.10.0',
  '1.11.4',
  '1.11.5',
  '1.11.6',
  '1.12.9',
  '1.13.1',
  '1.13.2',
  '1.13.10',
  '1.24.0',
  '2.0.0',
  '1.11.5-rc.1',
];
const BUILD_IDS = [
  undefined,
  '@temporalio/worker@1.11.1+0123abcd',
  '@temporalio/worker@1.11.0+ff',
  '@temporalio/worker@1.12.0+ff',
  'my-build',
];

describe("Temporal's lang flags, replaying Temporal's histories", function () {
  it("are on exactly when @temporalio/workflow's hasFlag says so: recorded, by build id, by SDK version", function () {
    let checked = 0;
    for (const [name, flag] of Object.entries(temporal.SdkFlags)) {
      for (const version of VERSIONS) {
        for (const buildId of BUILD_IDS) {
          for (const recorded of [[], [flag.id]]) {
            const flags = new SdkFlags();
            flags.observe({ sdkName: 'temporal-typescript', sdkVersion: version, buildId, langUsedFlags: recorded });
            assert.equal(
              flags.langFlag(flag.id as TemporalLangFlag, true),
              temporalHasFlag(flag, recorded, buildId, version),
              `${name} (${flag.id}), SDK ${String(version)}, build ${String(buildId)}, recorded ${recorded.join(',') || 'none'}`,
            );
            checked++;
          }
        }
      }
    }
    assert.equal(checked, 6 * VERSIONS.length * BUILD_IDS.length * 2, "all six of Temporal's lang flags");
  });

  it('take the SDK version the completions read so far last named (sdk-core records it only when it changes)', function () {
    const flags = new SdkFlags();
    flags.observe({ sdkName: 'temporal-typescript', sdkVersion: '1.13.2' });
    flags.observe({ langUsedFlags: [1] });
    assert.equal(flags.langFlag(TemporalLangFlags.OpenTelemetryInterceporsAvoidsExtraYields, true), true);
    flags.observe({ sdkVersion: '1.13.1' });
    assert.equal(flags.langFlag(TemporalLangFlags.OpenTelemetryInterceporsAvoidsExtraYields, true), false);
  });

  it('are on in live runs and for Rewind’s own histories', function () {
    const flags = new SdkFlags();
    flags.observe({ sdkName: 'rewind-typescript', sdkVersion: '0.1.0' });
    for (const id of Object.values(TemporalLangFlags)) {
      assert.equal(flags.langFlag(id, false), true);
      assert.equal(flags.langFlag(id, true), true);
    }
  });
});

describe("@temporalio/workflow/lib/flags as Rewind's runtime gives it to Temporal's packages", function () {
  it("has Temporal's flags by name and id, and refuses an id Temporal does not define", function () {
    assert.deepEqual(
      Object.fromEntries(Object.entries(internals.SdkFlags).map(([name, f]) => [name, f.id])),
      Object.fromEntries(Object.entries(temporal.SdkFlags).map(([name, f]) => [name, f.id])),
    );
    for (const id of [0, 1, 6, 7]) {
      const theirs = (() => {
        try {
          temporal.assertValidFlag(id);
          return 'valid';
        } catch (err) {
          return String(err);
        }
      })();
      assert.equal(
        (() => {
          try {
            internals.assertValidFlag(id);
            return 'valid';
          } catch (err) {
            return String(err);
          }
        })(),
        theirs,
      );
    }
  });
});
