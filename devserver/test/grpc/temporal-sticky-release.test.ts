// Stickiness let go of with Temporal's own worker, whose sticky queue has a long (60 s) schedule-to-start
// timeout: a worker SIGKILLed stops polling its sticky queue, and once nobody polled it for Temporal's 10 s
// window a new task of its run goes straight to the normal queue; a worker that shuts down
// (ShutdownWorker) lets go at once. Either way another worker gets the task whole, and no task times out.
import assert from 'node:assert/strict';
import { Client, type WorkflowHandle, type WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { STICKY_UNAVAILABLE_MS } from '../../src/service/matching/pollers';
import * as fixtures from '../fixtures/temporal-sdk/workflows';
import type { Child } from '../helpers/processes';
import { eventually } from '../helpers/server';
import { EventType, eventsOf, historyOf } from '../helpers/temporal-sdk';
import { useTemporalWorkerProcesses } from '../helpers/temporal-worker-processes';

const STICKY_TIMEOUT = '60s';

describe('stickiness let go of: a Temporal worker killed or shut down', function () {
  this.timeout(120_000);
  const setup = useTemporalWorkerProcesses('rewind-sticky-release-');
  const client = (): Client => new Client({ connection: setup.connection });

  const tasksOut = () => ({ ...setup.server.service.workers.workflowTasksOut });
  const stickyOf = (handle: WorkflowHandleWithFirstExecutionRunId): string | undefined =>
    setup.server.service.ctx.runs.get(handle.firstExecutionRunId)?.stickyWorkerId;
  const workerProcess = (taskQueue: string): Promise<Child> => setup.worker(taskQueue, STICKY_TIMEOUT);
  /** The run waits for its signal, cached on the worker that ran its first task (its sticky queue). */
  const startApproval = async (
    taskQueue: string,
    workflowId: string,
  ): Promise<WorkflowHandleWithFirstExecutionRunId<typeof fixtures.approval>> => {
    const handle = await client().workflow.start(fixtures.approval, { taskQueue, workflowId });
    await eventually(() => stickyOf(handle)?.startsWith('temporal:sticky:') || undefined, 10_000, 'the run is sticky to the worker');
    assert.equal(await handle.query(fixtures.status), 'waiting', 'answered from the sticky worker');
    return handle;
  };
  const assertNoTimeout = async (handle: WorkflowHandle): Promise<void> => {
    const events = await historyOf(handle);
    assert.equal(eventsOf(events, EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT).length, 0, 'no workflow task timed out');
    assert.equal(eventsOf(events, EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED).length, 0);
  };

  it("sends a task straight to the normal queue, whole, once the killed worker's sticky queue went unpolled for 10 s", async function () {
    const first = await workerProcess('release-killed');
    const handle = await startApproval('release-killed', 'release-killed');
    await first.kill(); // SIGKILL: no ShutdownWorker, its polls just stop.
    await workerProcess('release-killed');
    // Past Temporal's window: the dead worker's sticky queue is no longer available.
    await new Promise((resolve) => setTimeout(resolve, STICKY_UNAVAILABLE_MS + 1_000));
    const before = tasksOut();
    await handle.signal(fixtures.approve, 'kim');
    // Had the task gone to the sticky queue, it would wait there 60 s and time out (SCHEDULE_TO_START).
    assert.equal(await handle.result(), 'approved by kim');
    const after = tasksOut();
    assert.equal(after.full - before.full, 1, 'the other worker got the whole history');
    assert.equal(after.partial - before.partial, 0);
    await assertNoTimeout(handle);
  });

  it('lets go at once when the worker shuts down: another worker gets the next task whole', async function () {
    const taskQueue = 'release-shutdown';
    const nativeConnection = await NativeConnection.connect({ address: setup.server.address });
    const worker = (identity: string) =>
      Worker.create({
        connection: nativeConnection,
        taskQueue,
        identity,
        workflowBundle: { codePath: setup.bundle },
        stickyQueueScheduleToStartTimeout: STICKY_TIMEOUT,
      });
    try {
      const first = await worker('release-first');
      const firstRunning = first.run();
      const handle = await startApproval(taskQueue, 'release-shutdown');
      first.shutdown(); // ShutdownWorker, naming its sticky queue.
      await firstRunning;
      const second = await worker('release-second');
      const before = tasksOut();
      const result = await second.runUntil(async () => {
        await handle.signal(fixtures.approve, 'lee');
        return handle.result();
      });
      assert.equal(result, 'approved by lee');
      const after = tasksOut();
      assert.equal(after.full - before.full, 1, 'the second worker got the whole history');
      assert.equal(after.partial - before.partial, 0);
      await assertNoTimeout(handle);
    } finally {
      await nativeConnection.close();
    }
  });
});
