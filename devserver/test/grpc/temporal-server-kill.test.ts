// kill -9 of the Rewind server under Temporal's own SDK: a Rewind server process on a SQLite file, a
// Temporal worker (@temporalio/worker) in a process of its own and a Temporal client. The server is
// SIGKILLed mid-sleep, mid-activity and while the worker holds a workflow task, and started again on the
// same file and port; the worker and the client reconnect by themselves and the workflow completes with
// each step recorded once.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import type { WorkflowHandle } from '@temporalio/client';
import { temporal } from '../../src/grpc/proto';
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

  /** SIGKILLs the server and starts it again on the same file and port. */
  async function restartServer(setup: StepsSetup): Promise<void> {
    await setup.server.kill();
    setup.server = await startServerProcess(setup.db, setup.port);
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

  it('killed mid-activity: the running attempt completes on the restarted server and is recorded once', async function () {
    s = await startSteps(bundle, 'steps-activity');
    const setup = s;
    const hold = holdFile(setup.holdDir, 'B-2', 'charge');
    fs.writeFileSync(hold, '');
    const handle = await setup.client.workflow.start<typeof workflows.steps>('steps', {
      taskQueue: setup.taskQueue,
      workflowId: 'kill-mid-activity',
      args: ['B-2', 10],
    });
    await eventually(() => journalLines(setup).includes('charge B-2 attempt=1 started') || undefined, 30_000, 'charge to start');
    await restartServer(setup);
    fs.rmSync(hold);
    assert.equal(await handle.result(), 'reserve:B-2, charge:B-2, ship:B-2');
    assertEachStepOnce(await events(handle), STEPS, 1);
    assert.ok(journalLines(setup).includes('charge B-2 attempt=1 done'), 'the attempt running at the kill finished');
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
