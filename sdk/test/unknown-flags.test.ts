// A history recorded with a versioned behaviour this runtime does not know (a newer SDK's flag) is refused
// at the completion that recorded it, as Temporal's replayer refuses an unknown lang flag; an unknown core
// flag is ignored, as sdk-core ignores it. Rewind's own flag ids are ones Temporal's workers know.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { bundleWorkflowCode as temporalBundle, DefaultLogger, Runtime, Worker as TemporalWorker } from '@temporalio/worker';
import { bundleWorkflowCode, Worker, type WorkflowBundle } from '@rewind/sdk/worker';
import { DeterminismViolationError } from '@rewind/sdk/common';
import { ReplaySession } from '@rewind/sdk/internal/debug/replay-session';
import { RewindFlags, TemporalLangFlags } from '@rewind/sdk/internal/workflow/flags';

type Json = { events: Record<string, unknown>[] };
type History = Parameters<typeof Worker.runReplayHistory>[1];

const TEMPORAL_FILE = path.join(__dirname, 'histories/temporal/lang_flags_replay_correctly_1_11_2.json');
const TEMPORAL_WORKFLOWS = path.join(__dirname, 'fixtures/temporal-history-files-workflows.ts');
const REWIND_FILE = path.join(__dirname, 'histories/sequence.json');
const REWIND_WORKFLOWS = path.join(__dirname, 'fixtures/workflows.ts');

function load(file: string): Json {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Json;
}

/** The history with `metadata` merged into its first task completion's sdkMetadata; and that event's id. */
function withFirstCompletion(
  json: Json,
  edit: (metadata: Record<string, unknown>) => Record<string, unknown>,
): { json: Json; eventId: number } {
  const copy = structuredClone(json);
  for (const e of copy.events) {
    // Temporal's JSON nests the attributes; Rewind's keeps them on the event.
    const attrs =
      (e['workflowTaskCompletedEventAttributes'] as Record<string, unknown> | undefined) ??
      (e['type'] === 'WorkflowTaskCompleted' ? e : undefined);
    if (!attrs) continue;
    attrs['sdkMetadata'] = edit((attrs['sdkMetadata'] as Record<string, unknown> | undefined) ?? {});
    return { json: copy, eventId: Number(e['eventId']) };
  }
  throw new Error('no WorkflowTaskCompleted');
}

const flagsOf = (m: Record<string, unknown>, key: string): number[] => (m[key] as number[] | undefined) ?? [];

describe('a history recorded with a flag this runtime does not know', function () {
  this.timeout(120_000);
  let rewindTemporal: WorkflowBundle;

  before(async function () {
    try {
      Runtime.install({ logger: new DefaultLogger('ERROR') });
    } catch {
      // Already installed by another test file of this process.
    }
    rewindTemporal = await bundleWorkflowCode({ workflowsPath: TEMPORAL_WORKFLOWS });
  });

  it("is refused by Rewind's replayer and debugger at that completion, as by Temporal's (an unknown lang flag)", async function () {
    const { json, eventId } = withFirstCompletion(load(TEMPORAL_FILE), (m) => ({
      ...m,
      langUsedFlags: [...flagsOf(m, 'langUsedFlags'), 7],
    }));
    const temporal = await temporalBundle({ workflowsPath: TEMPORAL_WORKFLOWS, logger: new DefaultLogger('ERROR') });
    await assert.rejects(TemporalWorker.runReplayHistory({ workflowBundle: temporal }, historyFromJSON(json)), /Unknown SDK flag: 7/);
    await assert.rejects(Worker.runReplayHistory({ workflowBundle: rewindTemporal }, json as History), (err: unknown) => {
      assert.ok(err instanceof DeterminismViolationError, String(err));
      assert.match(err.message, new RegExp(`cannot be replayed from event ${eventId}: .*used Temporal's lang flag 7, .*does not know`));
      assert.match(err.message, /Replay it with a @rewind\/sdk that knows the flag/);
      return true;
    });
    const session = await ReplaySession.load({ history: json, workflowBundle: rewindTemporal });
    try {
      assert.equal(session.nonDeterminism?.eventId, eventId);
      assert.match(session.nonDeterminism?.message ?? '', /lang flag 7/);
    } finally {
      session.dispose();
    }
  });

  it('is replayed when the unknown flag is a core flag, which sdk-core ignores', async function () {
    const { json } = withFirstCompletion(load(TEMPORAL_FILE), (m) => ({ ...m, coreUsedFlags: [...flagsOf(m, 'coreUsedFlags'), 9] }));
    const temporal = await temporalBundle({ workflowsPath: TEMPORAL_WORKFLOWS, logger: new DefaultLogger('ERROR') });
    await TemporalWorker.runReplayHistory({ workflowBundle: temporal }, historyFromJSON(json));
    await Worker.runReplayHistory({ workflowBundle: rewindTemporal }, json as History);
  });

  it("refuses a Rewind history with a Rewind flag from a newer Rewind, and replays one with Rewind's own flags", async function () {
    const newer = withFirstCompletion(load(REWIND_FILE), () => ({
      sdkName: 'rewind-typescript',
      sdkVersion: '9.0.0',
      langUsedFlags: [1, 99],
    }));
    await assert.rejects(
      Worker.runReplayHistory({ workflowsPath: REWIND_WORKFLOWS }, newer.json as History),
      new RegExp(`from event ${newer.eventId}: its history was recorded by rewind-typescript 9\\.0\\.0, which used Rewind flag 99`),
    );
    const known = withFirstCompletion(load(REWIND_FILE), () => ({ sdkName: 'rewind-typescript', sdkVersion: '0.1.0', langUsedFlags: [1] }));
    await Worker.runReplayHistory({ workflowsPath: REWIND_WORKFLOWS }, known.json as History);
  });

  it("gives Rewind's flags only ids that Temporal's workers know as lang flags (they read them when serving the same run)", function () {
    const temporalIds = new Set<number>(Object.values(TemporalLangFlags));
    for (const [name, flag] of Object.entries(RewindFlags)) {
      assert.ok(
        temporalIds.has(flag.id),
        `Rewind flag ${name} (${flag.id}) is not a Temporal lang flag: translate it in the gRPC frontend`,
      );
    }
  });
});
