// Event breakpoints and awaiting sites on a history with a retried activity, a failed one, a signal
// awaited by a condition and a child workflow (recorded from a real server).
import assert from 'node:assert/strict';
import { ReplaySession } from '@rewind/sdk/internal/debug/replay-session';
import type { HistoryEvent } from '@rewind/sdk/protocol';
import { RETRY_WORKFLOWS, lineOf, loadHistory } from './helpers';

describe('replay session: event breakpoints', function () {
  const history = loadHistory('retrying');
  const idOf = (pred: (e: HistoryEvent) => boolean): number => {
    const e = history.events.find(pred);
    assert.ok(e, 'the golden history has the event this test needs');
    return e.eventId;
  };
  let s: ReplaySession;
  before(async function () {
    s = await ReplaySession.load({ history: JSON.stringify(history), workflowsPath: RETRY_WORKFLOWS });
  });
  after(() => s.dispose());

  it('classifies each event for the event breakpoints', function () {
    const flaky = idOf((e) => e.type === 'ActivityTaskScheduled' && e.activityType === 'flaky');
    const broken = idOf((e) => e.type === 'ActivityTaskScheduled' && e.activityType === 'broken');
    assert.deepEqual(s.eventsWithStop('activityRetried'), [
      idOf((e) => e.type === 'ActivityTaskCompleted' && e.scheduledEventId === flaky),
    ]);
    assert.deepEqual(s.eventsWithStop('activityFailed'), [idOf((e) => e.type === 'ActivityTaskFailed' && e.scheduledEventId === broken)]);
    assert.deepEqual(s.eventsWithStop('signalReceived'), [idOf((e) => e.type === 'WorkflowExecutionSignaled')]);
    assert.deepEqual(s.eventsWithStop('childWorkflowFinished'), [idOf((e) => e.type === 'ChildWorkflowExecutionCompleted')]);
    assert.deepEqual(s.eventsWithStop('timerFired'), []);
    assert.deepEqual(s.eventsWithStop('nonDeterminism'), []);
  });

  it('points a signal at the condition that awaited it, and an activity failure at its call', function () {
    const signal = idOf((e) => e.type === 'WorkflowExecutionSignaled');
    assert.equal(s.info[signal - 1]!.location?.line, lineOf(RETRY_WORKFLOWS, 'await condition('));
    assert.equal(s.info[signal - 1]!.locationKind, 'awaited');
    const failed = s.eventsWithStop('activityFailed')[0]!;
    assert.equal(s.info[failed - 1]!.location?.line, lineOf(RETRY_WORKFLOWS, 'await broken()'));
    const child = s.eventsWithStop('childWorkflowFinished')[0]!;
    assert.equal(s.info[child - 1]!.location?.line, lineOf(RETRY_WORKFLOWS, 'await executeChild('));
  });

  it('shows the retried attempt, the signal received and the handlers set', function () {
    const signal = idOf((e) => e.type === 'WorkflowExecutionSignaled');
    s.goTo(signal);
    const v = s.view();
    assert.deepEqual(v.state.handlers?.signals, ['proceed']);
    assert.deepEqual(
      v.state.signals.map((x) => [x.eventId, x.name, x.input]),
      [[signal, 'proceed', ['onward']]],
    );
    const flaky = v.state.activities.find((a) => a.activityType === 'flaky')!;
    assert.equal(flaky.attempt, 3);
    assert.equal(flaky.lastFailure?.message, 'flaky attempt 2 failed');
    assert.equal(v.state.activities.find((a) => a.activityType === 'broken')?.status, 'failed');
    assert.deepEqual(
      v.pending.map((p) => [p.what, p.location?.line]),
      [['condition', lineOf(RETRY_WORKFLOWS, 'await condition(')]],
    );
    s.goTo(s.length);
    assert.equal(s.view().state.status, 'COMPLETED');
    assert.equal(s.view().state.children[0]?.status, 'completed');
  });
});
