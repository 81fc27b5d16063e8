// Locals of the workflow code at a position, read through Node's inspector from a replay: the order
// sample's arguments and the payment result at the sleep, with the values the history holds.
import assert from 'node:assert/strict';
import { ReplaySession } from '@rewind/sdk/internal/debug/replay-session';
import type { FrameLocals } from '@rewind/sdk/internal/debug/types';
import { ORDER_WORKFLOWS, lineOf, loadHistory } from './helpers';

const history = loadHistory('order');

function eventId(type: string, nth = 0): number {
  const found = history.events.filter((e) => e.type === type)[nth];
  if (!found) throw new Error(`The order history has no ${type} #${nth}`);
  return found.eventId;
}

function valueOf(frames: FrameLocals[] | undefined, name: string): string | undefined {
  return frames?.[0]?.variables.find((v) => v.name === name)?.value;
}

describe('replay session: locals of the workflow code', function () {
  let s: ReplaySession;
  before(async function () {
    s = await ReplaySession.load({ history, workflowsPath: ORDER_WORKFLOWS });
  });
  after(() => s.dispose());

  it('shows the arguments and the awaited result at the sleep, in the workflow function', function () {
    s.goTo(eventId('TimerStarted'));
    const site = s.view().info.site;
    assert.ok(site, 'the TimerStarted event has a code site');
    const frames = s.locals([site]).get(site);
    assert.ok(frames && frames.length > 0, 'frames were captured at the site');
    assert.equal(frames[0]!.functionName, 'orderWorkflow');
    assert.equal(frames[0]!.location?.line, lineOf(ORDER_WORKFLOWS, 'await sleep('));
    const started = history.events[0]!;
    assert.ok(started.type === 'WorkflowExecutionStarted');
    assert.equal(valueOf(frames, 'orderId'), JSON.stringify(started.input[0]));
    assert.equal(valueOf(frames, 'pause'), JSON.stringify(started.input[1]));
    const paid = history.events[eventId('ActivityTaskCompleted') - 1]!;
    assert.ok(paid.type === 'ActivityTaskCompleted');
    assert.equal(valueOf(frames, 'payment'), JSON.stringify(paid.result));
  });

  it('gives each pending coroutine its own site, and the same locals going back', function () {
    s.goTo(eventId('ActivityTaskScheduled', 2));
    const pending = s.view().pending;
    assert.equal(pending.length, 1);
    const at = pending[0]!.site!;
    const later = s.locals([at]).get(at);
    assert.equal(later?.[0]?.location?.line, lineOf(ORDER_WORKFLOWS, 'await sendEmail('));
    s.goTo(eventId('TimerStarted'));
    const earlier = s.locals([s.view().info.site!]);
    assert.notEqual(s.view().info.site, at, 'another site');
    assert.equal(valueOf([...earlier.values()][0], 'payment'), valueOf(later, 'payment'));
  });

  it('returns nothing for sites the position does not reach', function () {
    s.goTo(1);
    assert.equal(s.locals([10_000]).size, 0);
    assert.equal(s.locals([]).size, 0);
  });
});
