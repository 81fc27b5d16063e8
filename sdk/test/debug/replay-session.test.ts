// The replay runtime on the order sample's golden history: every event has its position, source line
// and pending coroutines; going back and forward again gives the same views; the state at the timer.
import assert from 'node:assert/strict';
import type { HistoryEvent } from '@rewind/sdk/protocol';
import { ReplaySession } from '@rewind/sdk/internal/debug/replay-session';
import type { PositionView } from '@rewind/sdk/internal/debug/types';
import { ORDER_WORKFLOWS, lineOf, loadHistory } from './helpers';

const history = loadHistory('order');
const LINES = {
  processPayment: lineOf(ORDER_WORKFLOWS, 'await processPayment('),
  sleep: lineOf(ORDER_WORKFLOWS, 'await sleep('),
  updateInventory: lineOf(ORDER_WORKFLOWS, 'await updateInventory('),
  sendEmail: lineOf(ORDER_WORKFLOWS, 'await sendEmail('),
};

/** The line an event comes from, worked out from the history: the call that issued or awaits it. */
function expectedLine(e: HistoryEvent): number | undefined {
  const scheduled = (id: number): string => {
    const s = history.events[id - 1]!;
    assert.equal(s.type, 'ActivityTaskScheduled');
    return s.type === 'ActivityTaskScheduled' ? s.activityType : '';
  };
  switch (e.type) {
    case 'ActivityTaskScheduled':
      return LINES[e.activityType as keyof typeof LINES];
    case 'ActivityTaskStarted':
    case 'ActivityTaskCompleted':
      return LINES[scheduled(e.scheduledEventId) as keyof typeof LINES];
    case 'TimerStarted':
    case 'TimerFired':
      return LINES.sleep;
    default:
      return undefined;
  }
}

function forwardViews(s: ReplaySession): PositionView[] {
  const views = [s.view()];
  while (s.position < s.length) {
    const before = s.position;
    assert.equal(s.stepForward(), before + 1);
    views.push(s.view());
  }
  return views;
}

describe('replay session: the order sample', function () {
  let s: ReplaySession;
  before(async function () {
    s = await ReplaySession.load({ history, workflowsPath: ORDER_WORKFLOWS });
  });
  after(() => s.dispose());

  it('stops on entry at the first event, and replays the whole history', function () {
    assert.equal(s.position, 1);
    assert.equal(s.view().event.type, 'WorkflowExecutionStarted');
    assert.deepEqual(s.view().event.attributes.input, ['A-1', '200 milliseconds']);
    assert.equal(s.lastReachable, history.events.length);
    assert.equal(s.nonDeterminism, undefined);
    assert.equal(s.codeError, undefined);
  });

  it('steps forward through every event, each at the line of workflows.ts that issued or awaits it', function () {
    s.goTo(1);
    const views = forwardViews(s);
    assert.deepEqual(
      views.map((v) => v.position),
      history.events.map((e) => e.eventId),
    );
    for (const v of views) {
      const e = history.events[v.position - 1]!;
      assert.equal(v.event.type, e.type);
      assert.equal(v.event.time, e.eventTime);
      assert.equal(v.info.location?.line, expectedLine(e), `line of event ${e.eventId} ${e.type}`);
      if (v.info.location) assert.equal(v.info.location.file, ORDER_WORKFLOWS);
      if (e.type === 'ActivityTaskScheduled' || e.type === 'TimerStarted') assert.equal(v.info.locationKind, 'issued');
      if (e.type === 'ActivityTaskCompleted' || e.type === 'TimerFired') assert.equal(v.info.locationKind, 'awaited');
    }
    // Once a task ran, the workflow waits where the history's next command comes from.
    const waitLine = (id: number): number | undefined => views[id - 1]!.pending[0]?.location?.line;
    assert.deepEqual(views[0]!.pending, []);
    for (const e of history.events) {
      if (e.type === 'ActivityTaskScheduled' || e.type === 'TimerStarted') {
        assert.equal(views[e.eventId - 1]!.pending.length, 1, `one coroutine waits at event ${e.eventId}`);
        assert.equal(waitLine(e.eventId), expectedLine(e));
      }
    }
    assert.equal(views.at(-1)!.state.status, 'COMPLETED');
    assert.deepEqual(views.at(-1)!.pending, []);
    assert.equal(s.stepForward(), history.events.length, 'stepping past the end stays at the end');
  });

  it('goes back to event 1 and forward again with identical views, and back step by step', function () {
    s.goTo(history.events.length);
    const first = forwardViews((s.goTo(1), s));
    s.goTo(1);
    const second = forwardViews(s);
    assert.deepEqual(second, first);
    const backwards: PositionView[] = [s.view()];
    while (s.position > 1) {
      s.stepBack();
      backwards.push(s.view());
    }
    assert.deepEqual(backwards.reverse(), first);
    assert.equal(s.stepBack(), 1, 'stepping before the start stays at the start');
  });

  it('shows the state after the timer started: one pending timer, the payment done with its result', function () {
    const timer = history.events.find((e) => e.type === 'TimerStarted')!;
    s.goTo(timer.eventId);
    const v = s.view();
    assert.equal(v.state.status, 'RUNNING');
    assert.deepEqual(
      v.state.timers.map((t) => [t.startedEventId, t.status, t.startToFireTimeoutMs]),
      [[timer.eventId, 'started', 200]],
    );
    assert.deepEqual(
      v.state.activities.map((a) => [a.activityType, a.status, a.result]),
      [['processPayment', 'completed', 'payment-A-1']],
    );
    assert.deepEqual(
      v.pending.map((p) => [p.what, p.location?.line]),
      [['timer (200 ms)', LINES.sleep]],
    );
    assert.deepEqual(v.state.handlers, { signals: [], queries: [], updates: [] });
  });

  it('maps a line breakpoint to the events issued and awaited there', function () {
    const events = s.eventsAtLine(ORDER_WORKFLOWS, LINES.sleep);
    assert.deepEqual(
      events.map((id) => history.events[id - 1]!.type),
      ['TimerStarted', 'TimerFired'],
    );
    assert.deepEqual(s.eventsWithStop('timerFired'), [history.events.find((e) => e.type === 'TimerFired')!.eventId]);
    assert.deepEqual(s.eventsAtLine(ORDER_WORKFLOWS, 1), []);
  });

  it('reports a workflow type the code does not export, and a value that is not a history', async function () {
    const other = { ...history, events: history.events.map((e) => (e.eventId === 1 ? { ...e, workflowType: 'nope' } : e)) };
    await assert.rejects(ReplaySession.load({ history: other, sandbox: s.sandbox }), /workflow type 'nope'.*exports: orderWorkflow/);
    await assert.rejects(ReplaySession.load({ history: { events: [] }, sandbox: s.sandbox }), /Not a history/);
    assert.throws(() => s.goTo(1.5), /whole number/);
  });
});
