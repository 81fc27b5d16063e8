// @temporalio/workflow's AsyncLocalStorage in Rewind's workflow sandbox: a value kept across a timer, inside
// its run only, live and in replay.
import assert from 'node:assert/strict';
import path from 'node:path';
import { Worker } from '@rewind/sdk/worker';
import { startServer, startWorker, type TestServer } from '../helpers/server';

const workflowsPath = path.join(__dirname, '../fixtures/async-local-storage/workflows.ts');
const taskQueue = 'async-local-storage';

describe("Temporal's AsyncLocalStorage in workflow code", function () {
  this.timeout(60_000);
  let srv: TestServer;
  let stop: () => Promise<void>;

  before(async function () {
    srv = await startServer();
    ({ stop } = await startWorker(srv.address, { taskQueue, workflowsPath }));
  });
  after(async function () {
    await stop?.();
    await srv?.close();
  });

  it('keeps a value across a timer inside its run, and replays', async function () {
    const handle = await srv.client.workflow.start('scoped', { taskQueue, workflowId: 'als-1', args: ['req-7'] });
    assert.deepEqual(await handle.result(), ['req-7', null]); // undefined is null in JSON
    await Worker.runReplayHistory({ workflowsPath }, await handle.fetchHistory());
  });
});
