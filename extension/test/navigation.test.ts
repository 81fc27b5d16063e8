// Where each debugger motion lands (debug-adapter/navigation.ts) on the replay runtime of golden
// histories: code events of every kind (activity, failure, signal awaited by a condition, child), the
// workflow task steps, and the end a non-determinism puts to all of them.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { ReplaySession } from '@rewind/sdk/internal/debug/replay-session';
import {
  codeEventTarget,
  eventTarget,
  isCodeEvent,
  workflowTaskTarget,
  type Direction,
  type Timeline,
} from '../src/debug-adapter/navigation';
import { loadHistory, RETRY_WORKFLOWS, swappedOrderWorkflow } from '../../sdk/test/debug/helpers';

/** Every stop of one motion from `from`, pressed until it no longer moves. */
function walk(from: number, motion: (position: number) => number): number[] {
  const stops: number[] = [];
  for (let at = from, next = motion(at); next !== at; at = next, next = motion(at)) stops.push(next);
  return stops;
}

const noHits = (): boolean => false;
const over = (t: Timeline, d: Direction) => (p: number) => codeEventTarget(t, p, d, noHits);

describe('debugger motions (navigation.ts)', function () {
  this.timeout(30_000);

  describe('the retrying history (an activity failure, a signal a condition awaits, a child)', function () {
    let s: ReplaySession;
    const type = (id: number): string => s.events[id - 1]!.type;
    before(async function () {
      s = await ReplaySession.load({ history: loadHistory('retrying'), workflowsPath: RETRY_WORKFLOWS });
    });
    after(() => s.dispose());

    it('Step Over stops at each event a line issued or awaits, and at the end; Step Back at the same ones backwards', function () {
      const stops = walk(1, over(s, 1));
      assert.deepEqual(stops.map(type), [
        'ActivityTaskScheduled',
        'ActivityTaskCompleted',
        'ActivityTaskScheduled',
        'ActivityTaskFailed',
        'WorkflowExecutionSignaled',
        'StartChildWorkflowExecutionInitiated',
        'ChildWorkflowExecutionStarted',
        'ChildWorkflowExecutionCompleted',
        'WorkflowExecutionCompleted',
      ]);
      assert.ok(stops.slice(0, -1).every((id) => isCodeEvent(s, id)));
      assert.equal(stops.at(-1), s.length, 'the last stop is the end');
      assert.deepEqual(walk(s.length, over(s, -1)), [...stops.slice(0, -1).reverse(), 1]);
    });

    it('Step Over stops at a hit on the way (a breakpoint), code event or not', function () {
      const [flaky, broken] = s.events.filter((e) => e.type === 'ActivityTaskScheduled').map((e) => e.eventId);
      const completed = s.events.find((e) => e.type === 'ActivityTaskCompleted' && e.scheduledEventId === flaky)!.eventId;
      const task = s.events.find((e) => e.type === 'WorkflowTaskStarted' && e.eventId > completed)!.eventId;
      assert.equal(codeEventTarget(s, completed, 1, noHits), broken);
      assert.equal(
        codeEventTarget(s, completed, 1, (id) => id === task),
        task,
      );
      assert.equal(
        codeEventTarget(s, broken, -1, (id) => id === task),
        task,
        'backwards too',
      );
    });

    it('Step Into and Step Back Into visit every event; Step Out and Step Back Out every WorkflowTaskStarted', function () {
      const all = Array.from({ length: s.length }, (_, i) => i + 1);
      assert.deepEqual(
        walk(1, (p) => eventTarget(s, p, 1)),
        all.slice(1),
      );
      assert.deepEqual(
        walk(s.length, (p) => eventTarget(s, p, -1)),
        all.slice(0, -1).reverse(),
      );
      const tasks = all.filter((id) => type(id) === 'WorkflowTaskStarted');
      assert.deepEqual(
        walk(1, (p) => workflowTaskTarget(s, p, 1)),
        [...tasks, s.length],
      );
      assert.deepEqual(
        walk(s.length, (p) => workflowTaskTarget(s, p, -1)),
        [...tasks.reverse(), 1],
      );
    });
  });

  describe('a history the code no longer matches', function () {
    let dir: string;
    let s: ReplaySession;
    before(async function () {
      let file: string;
      ({ dir, file } = swappedOrderWorkflow('rewind-nav-'));
      s = await ReplaySession.load({ history: loadHistory('order'), workflowsPath: file });
    });
    after(() => {
      s.dispose();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it('every motion forward ends at the event where replay stops', function () {
      const stop = s.lastReachable;
      assert.equal(s.events[stop - 1]!.type, 'TimerStarted');
      for (const motion of [over(s, 1), (p: number) => eventTarget(s, p, 1), (p: number) => workflowTaskTarget(s, p, 1)]) {
        const stops = walk(1, motion);
        assert.equal(stops.at(-1), stop);
      }
      assert.equal(codeEventTarget(s, stop, 1, noHits), stop, 'and stays there');
    });
  });
});
