// Histories from Temporal's own test suite (sdk/test/histories/temporal/, see its README), replayed by
// Temporal's replayer and by Rewind's (its worker's and its debugger's) with workflows written for them:
// both accept each. The lang-flag histories replay only because Rewind follows the flags (and the
// 1.11.0/1.11.1 rule) as Temporal does.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import {
  bundleWorkflowCode as temporalBundle,
  DefaultLogger,
  Runtime,
  Worker as TemporalWorker,
  type WorkflowBundleWithSourceMap,
} from '@temporalio/worker';
import { bundleWorkflowCode, Worker, type WorkflowBundle } from '@rewind/sdk/worker';
import { ReplaySession } from '@rewind/sdk/internal/debug/replay-session';

const HISTORIES = path.join(__dirname, 'histories/temporal');
const WORKFLOWS = path.join(__dirname, 'fixtures/temporal-history-files-workflows.ts');

/** Each history file, and what it proves. */
const FILES: readonly { file: string; what: string }[] = [
  { file: 'lang_flags_replay_correctly_1_9_3', what: 'no lang flags: withTimeout leaves its timer running' },
  { file: 'lang_flags_replay_correctly_1_11_1', what: 'flags not recorded, but a 1.11.1 build id: flags 1 and 2 on' },
  { file: 'lang_flags_replay_correctly_1_11_2', what: 'lang flag 1 recorded: withTimeout cancels its timer' },
  {
    file: 'complete_update_after_workflow_returns_pre1488',
    what: 'an update completed after the workflow returned, dropped without core flag 3',
  },
  { file: 'random-replay-1.17.2', what: 'Math.random, uuid4 and id-less children across a reset' },
  { file: 'cancel_fake_progress_history', what: 'an activity cancelled after a signal (1.0.0-rc.0, old JSON enums)' },
];

function load(file: string): unknown {
  return JSON.parse(fs.readFileSync(path.join(HISTORIES, `${file}.json`), 'utf8')) as unknown;
}

describe("Temporal's own history files, replayed by Temporal's replayer and Rewind's", function () {
  this.timeout(120_000);
  let temporal: WorkflowBundleWithSourceMap;
  let rewind: WorkflowBundle;

  before(async function () {
    try {
      Runtime.install({ logger: new DefaultLogger('ERROR') });
    } catch {
      // Already installed by another test file of this process: theirs serves.
    }
    temporal = await temporalBundle({ workflowsPath: WORKFLOWS, logger: new DefaultLogger('ERROR') });
    rewind = await bundleWorkflowCode({ workflowsPath: WORKFLOWS });
  });

  for (const { file, what } of FILES) {
    it(`${file} (${what})`, async function () {
      const json = load(file);
      await TemporalWorker.runReplayHistory({ workflowBundle: temporal }, historyFromJSON(json));
      await Worker.runReplayHistory({ workflowBundle: rewind }, json as Parameters<typeof Worker.runReplayHistory>[1]);
      // The debugger replays it too, to its last event.
      const session = await ReplaySession.load({ history: json, workflowBundle: rewind });
      try {
        assert.equal(session.nonDeterminism, undefined);
        assert.equal(session.codeError, undefined);
        assert.equal(session.goTo(session.length), session.length);
      } finally {
        session.dispose();
      }
    });
  }

  it('1.11.1 without its build id (the only sign its tasks had lang flag 1) is refused by both at the cancelled timer', async function () {
    const json = load('lang_flags_replay_correctly_1_11_1') as { events: Record<string, unknown>[] };
    const stripped = { events: json.events.map((e) => stripWorkerVersion(e)) };
    // Temporal's core names the event it refuses: `HistoryEvent(id: 12, TimerCanceled)`.
    await assert.rejects(TemporalWorker.runReplayHistory({ workflowBundle: temporal }, historyFromJSON(stripped)), (err: Error) => {
      assert.match(err.message, /Nondeterminism|TMPRL1100/);
      assert.equal(/HistoryEvent\(id: (\d+)/.exec(err.message)?.[1], '12', `Temporal's error: ${err.message}`);
      return true;
    });
    await assert.rejects(
      Worker.runReplayHistory({ workflowBundle: rewind }, stripped as Parameters<typeof Worker.runReplayHistory>[1]),
      /not deterministic at event 12: history holds TimerCanceled/,
    );
    // The debugger stops there too.
    const session = await ReplaySession.load({ history: stripped, workflowBundle: rewind });
    try {
      assert.equal(session.nonDeterminism?.eventId, 12, session.nonDeterminism?.message);
      assert.equal(session.goTo(session.length), 12, 'the debugger stops at the refused event');
    } finally {
      session.dispose();
    }
  });
});

/** The event without the workerVersion (build id) of its attributes. */
function stripWorkerVersion(event: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(event).map(([key, value]) => {
      if (!key.endsWith('EventAttributes') || typeof value !== 'object' || value === null) return [key, value];
      const { workerVersion: _dropped, ...rest } = value as Record<string, unknown>;
      return [key, rest];
    }),
  );
}
