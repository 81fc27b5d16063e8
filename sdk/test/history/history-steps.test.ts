// History grouped into steps, fed by the golden histories the SDK's replay tests use, and by a history
// cut short (an open workflow) to see the current step.
import assert from 'node:assert/strict';
import path from 'node:path';
import type { History } from '@rewind/sdk/protocol';
import { historySteps, type Step } from '@rewind/sdk/internal/history/history-steps';

const golden = (name: string): History => require(path.join(__dirname, '../histories', `${name}.json`)) as History;
const brief = (steps: Step[]) => steps.map((s) => [s.kind, s.label, s.state, s.firstEventId, s.lastEventId]);

describe('history steps', function () {
  it('sequence: workflow, activity, timer, activity, each with its outcome', function () {
    const steps = historySteps(golden('sequence').events);
    assert.deepEqual(brief(steps), [
      ['workflow', 'sequence', 'completed', 1, 22],
      ['activity', 'greet', 'completed', 5, 7],
      ['timer', '10 s', 'completed', 11, 12],
      ['activity', 'charge', 'completed', 16, 18],
    ]);
    assert.deepEqual(steps[1]!.input, ['Ada']);
    assert.equal(steps[1]!.result, 'hello Ada');
    assert.equal(steps[1]!.attempt, 1);
    assert.ok(
      steps.every((s) => !s.current),
      'a closed workflow waits on nothing',
    );
  });

  it('parallel: three activities begun in one task, each ended on its own', function () {
    const steps = historySteps(golden('parallel').events);
    assert.deepEqual(
      steps.filter((s) => s.kind === 'activity').map((s) => [s.firstEventId, s.lastEventId, s.state]),
      [
        [5, 9, 'completed'],
        [6, 12, 'completed'],
        [7, 14, 'completed'],
      ],
    );
  });

  it('approval: a signal, and a timer cancelled by it', function () {
    const steps = historySteps(golden('approval').events);
    assert.deepEqual(brief(steps.slice(1)), [
      ['timer', '1 h', 'cancelled', 5, 10],
      ['signal', 'approve', 'completed', 6, 6],
    ]);
  });

  it('marks the step an open workflow waits on, and shows a retried activity’s attempt and last failure', function () {
    const events = golden('sequence').events.slice(0, 16); // greet done, timer fired, charge scheduled
    let steps = historySteps(events);
    assert.equal(steps[0]!.state, 'running');
    assert.deepEqual(
      steps.filter((s) => s.current).map((s) => s.label),
      ['charge'],
    );
    const retried = [
      ...events,
      {
        eventId: 17,
        eventTime: events[15]!.eventTime,
        type: 'ActivityTaskStarted' as const,
        scheduledEventId: 16,
        attempt: 3,
        lastFailure: { message: 'card declined', info: { type: 'application' as const, errorType: 'Declined', nonRetryable: false } },
      },
    ];
    steps = historySteps(retried);
    const charge = steps.find((s) => s.label === 'charge')!;
    assert.equal(charge.state, 'running');
    assert.equal(charge.attempt, 3);
    assert.equal(charge.failure?.message, 'card declined');
    assert.ok(charge.current);
  });
});
