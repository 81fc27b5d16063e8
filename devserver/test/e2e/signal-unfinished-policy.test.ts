// A signal handler's unfinishedPolicy (Temporal's SignalHandlerOptions): a workflow that finishes while
// signal handlers still run warns about those with the default policy only, not those set with ABANDON.
import assert from 'node:assert/strict';
import path from 'node:path';
import * as activities from '../fixtures/activities';
import { leavesSignalsRunning, loud, quiet } from '../fixtures/signal-unfinished-policy';
import { eventually, startServer, startWorker, workerLog, type TestServer } from '../helpers/server';

describe("a signal handler's unfinishedPolicy", function () {
  const taskQueue = 'signal-unfinished-policy';
  let srv: TestServer;
  let stop: () => Promise<void>;
  before(async function () {
    srv = await startServer();
    const workflowsPath = path.join(__dirname, '../fixtures/signal-unfinished-policy.ts');
    stop = (await startWorker(srv.address, { taskQueue, activities, workflowsPath })).stop;
  });
  after(async function () {
    await stop?.();
    await srv?.close();
  });

  it('warns about a handler left running with the default policy, not one set with ABANDON', async function () {
    const handle = await srv.client.workflow.start(leavesSignalsRunning, { taskQueue, workflowId: 'signals-left-running' });
    await handle.signal(quiet);
    await handle.signal(loud);
    assert.equal(await handle.result(), 'done');
    const warning = await eventually(
      () => workerLog.find((l) => l.includes('Workflow finished while handlers were still running') && l.includes('signals-left-running')),
      5000,
      'the warning',
    );
    assert.match(warning, /still running: signal loud\./);
  });
});
