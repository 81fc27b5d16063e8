// A Temporal history as protobuf objects (historyFromJSON's, or what Temporal's client's fetchHistory()
// gives) replays in Rewind's replayer and debugger as its JSON does: Temporal's own history files, each
// given both ways, with the same outcome.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { bundleWorkflowCode, parseHistory, Worker, type WorkflowBundle } from '@rewind/sdk/worker';
import { ReplaySession } from '@rewind/sdk/internal/debug/replay-session';

const HISTORIES = path.join(__dirname, 'histories/temporal');
const WORKFLOWS = path.join(__dirname, 'fixtures/temporal-history-files-workflows.ts');
const FILES = [
  'lang_flags_replay_correctly_1_9_3',
  'lang_flags_replay_correctly_1_11_2',
  'complete_update_after_workflow_returns_pre1488',
  'random-replay-1.17.2',
  'cancel_fake_progress_history',
];

describe("Temporal's histories as protobuf objects", function () {
  this.timeout(120_000);
  let bundle: WorkflowBundle;

  before(async function () {
    bundle = await bundleWorkflowCode({ workflowsPath: WORKFLOWS });
  });

  for (const file of FILES) {
    it(`${file}: reads as its JSON does, and replays in the replayer and the debugger`, async function () {
      const json = JSON.parse(fs.readFileSync(path.join(HISTORIES, `${file}.json`), 'utf8')) as unknown;
      const proto = historyFromJSON(json);
      assert.deepEqual(parseHistory(proto), parseHistory(json));
      await Worker.runReplayHistory({ workflowBundle: bundle }, proto);
      const session = await ReplaySession.load({ history: proto, workflowBundle: bundle });
      try {
        assert.equal(session.nonDeterminism, undefined);
        assert.equal(session.goTo(session.length), session.length);
      } finally {
        session.dispose();
      }
    });
  }

  it('refuses a protobuf object that is not a history, saying what it expected', function () {
    assert.throws(
      () => parseHistory({ events: [{ eventType: 1, eventId: 7 }] }),
      /events\[0\] has eventId "7", expected "1": export the whole history/,
    );
    assert.throws(() => parseHistory({ events: [{ eventType: 999, eventId: 1 }] }), /events\[0\]\.eventType should be a string, got 999/);
  });
});
