// "Reset to here": which WorkflowTaskCompleted event redoes a step, fed by the golden histories the
// SDK's replay tests use.
import assert from 'node:assert/strict';
import path from 'node:path';
import type { History } from '@rewind/sdk/protocol';
import { historySteps } from '@rewind/sdk/internal/history/history-steps';
import { resetEventIdForStep, resetPoints } from '../src/model/reset-points';

const golden = (name: string): History => require(path.join(__dirname, '../../sdk/test/histories', `${name}.json`)) as History;

describe('reset points', function () {
  it('a step the workflow began goes back to the task whose commands began it', function () {
    const { events } = golden('sequence');
    const steps = historySteps(events).filter((s) => s.kind !== 'workflow');
    assert.deepEqual(
      steps.map((s) => [s.label, resetEventIdForStep(events, s.firstEventId)]),
      [
        ['greet', 4],
        ['10 s', 10],
        ['charge', 15],
      ],
    );
    // The rule agrees with what the server wrote: each command names the task that completed it.
    for (const s of steps) {
      const first = events.find((e) => e.eventId === s.firstEventId)!;
      assert.ok('workflowTaskCompletedEventId' in first);
      assert.equal(resetEventIdForStep(events, s.firstEventId), first.workflowTaskCompletedEventId);
    }
  });

  it('activities begun together share one point; a signal goes back to the last task before it arrived', function () {
    const parallel = golden('parallel').events;
    const activities = historySteps(parallel).filter((s) => s.kind === 'activity');
    assert.deepEqual(
      activities.map((s) => resetEventIdForStep(parallel, s.firstEventId)),
      [4, 4, 4],
    );
    const approval = golden('approval').events;
    const signal = historySteps(approval).find((s) => s.kind === 'signal')!;
    assert.equal(signal.firstEventId, 6);
    assert.equal(resetEventIdForStep(approval, signal.firstEventId), 4);
  });

  it('nothing before the first completed task has a point', function () {
    const { events } = golden('sequence');
    assert.equal(resetEventIdForStep(events, 1), undefined);
    assert.equal(resetEventIdForStep(events, 4), undefined, 'the first completed task itself is not before event 4');
    assert.equal(resetEventIdForStep(events, 5), 4);
  });

  it('lists every completed workflow task with the steps it redoes first', function () {
    assert.deepEqual(
      resetPoints(golden('sequence').events).map((p) => [p.eventId, p.redoes.map((s) => s.label)]),
      [
        [4, ['greet']],
        [10, ['10 s']],
        [15, ['charge']],
        [21, []],
      ],
    );
    assert.deepEqual(
      resetPoints(golden('approval').events).map((p) => [p.eventId, p.redoes.map((s) => `${s.kind} ${s.label}`)]),
      [
        [4, ['timer 1 h', 'signal approve']],
        [9, []],
      ],
    );
    assert.deepEqual(resetPoints(golden('sequence').events.slice(0, 3)), [], 'no task completed yet');
  });
});
