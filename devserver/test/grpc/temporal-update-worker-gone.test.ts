// An update to a run whose Temporal worker (a process of its own, the run in its cache: sticky) was
// SIGKILLed: Temporal's client's executeUpdate waits, the update admitted and nothing failed; the run's
// task times out on the dead worker's sticky queue (SCHEDULE_TO_START, its 1 s) and goes to the normal
// queue; a new worker takes it with the whole history and the update completes with its result.
import assert from 'node:assert/strict';
import { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import * as fixtures from '../fixtures/temporal-sdk/workflows';
import { RawGrpc, pollAdmitted } from '../helpers/grpc-raw';
import type { Child } from '../helpers/processes';
import { eventually } from '../helpers/server';
import { EventType, eventsOf, historyOf } from '../helpers/temporal-sdk';
import { useTemporalWorkerProcesses } from '../helpers/temporal-worker-processes';

const TASK_QUEUE = 'update-worker-gone';
const Stage = temporal.api.enums.v1.UpdateWorkflowExecutionLifecycleStage;

describe('an update to a run whose Temporal worker was SIGKILLed', function () {
  this.timeout(120_000);
  const setup = useTemporalWorkerProcesses('rewind-update-worker-gone-');
  let raw: RawGrpc;
  before(function () {
    raw = new RawGrpc(setup.server.address);
  });
  after(function () {
    raw?.close();
  });

  const workerProcess = (): Promise<Child> => setup.worker(TASK_QUEUE, '1s');

  it('waits, admitted, while no worker runs, and completes with its result when a new worker comes', async function () {
    const first = await workerProcess();
    const client = new Client({ connection: setup.connection });
    const handle = await client.workflow.start(fixtures.counter, { taskQueue: TASK_QUEUE, workflowId: 'update-worker-gone' });
    assert.equal(await handle.executeUpdate(fixtures.add, { args: [2], updateId: 'before' }), 2, 'the first worker answers');
    assert.match(setup.server.service.ctx.runs.get(handle.firstExecutionRunId)?.stickyWorkerId ?? '', /^temporal:sticky:/, 'cached on it');
    const eventsBefore = (await historyOf(handle)).length;

    await first.kill();
    let settled: 'resolved' | 'rejected' | undefined;
    const result = handle.executeUpdate(fixtures.add, { args: [5], updateId: 'gone' });
    result.then(
      () => (settled = 'resolved'),
      () => (settled = 'rejected'),
    );
    // The server has it (once the client's call reached it), at ADMITTED, with no outcome.
    const admitted = await pollAdmitted(raw, 'update-worker-gone', 'gone');
    assert.equal(admitted.stage, Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ADMITTED);
    assert.equal(admitted.outcome, null);
    // Its task timed out on the dead worker's sticky queue (1 s) and waits on the normal queue: the update still waits.
    await eventually(
      async () => (eventsOf(await historyOf(handle), EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT).length === 1 ? true : undefined),
      20_000,
      'the task timed out on the sticky queue',
    );
    assert.equal(settled, undefined, 'executeUpdate still waits, not failed');

    const before = { ...setup.server.service.workers.workflowTasksOut };
    await workerProcess();
    assert.equal(await result, 7);
    assert.equal(setup.server.service.workers.workflowTasksOut.full - before.full, 1, 'the new worker got the whole history');

    const events = (await historyOf(handle)).slice(eventsBefore);
    assert.deepEqual(
      events.map((e) => EventType[e.eventType ?? 0]),
      [
        'EVENT_TYPE_WORKFLOW_TASK_SCHEDULED',
        'EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT',
        'EVENT_TYPE_WORKFLOW_TASK_SCHEDULED',
        'EVENT_TYPE_WORKFLOW_TASK_STARTED',
        'EVENT_TYPE_WORKFLOW_TASK_COMPLETED',
        'EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED',
        'EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED',
      ],
    );
    const timedOut = events[1]!.workflowTaskTimedOutEventAttributes;
    assert.equal(timedOut?.timeoutType, temporal.api.enums.v1.TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START);
    assert.equal(events[5]!.workflowExecutionUpdateAcceptedEventAttributes?.protocolInstanceId, 'gone');
    assert.equal(await handle.executeUpdate(fixtures.add, { args: [1] }), 8, 'the new worker serves the run');
    await handle.signal(fixtures.stopCounting);
    assert.equal(await handle.result(), 8);
  });
});
