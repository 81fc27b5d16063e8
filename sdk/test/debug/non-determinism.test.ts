// The replay runtime stops at the event where changed code no longer matches the order history, with
// both sides, the source line of the changed code and the advice, as data.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { ReplaySession } from '@rewind/sdk/internal/debug/replay-session';
import { lineOf, loadHistory, swappedOrderWorkflow } from './helpers';

describe('replay session: non-determinism', function () {
  const history = loadHistory('order');
  let dir: string;
  let changed: string;
  let s: ReplaySession;

  before(async function () {
    ({ dir, file: changed } = swappedOrderWorkflow('rewind-debug-'));
    s = await ReplaySession.load({ history, workflowsPath: changed });
  });
  after(function () {
    s.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('stops at the timer event with both sides, the changed line and what to do', function () {
    const timer = history.events.find((e) => e.type === 'TimerStarted')!;
    assert.equal(s.lastReachable, timer.eventId);
    assert.equal(s.goTo(history.events.length), timer.eventId, 'replay cannot go past the mismatch');
    const v = s.view();
    const nd = v.nonDeterminism;
    assert.ok(nd, 'the view at the stop carries the non-determinism');
    assert.equal(nd.eventId, timer.eventId);
    assert.equal(nd.history?.event.type, 'TimerStarted');
    assert.equal(nd.history?.description, 'TimerStarted(200ms)');
    assert.equal(nd.code?.command.type, 'ScheduleActivityTask');
    assert.equal(nd.code?.description, 'ScheduleActivityTask(updateInventory)');
    assert.equal(nd.location?.file, changed);
    assert.equal(nd.location?.line, lineOf(changed, 'await updateInventory('));
    assert.match(nd.advice, /patched\('your-change-id'\)/);
    assert.match(nd.message, new RegExp(`not deterministic at event ${timer.eventId}`));
    assert.ok(v.info.stops.includes('nonDeterminism'));
    assert.deepEqual(s.eventsWithStop('nonDeterminism'), [timer.eventId]);
    // The code side of the state: it now waits on the inventory update it issued.
    assert.deepEqual(
      v.pending.map((p) => [p.what, p.location?.line]),
      [['activity updateInventory', lineOf(changed, 'await updateInventory(')]],
    );
  });

  it('replays the events before the mismatch as usual, and stops there again after going back', function () {
    const payment = history.events.find((e) => e.type === 'ActivityTaskCompleted')!;
    s.goTo(payment.eventId);
    const v = s.view();
    assert.equal(v.nonDeterminism, undefined);
    assert.equal(v.info.location?.line, lineOf(changed, 'await processPayment('));
    assert.equal(s.goTo(s.length), s.lastReachable);
    assert.ok(s.view().nonDeterminism);
  });
});
