// A workflow file that imports @temporalio/workflow runs on Rewind as written: signals, queries,
// updates, timers, patches and activities, with Temporal's own types checking it.
import assert from 'node:assert/strict';
import path from 'node:path';
import { WorkflowUpdateFailedError } from '@rewind/sdk/client';
import { Worker } from '@rewind/sdk/worker';
import * as activities from '../fixtures/temporal-style/activities';
import { addNote, approve, stage, type fulfil } from '../fixtures/temporal-style/workflows';
import { eventually, startServer, startWorker, type TestServer } from '../helpers/server';

const workflowsPath = path.join(__dirname, '../fixtures/temporal-style/workflows.ts');

describe('a workflow file written for Temporal', function () {
  let srv: TestServer;
  let stop: () => Promise<void>;
  const taskQueue = 'temporal-style';

  before(async function () {
    srv = await startServer();
    ({ stop } = await startWorker(srv.address, { taskQueue, activities, workflowsPath }));
  });
  after(async function () {
    await stop();
    await srv.close();
  });

  it('runs unchanged: its @temporalio/workflow import is Rewind', async function () {
    const handle = await srv.client.workflow.start<typeof fulfil>('fulfil', { taskQueue, workflowId: 'temporal-1', args: ['o-1'] });
    await eventually(async () => ((await handle.query(stage)) === 'waiting for approval' ? true : undefined), 5000, 'the approval stage');
    assert.equal(await handle.executeUpdate(addNote, { args: ['fragile'] }), 1);
    await assert.rejects(handle.executeUpdate(addNote, { args: [''] }), WorkflowUpdateFailedError);
    await handle.signal(approve, 'ada');
    assert.equal(await handle.result(), 'o-1 approved by ada on fulfil, shipped with 1 note(s)');
    assert.deepEqual(activities.shipped, [{ orderId: 'o-1', notes: ['fragile'] }]);
    const history = await handle.fetchHistory();
    assert.ok(
      history.events.some((e) => e.type === 'MarkerRecorded'),
      'the patch was recorded',
    );
    await Worker.runReplayHistory({ workflowsPath }, history);
  });
});
