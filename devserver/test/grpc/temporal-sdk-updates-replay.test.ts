// The update events Rewind writes are ones Temporal's SDK replays: a worker that keeps no run cached
// (maxCachedWorkflows: 0) replays each run's history, accepted and failed updates included, on every task;
// Temporal's replayer replays the exported history, and refuses it when an accepted update names another handler;
// Rewind's replayer replays it too.
import assert from 'node:assert/strict';
import { Client as RewindClient, Connection as RewindConnection, WorkflowUpdateFailedError } from '@rewind/sdk/client';
import { Worker as TemporalWorker } from '@temporalio/worker';
import { Worker } from '@rewind/sdk/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import * as workflows from '../fixtures/temporal-sdk/workflows';
import { EventType, eventsOf, useTemporalSdk, type TemporalEvent } from '../helpers/temporal-sdk';
import { readBack } from './proto-history';

const taskQueue = 'temporal-sdk-updates-uncached';

describe("update events replayed by Temporal's SDK", function () {
  this.timeout(60_000);
  const sdk = useTemporalSdk({ taskQueue, maxCachedWorkflows: 0 });
  let connection: RewindConnection | undefined;
  let rewind: RewindClient;

  before(async function () {
    connection = await RewindConnection.connect({ address: sdk.server.address });
    rewind = new RewindClient({ connection });
  });
  after(async function () {
    await connection?.close();
  });

  it("a worker without a cache replays every update on each task; Temporal's replayer replays the history and refuses a changed one, Rewind's replays it", async function () {
    const workflowId = 'updates-uncached';
    const handle = await sdk.client.workflow.start(workflows.counter, { taskQueue, workflowId });
    const updates = rewind.workflow.getHandle(workflowId);
    assert.equal(await updates.executeUpdate<number, [number]>('add', { args: [2] }), 2);
    await assert.rejects(updates.executeUpdate('add', { args: [-1] }), WorkflowUpdateFailedError);
    await assert.rejects(updates.executeUpdate('refuse', { args: ['no'] }), WorkflowUpdateFailedError);
    assert.equal(await updates.executeUpdate<number, [number]>('addLater', { args: [3] }), 5);
    assert.equal(await updates.executeUpdate<number, [number]>('add', { args: [1] }), 6);
    await handle.signal(workflows.stopCounting);
    assert.equal(await handle.result(), 6);

    const history = await handle.fetchHistory();
    const events: TemporalEvent[] = history.events ?? [];
    assert.equal(eventsOf(events, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED).length, 4);
    assert.deepEqual(eventsOf(events, EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED), [], 'no task failed on replay');
    await TemporalWorker.runReplayHistory({ workflowBundle: sdk.bundle }, history);
    // Rewind's replayer (the debugger's, and rewind dev's check of open runs) replays it too.
    await Worker.runReplayHistory(
      { workflowsPath: require.resolve('../fixtures/temporal-sdk/update-workflows') },
      { events: readBack(events) },
    );

    // The first accepted update now names `refuse`: its handler fails where history says `add` succeeded.
    const changed = events.map((e): TemporalEvent => {
      const accepted = e.workflowExecutionUpdateAcceptedEventAttributes;
      if (!accepted || e !== eventsOf(events, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED)[0]) return e;
      const request = { ...accepted.acceptedRequest, input: { ...accepted.acceptedRequest?.input, name: 'nope' } };
      return { ...e, workflowExecutionUpdateAcceptedEventAttributes: { ...accepted, acceptedRequest: request } };
    });
    await assert.rejects(TemporalWorker.runReplayHistory({ workflowBundle: sdk.bundle }, { events: changed }), DeterminismViolationError);
  });
});
