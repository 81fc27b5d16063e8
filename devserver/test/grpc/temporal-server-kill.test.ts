// kill -9 of the Rewind server under Temporal's own SDK: a Rewind server process on a SQLite file, a
// Temporal worker (@temporalio/worker) in a process of its own and a Temporal client. The server is
// SIGKILLed mid-sleep, mid-activity (also stopped by Ctrl-C there) and while the worker holds a workflow
// task, and started again on the same file and port; the worker and the client reconnect by themselves and
// the workflow completes with each step recorded once, and an activity running at the stop run once.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import type { WorkflowHandle } from '@temporalio/client';
import { num, temporal } from '../../src/grpc/proto';
import { startServerProcess } from '../helpers/processes';
import { eventually } from '../helpers/server';
import { tempDir } from '../helpers/temp';
import { holdFile } from '../fixtures/temporal-steps/activities';
import type * as workflows from '../fixtures/temporal-steps/workflows';
import { assertEachStepOnce, ofType } from './temporal-history-checks';
import { bundleSteps, journalLines, startSteps, stopSteps, type StepsSetup } from './temporal-steps-setup';

const EventType = temporal.api.enums.v1.EventType;
const STEPS = ['reserve', 'charge', 'ship'];

async function events(handle: WorkflowHandle): Promise<temporal.api.history.v1.IHistoryEvent[]> {
  return (await handle.fetchHistory()).events ?? [];
}

describe('kill -9 of the Rewind server under a Temporal worker', function () {
  this.timeout(120_000);
  let bundle: string;
  let s: StepsSetup | undefined;

  before(async function () {
    bundle = await bundleSteps(tempDir('rewind-temporal-bundle-'));
  });

  afterEach(async function () {
    if ((this.currentTest?.state === 'failed' || process.env.REWIND_TEST_LOG) && s) {
      process.stderr.write(`server:\n${s.server.output()}\nworker:\n${s.worker.output()}\njournal:\n${journalLines(s).join('\n')}\n`);
    }
    await stopSteps(s);
    s = undefined;
  });

  /**
   * Stops the server (SIGKILL, or SIGINT as Ctrl-C in `rewind server start` sends, waiting for it to
   * exit) and starts it again on the same file and port.
   */
  async function restartServer(setup: StepsSetup, how: 'kill' | 'stop' = 'kill'): Promise<void> {
    if (how === 'kill') await setup.server.kill();
    else {
      const proc = setup.server.proc;
      const exited = new Promise((resolve) => proc.once('exit', resolve));
      proc.kill('SIGINT');
      await exited;
      assert.match(setup.server.output(), /Stopping the Rewind server/);
    }
    setup.server = await startServerProcess(setup.db, setup.port);
  }

  /**
   * An activity running when the server stops outlives the restart: its worker finishes it afterwards
   * (the hold is lifted as the server is back, so its answer races the worker's next poll, whose retries
   * back off). The attempt is still that worker's: it runs once, and its answer is the one recorded.
   */
  async function activityOutlivesRestart(order: string, how: 'kill' | 'stop'): Promise<void> {
    s = await startSteps(bundle, `steps-activity-${how}`);
    const setup = s;
    const hold = holdFile(setup.holdDir, order, 'charge');
    fs.writeFileSync(hold, '');
    const handle = await setup.client.workflow.start<typeof workflows.steps>('steps', {
      taskQueue: setup.taskQueue,
      workflowId: `${how}-mid-activity`,
      args: [order, 10],
    });
    await eventually(() => journalLines(setup).includes(`charge ${order} attempt=1 started`) || undefined, 30_000, 'charge to start');
    await restartServer(setup, how);
    fs.rmSync(hold);
    assert.equal(await handle.result(), `reserve:${order}, charge:${order}, ship:${order}`);
    const h = await events(handle);
    assertEachStepOnce(h, STEPS, 1);
    assert.deepEqual(
      journalLines(setup).filter((l) => l.startsWith('charge ')),
      [`charge ${order} attempt=1 started`, `charge ${order} attempt=1 done`],
      'the attempt running at the stop ran once, and was not handed out again',
    );
    const started = ofType(h, EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED).map((e) => num(e.activityTaskStartedEventAttributes?.attempt));
    assert.deepEqual(started, [1, 1, 1], 'each activity recorded with its first attempt');
    assert.doesNotMatch(setup.worker.output(), /Activity not found on completion/, 'the worker’s answer was not refused');
  }

  it('killed mid-sleep: the timer fires once after the restart, and the worker carries on', async function () {
    s = await startSteps(bundle, 'steps-sleep');
    const handle = await s.client.workflow.start<typeof workflows.steps>('steps', {
      taskQueue: s.taskQueue,
      workflowId: 'kill-mid-sleep',
      args: ['A-1', 3000],
    });
    const before = await eventually(
      async () => {
        const h = await events(handle);
        return ofType(h, EventType.EVENT_TYPE_TIMER_STARTED).length > 0 ? h : undefined;
      },
      30_000,
      'the sleep to start',
    );
    assert.equal(ofType(before, EventType.EVENT_TYPE_TIMER_FIRED).length, 0, 'killed while the timer waits');
    await restartServer(s);
    assert.equal(await handle.result(), 'reserve:A-1, charge:A-1, ship:A-1');
    assertEachStepOnce(await events(handle), STEPS, 1);
    assert.deepEqual(
      journalLines(s).filter((l) => l.endsWith('started')),
      STEPS.map((step) => `${step} A-1 attempt=1 started`),
      'each activity ran once',
    );
  });

  it('killed mid-activity: the running attempt completes on the restarted server, runs once and is recorded once', async function () {
    await activityOutlivesRestart('B-2', 'kill');
  });

  it('stopped (Ctrl-C) mid-activity: the running attempt completes on the restarted server, runs once and is recorded once', async function () {
    await activityOutlivesRestart('B-3', 'stop');
  });

  it('killed while the worker holds a workflow task (a local activity runs in it): the task is handed out again and the run completes', async function () {
    s = await startSteps(bundle, 'steps-task');
    const setup = s;
    const hold = holdFile(setup.holdDir, 'C-3', 'reserve');
    fs.writeFileSync(hold, '');
    const handle = await setup.client.workflow.start<typeof workflows.marked>('marked', {
      taskQueue: setup.taskQueue,
      workflowId: 'kill-mid-task',
      args: ['C-3', 10],
    });
    await eventually(
      () => journalLines(setup).includes('reserve C-3 attempt=1 started') || undefined,
      30_000,
      'the local activity to start',
    );
    await restartServer(setup);
    fs.rmSync(hold);
    assert.equal(await handle.result(), 'v2 reserve:C-3');
    const h = await events(handle);
    assert.deepEqual(
      h.map((e) => Number(e.eventId)),
      h.map((_, i) => i + 1),
      'event ids are 1..n without gaps',
    );
    assert.equal(ofType(h, EventType.EVENT_TYPE_MARKER_RECORDED).length, 2, 'the patch and the local activity, each recorded once');
    assert.equal(ofType(h, EventType.EVENT_TYPE_TIMER_FIRED).length, 1);
    assert.equal(ofType(h, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED).length, 1);
  });
});
