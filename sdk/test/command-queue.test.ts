// Replay matches the commands the code issues to history's command events in order across workflow
// tasks, as Temporal's core does (one queue of commands not yet matched): a command issued a task early
// waits for a later task's event, and a mismatch is named at the event that finds no command or another.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { History, HistoryEvent } from '@rewind/sdk/protocol';
import { DeterminismViolationError, Worker, bundleWorkflowCode } from '@rewind/sdk/worker';

const EARLY = path.join(__dirname, 'fixtures/workflows-commands-early.ts');

/** The golden `sequence` history (greet; a 10 s timer, a task later; charge) as a run of `workflowType`. */
function sequenceAs(workflowType: string): History {
  const h = JSON.parse(fs.readFileSync(path.join(__dirname, 'histories/sequence.json'), 'utf8')) as History;
  return {
    ...h,
    events: h.events.map((e): HistoryEvent => (e.type === 'WorkflowExecutionStarted' ? { ...e, workflowType } : e)),
  };
}

function lineOf(needle: string): number {
  return (
    fs
      .readFileSync(EARLY, 'utf8')
      .split('\n')
      .findIndex((l) => l.includes(needle)) + 1
  );
}

describe('replay: commands match history across workflow tasks', function () {
  let bundle: Awaited<ReturnType<typeof bundleWorkflowCode>>;
  before(async function () {
    bundle = await bundleWorkflowCode({ workflowsPath: EARLY });
  });

  it('refuses a command issued a task early at the later event it meets, naming both and its line', async function () {
    const history = sequenceAs('chargeEarly');
    const timer = history.events.find((e) => e.type === 'TimerStarted')!;
    await assert.rejects(Worker.runReplayHistory({ workflowBundle: bundle }, history), (err: Error) => {
      assert.ok(err instanceof DeterminismViolationError, String(err));
      assert.match(
        err.message,
        new RegExp(`at event ${timer.eventId}: history holds TimerStarted\\(10s\\), but the code issued ScheduleActivityTask\\(charge\\)`),
      );
      assert.match(err.message, new RegExp(`workflows-commands-early\\.ts:${lineOf('charge(42)]')}:`));
      assert.match(err.message, /patched\('your-change-id'\)/);
      assert.equal((err as DeterminismViolationError & { eventId: number }).eventId, timer.eventId);
      return true;
    });
  });

  it('accepts a command issued a task early that a later task’s event takes (as Temporal’s replayer does)', async function () {
    await Worker.runReplayHistory({ workflowBundle: bundle }, sequenceAs('timerEarly'));
  });
});
