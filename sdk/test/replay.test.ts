// Golden histories (recorded from real runs by scripts/record-golden-histories.ts) replayed against
// the code: the same code replays cleanly; changed code or a changed history is caught, with the event
// and the source line.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { History, HistoryEvent } from '@rewind/sdk/protocol';
import { DeterminismViolationError, Worker, bundleWorkflowCode } from '@rewind/sdk/worker';
import { ValueError } from '@rewind/sdk/common';

const WORKFLOWS = path.join(__dirname, 'fixtures/workflows.ts');
const CHANGED = path.join(__dirname, 'fixtures/workflows-changed.ts');
const GOLDEN = ['sequence', 'parallel', 'approval', 'randomBranch'];

export function loadGolden(name: string): History {
  return JSON.parse(fs.readFileSync(path.join(__dirname, 'histories', `${name}.json`), 'utf8')) as History;
}

/** The history without one event, every later id and reference to one shifted down. */
function removeEvent(events: HistoryEvent[], eventId: number): HistoryEvent[] {
  const shift = (n: unknown): unknown => (typeof n === 'number' && n > eventId ? n - 1 : n);
  return events
    .filter((e) => e.eventId !== eventId)
    .map((e) => {
      const out: Record<string, unknown> = { ...e };
      for (const key of ['eventId', 'scheduledEventId', 'startedEventId', 'workflowTaskCompletedEventId'])
        if (key in out) out[key] = shift(out[key]);
      return out as unknown as HistoryEvent;
    });
}

function lineOf(file: string, needle: string): number {
  return (
    fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .findIndex((l) => l.includes(needle)) + 1
  );
}

describe('replay of golden histories', function () {
  let bundle: Awaited<ReturnType<typeof bundleWorkflowCode>>;
  before(async function () {
    bundle = await bundleWorkflowCode({ workflowsPath: WORKFLOWS });
  });

  for (const name of GOLDEN) {
    it(`replays ${name} with the code that made it`, async function () {
      await Worker.runReplayHistory({ workflowBundle: bundle }, loadGolden(name));
    });
  }

  it('catches a history whose activity type was changed, naming the event and the line', async function () {
    const history = loadGolden('sequence');
    const mutated: History = {
      ...history,
      events: history.events.map((e): HistoryEvent =>
        e.type === 'ActivityTaskScheduled' && e.activityType === 'charge' ? { ...e, activityType: 'refund' } : e,
      ),
    };
    const eventId = mutated.events.find((e) => e.type === 'ActivityTaskScheduled' && e.activityType === 'refund')!.eventId;
    await assert.rejects(Worker.runReplayHistory({ workflowBundle: bundle }, mutated), (err: Error) => {
      assert.ok(err instanceof DeterminismViolationError, String(err));
      assert.match(
        err.message,
        new RegExp(
          `at event ${eventId}: history holds ActivityTaskScheduled\\(refund\\), but the code issued ScheduleActivityTask\\(charge\\)`,
        ),
      );
      assert.match(err.message, new RegExp(`fixtures/workflows\\.ts:${lineOf(WORKFLOWS, 'const b = await charge(42)')}:`));
      assert.match(err.message, /patched\(/);
      return true;
    });
  });

  it('catches code that was changed incompatibly, pointing at the new line', async function () {
    await assert.rejects(Worker.runReplayHistory({ workflowsPath: CHANGED }, loadGolden('sequence')), (err: Error) => {
      assert.ok(err instanceof DeterminismViolationError, String(err));
      assert.match(err.message, /at event 5: history holds ActivityTaskScheduled\(greet\), but the code issued StartTimer\(10s\)/);
      assert.match(err.message, new RegExp(`workflows-changed\\.ts:${lineOf(CHANGED, "await sleep('10 seconds')")}:`));
      return true;
    });
  });

  it('accepts a compatible change (same commands, other arguments)', async function () {
    const history = loadGolden('sequence');
    const otherArgs: History = {
      ...history,
      events: history.events.map((e): HistoryEvent => (e.type === 'ActivityTaskScheduled' ? { ...e, input: ['someone else'] } : e)),
    };
    await Worker.runReplayHistory({ workflowBundle: bundle }, otherArgs);
  });

  it('catches a history that ends the workflow where the code still waits', async function () {
    const history = loadGolden('approval');
    // Drop the signal: the code now waits, but history says the workflow completed.
    const signal = history.events.find((e) => e.type === 'WorkflowExecutionSignaled')!.eventId;
    await assert.rejects(
      Worker.runReplayHistory({ workflowBundle: bundle }, { events: removeEvent(history.events, signal) }),
      (err: Error) => {
        assert.ok(err instanceof DeterminismViolationError, String(err));
        assert.match(err.message, /history holds TimerCanceled, but the code issued nothing/);
        return true;
      },
    );
  });

  it('refuses something that is not a history, saying what is wrong', async function () {
    await assert.rejects(
      Worker.runReplayHistory({ workflowBundle: bundle }, { nope: true }),
      (err: Error) => err instanceof ValueError && /non-empty "events" array/.test(err.message),
    );
    const gap = loadGolden('parallel');
    gap.events.splice(3, 1);
    await assert.rejects(Worker.runReplayHistory({ workflowBundle: bundle }, gap), /event 4 must have eventId 4/);
  });
});
