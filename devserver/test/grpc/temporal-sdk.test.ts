// Temporal's own SDK, unchanged, on a Rewind server: @temporalio/worker polls Rewind's gRPC frontend
// and @temporalio/client starts and waits for workflows there, on a real server with a real SQLite file.
import assert from 'node:assert/strict';
import { Worker } from '@temporalio/worker';
import * as activities from '../fixtures/temporal-sdk/activities';
import * as workflows from '../fixtures/temporal-sdk/workflows';
import { useTemporalSdk } from '../helpers/temporal-sdk';

describe('the real Temporal SDK on a Rewind server', function () {
  this.timeout(120_000);
  const sdk = useTemporalSdk({ taskQueue: 'temporal-sdk' });

  it('runs hello world: a workflow with an activity, started and awaited by the client', async function () {
    const result = await sdk.client.workflow.execute(workflows.hello, { taskQueue: 'temporal-sdk', workflowId: 'hello-1', args: ['ada'] });
    assert.equal(result, 'hello ada');
  });

  it('replays histories where events arrived while tasks ran (held back until each task ends, as Temporal does)', async function () {
    // A second worker that keeps nothing cached: every task replays the whole history from the start.
    const replaying = await Worker.create({
      connection: sdk.nativeConnection,
      taskQueue: 'temporal-sdk-replay',
      workflowBundle: sdk.bundle,
      activities,
      maxCachedWorkflows: 0,
    });
    const result = await replaying.runUntil(async () => {
      const handle = await sdk.client.workflow.start(workflows.busy, {
        taskQueue: 'temporal-sdk-replay',
        workflowId: 'busy-1',
        args: [6, 4, 20],
      });
      for (let i = 0; i < 20; i++) await handle.signal(workflows.ping, i);
      return handle.result();
    });
    assert.equal(result, '24 greetings, 20 pings');
    const { events } = sdk.server.service.workflows.history({ namespace: 'default', workflowId: 'busy-1' });
    assert.ok(!events.some((e) => e.type === 'WorkflowTaskFailed'), 'no task failed (a nondeterminism error would)');
    events.forEach((e, i) => {
      if (e.type === 'WorkflowTaskStarted')
        assert.match(events[i + 1]?.type ?? '', /^WorkflowTask(Completed|Failed|TimedOut)$/, `after event ${e.eventId}`);
    });
  });
});
