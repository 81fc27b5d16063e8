// Sticky task queues with Temporal's own worker on a Rewind server: its runs' later workflow tasks go to
// its sticky queue with the events since its last task (the server counts what it sent), queries of a
// sticky run are answered from the worker's cache, ResetStickyTaskQueue sends the next task whole, and when
// the sticky worker (a process of its own) is SIGKILLed, its run's task times out on the sticky queue
// (WorkflowTaskTimedOut SCHEDULE_TO_START) and another worker finishes the run from the whole history.
import assert from 'node:assert/strict';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { RewindServer } from '../../src/server';
import { silentLogger } from '../../src/service/logger';
import * as fixtures from '../fixtures/temporal-sdk/workflows';
import type * as steps from '../fixtures/temporal-steps/workflows';
import { startWorkerProcess, type Child } from '../helpers/processes';
import { eventually } from '../helpers/server';
import { tempDir } from '../helpers/temp';
import { EventType, eventsOf, historyOf, useTemporalSdk } from '../helpers/temporal-sdk';
import { bundleSteps } from './temporal-steps-setup';

const STEPS_WORKER = path.join(__dirname, '../fixtures/temporal-steps/worker.ts');

describe('sticky queues with the real Temporal worker', function () {
  this.timeout(120_000);
  const sdk = useTemporalSdk({ taskQueue: 'sticky-sdk' });
  const out = () => ({ ...sdk.server.service.workers.workflowTasksOut });
  const stickyOf = (runId: string): string | undefined => sdk.server.service.ctx.runs.get(runId)?.stickyWorkerId;

  it('gives a run its later workflow tasks on the worker sticky queue, with the events since its last task', async function () {
    const before = out();
    const handle = await sdk.client.workflow.start(fixtures.busy, {
      taskQueue: 'sticky-sdk',
      workflowId: 'sticky-busy',
      args: [2, 3, 2],
    });
    await handle.signal(fixtures.ping, 1);
    await handle.signal(fixtures.ping, 2);
    assert.equal(await handle.result(), '6 greetings, 2 pings');
    const after = out();
    // The first task has the whole history; each of the later ones (a round of activities, the signals) only the new events.
    assert.ok(after.partial - before.partial >= 3, `partial tasks: ${after.partial - before.partial}`);
    const events = await historyOf(handle);
    assert.equal(eventsOf(events, EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED).length, 0);
    assert.equal(eventsOf(events, EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT).length, 0);
  });

  it('answers queries of a sticky run, and after ResetStickyTaskQueue sends the next task with the whole history', async function () {
    const handle = await sdk.client.workflow.start(fixtures.approval, { taskQueue: 'sticky-sdk', workflowId: 'sticky-approval' });
    const runId = handle.firstExecutionRunId;
    await eventually(() => stickyOf(runId)?.startsWith('temporal:sticky:') || undefined, 10_000, 'the run is sticky to the worker');
    assert.equal(await handle.query(fixtures.status), 'waiting');

    await sdk.client.workflowService.resetStickyTaskQueue({ namespace: 'default', execution: { workflowId: 'sticky-approval', runId } });
    assert.equal(stickyOf(runId), undefined);
    const before = out();
    await handle.signal(fixtures.approve, 'ann');
    assert.equal(await handle.result(), 'approved by ann');
    const after = out();
    assert.equal(after.full - before.full, 1, 'the task after the reset carries the whole history');
    assert.equal(after.partial - before.partial, 0);
  });
});

describe('sticky queues: the sticky worker is killed with SIGKILL', function () {
  this.timeout(120_000);
  let server: RewindServer;
  let connection: Connection;
  let bundle: string;
  const workers: Child[] = [];
  const dir = tempDir('rewind-sticky-kill-');

  before(async function () {
    bundle = await bundleSteps(dir);
    server = await RewindServer.start({ db: path.join(dir, 'rewind.db'), port: 0, log: silentLogger });
    connection = await Connection.connect({ address: server.address });
  });
  after(async function () {
    for (const w of workers) await w.kill();
    await connection.close();
    await server.close();
  });

  const startWorker = async (): Promise<Child> => {
    const w = await startWorkerProcess(STEPS_WORKER, server.address, {
      STEPS_BUNDLE: bundle,
      STEPS_TASK_QUEUE: 'sticky-kill',
      STEPS_JOURNAL: path.join(dir, 'journal.txt'),
      STEPS_STICKY_TIMEOUT: '1s',
    });
    workers.push(w);
    return w;
  };

  it('times the task out on the dead worker sticky queue and finishes the run on another worker from the whole history; a query falls back too', async function () {
    const first = await startWorker();
    const client = new Client({ connection });
    const start = (order: string) =>
      client.workflow.start<typeof steps.approval>('approval', {
        taskQueue: 'sticky-kill',
        workflowId: `sticky-kill-${order}`,
        args: [order],
      });
    const [o1, o2] = [await start('o1'), await start('o2')];
    // The worker ran each one's reserve step and waits for the approval, with the runs in its cache.
    for (const handle of [o1, o2]) {
      await eventually(
        async () => {
          const events = await historyOf(handle);
          const last = events.at(-1)?.eventType;
          return eventsOf(events, EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED).length === 1 &&
            last === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED
            ? true
            : undefined;
        },
        10_000,
        'the worker ran the reserve step and completed its task',
      );
      assert.match(server.service.ctx.runs.get(handle.firstExecutionRunId)?.stickyWorkerId ?? '', /^temporal:sticky:/);
      assert.equal(await handle.query('status'), 'waiting');
    }

    await first.kill();
    const before = { ...server.service.workers.workflowTasksOut };
    await o1.signal('approve', 'bob');
    await startWorker();
    assert.equal(await o1.result(), 'o1 approved by bob');
    const events = await historyOf(o1);
    const timedOut = eventsOf(events, EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT);
    assert.equal(timedOut.length, 1, 'one workflow task timed out on the sticky queue');
    assert.equal(
      timedOut[0]!.workflowTaskTimedOutEventAttributes?.timeoutType,
      temporal.api.enums.v1.TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START,
    );
    assert.ok(server.service.workers.workflowTasksOut.full > before.full, 'the other worker got the whole history');

    // A query of o2 goes to the dead worker's sticky queue, then (its 1 s over) to the other worker, and resets o2's stickiness.
    assert.equal(await o2.query('status'), 'waiting');
    assert.equal(server.service.ctx.runs.get(o2.firstExecutionRunId)?.stickyWorkerId, undefined);
    await o2.signal('approve', 'eve');
    assert.equal(await o2.result(), 'o2 approved by eve');
    assert.equal(eventsOf(await historyOf(o2), EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT).length, 0);
  });
});
