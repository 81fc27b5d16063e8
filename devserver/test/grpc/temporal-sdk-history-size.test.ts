// Temporal's SDK on a Rewind server reads the history's size as on Temporal's: workflowInfo().historySize
// is the historySizeBytes of the task's WorkflowTaskStarted event, which Rewind's server fills in (the
// bytes of the run's history as it stores it), growing with the history.
import assert from 'node:assert/strict';
import * as workflows from '../fixtures/temporal-sdk/workflows';
import { eventsOf, EventType, useTemporalSdk } from '../helpers/temporal-sdk';
import { eventually } from '../helpers/server';

const taskQueue = 'temporal-sdk-history-size';

describe('the real Temporal SDK on a Rewind server: workflowInfo().historySize', function () {
  this.timeout(60_000);
  const sdk = useTemporalSdk({ taskQueue });

  it("gives each task the size recorded on its WorkflowTaskStarted, and the task's event id as historyLength", async function () {
    const handle = await sdk.client.workflow.start(workflows.reportsHistorySize, { taskQueue, workflowId: 'history-size' });
    const completedTasks = async (n: number): Promise<true | undefined> =>
      eventsOf((await handle.fetchHistory()).events ?? [], EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED).length >= n ? true : undefined;
    await eventually(() => completedTasks(1), 20_000, 'the first task');
    await handle.signal(workflows.nextTask);
    await eventually(() => completedTasks(2), 20_000, 'the second task');
    await handle.signal(workflows.nextTask);
    const seen = await handle.result();

    const started = eventsOf((await handle.fetchHistory()).events ?? [], EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED);
    assert.deepEqual(
      seen,
      started.map((e) => [Number(e.eventId), Number(e.workflowTaskStartedEventAttributes?.historySizeBytes)]),
    );
    const sizes = seen.map(([, size]) => size);
    assert.ok(sizes[0]! > 0 && sizes[0]! < sizes[1]! && sizes[1]! < sizes[2]!, `growing sizes: ${sizes.join(', ')}`);
  });
});
