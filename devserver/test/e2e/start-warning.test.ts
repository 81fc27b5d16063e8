// The SDK's client when it starts what no worker runs: the start succeeds (a worker may come later, as
// in Temporal) and a process warning says so once per task queue and type: at once when the queue's
// workers lack the type (what they have and the closest name), and for a queue no worker polls only if
// the run still waits a while later; `onStartWarning` hears every such start at once.
import assert from 'node:assert/strict';
import { Client, WorkflowClient } from '@rewind/sdk/client';
import type { WorkflowStartWarning } from '@rewind/sdk/internal/client/workflow-client';
import * as activities from '../fixtures/activities';
import { eventually, startServer, startWorker, type TestServer } from '../helpers/server';

describe('the client warns of a start no worker runs', function () {
  this.timeout(30_000);
  let srv: TestServer;
  let stop: () => Promise<void>;
  const warnings: Error[] = [];
  const onWarning = (w: Error): void => {
    if (w.name === 'RewindWarning') warnings.push(w);
  };
  /** process.emitWarning tells its listeners on the next tick. */
  const ticked = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

  before(async function () {
    srv = await startServer();
    stop = (await startWorker(srv.address, { taskQueue: 'warned', activities })).stop;
    await eventually(async () => {
      const { pollers } = await srv.connection.call('taskQueue.describe', { namespace: 'default', taskQueue: 'warned' });
      return pollers.length > 0 || undefined;
    });
    process.on('warning', onWarning);
  });
  after(async function () {
    process.off('warning', onWarning);
    await stop();
    await srv.close();
  });
  beforeEach(() => (warnings.length = 0));

  it('logs a warning once per task queue and type, naming the registered types and the closest one', async function () {
    const client = srv.client;
    const handle = await client.workflow.start('ordr', { taskQueue: 'warned', workflowId: 'warned-1' });
    assert.equal((await handle.describe()).status.name, 'RUNNING', 'started all the same');
    await client.workflow.start('ordr', { taskQueue: 'warned', workflowId: 'warned-2' });
    await client.workflow.signalWithStart('ordr', { taskQueue: 'warned', workflowId: 'warned-3', signal: 'go' });
    await ticked();
    assert.equal(warnings.length, 1, warnings.map((w) => w.message).join('\n'));
    const [warning] = warnings as [Error & { code?: string }];
    assert.equal(warning.code, 'REWIND_TYPE_NOT_REGISTERED');
    assert.match(
      warning.message,
      /^Workflow warned-1 \(type ordr\) was started, but no worker can run it yet: No worker on task queue 'warned' has workflow type 'ordr'; the workers there have: order, [\w, ]* and \d+ more \(rewind task-queue describe -t warned lists them all\)\. Did you mean 'order'\?$/,
    );

    // Another type: its own warning. A start a worker runs: none.
    await client.workflow.start('aproval', { taskQueue: 'warned', workflowId: 'warned-4', args: [1] });
    await client.workflow.start('approval', { taskQueue: 'warned', workflowId: 'warned-5', args: [0] });
    await ticked();
    assert.deepEqual(
      warnings.map((w) => /Did you mean '(\w+)'/.exec(w.message)?.[1]),
      ['order', 'approval'],
    );
    // Another client (as another process would be) is told again.
    await new Client({ connection: srv.connection }).workflow.start('ordr', { taskQueue: 'warned', workflowId: 'warned-6' });
    await ticked();
    assert.equal(warnings.length, 3);
    for (const id of ['warned-1', 'warned-2', 'warned-3', 'warned-4', 'warned-6']) await client.workflow.getHandle(id).terminate();
  });

  it('warns of a queue no worker polls only if the run still waits a while later (a worker often starts just after); onStartWarning hears it at once', async function () {
    const heard: WorkflowStartWarning[] = [];
    const checks: Array<() => Promise<void>> = [];
    const ctx = { connection: srv.connection, namespace: 'default', identity: 'test' };
    const quiet = new WorkflowClient({ ...ctx, scheduleNoWorkerCheck: (check) => checks.push(check) });
    const listening = new WorkflowClient({ ...ctx, onStartWarning: (w) => heard.push(w) });
    const comesSoon = await quiet.start('order', { taskQueue: 'comes-soon', workflowId: 'unserved-0', args: ['x'] });
    await quiet.start('order', { taskQueue: 'nobody-yet', workflowId: 'unserved-1', args: ['x'] });
    await quiet.start('nothingLikeIt', { taskQueue: 'nobody-at-all', workflowId: 'unserved-2' });
    const handle = await listening.start('order', { taskQueue: 'nobody-yet', workflowId: 'unserved-3', args: ['x'] });
    await listening.start('nothingLikeIt', { taskQueue: 'nobody-at-all', workflowId: 'unserved-4' });
    await listening.start('ordr', { taskQueue: 'warned', workflowId: 'unserved-5' });
    await ticked();
    assert.equal(warnings.length, 0, 'nothing logged yet: neither the default for a queue without workers nor a listener’s');
    assert.deepEqual(
      heard.map((w) => [w.code, w.workflowId, w.workflowType, w.taskQueue]),
      [
        ['TYPE_ON_OTHER_TASK_QUEUE', 'unserved-3', 'order', 'nobody-yet'],
        ['NO_WORKER', 'unserved-4', 'nothingLikeIt', 'nobody-at-all'],
        ['TYPE_NOT_REGISTERED', 'unserved-5', 'ordr', 'warned'],
      ],
    );
    assert.equal(heard[0]!.runId, handle.firstExecutionRunId);
    assert.match(heard[0]!.message, /Workers on task queue 'warned' have workflow type 'order': did you mean task queue 'warned'\?$/);
    assert.equal(heard[1]!.message, "No worker is running on task queue 'nobody-at-all' (namespace default): start one.");

    // The worker of 'comes-soon' starts before the client looks again: it runs the workflow, and nothing is said of it.
    const soon = await startWorker(srv.address, { taskQueue: 'comes-soon', activities });
    assert.equal(await comesSoon.result(), 'charged 10; hello x');
    assert.equal(checks.length, 3, 'one look again per start on a queue without workers');
    await Promise.all(checks.map((check) => check()));
    await ticked();
    assert.deepEqual(
      warnings.map((w) => [(w as Error & { code?: string }).code, w.message]),
      [
        [
          'REWIND_TYPE_ON_OTHER_TASK_QUEUE',
          "Workflow unserved-1 (type order) was started, but no worker has run it after 3 s: No worker is running on task queue 'nobody-yet' (namespace default): start one. Workers on task queue 'comes-soon', 'warned' have workflow type 'order': did you mean one of those?",
        ],
        [
          'REWIND_NO_WORKER',
          "Workflow unserved-2 (type nothingLikeIt) was started, but no worker has run it after 3 s: No worker is running on task queue 'nobody-at-all' (namespace default): start one.",
        ],
      ],
    );

    // The worker that comes later runs them: the warnings did not stop anything.
    const later = await startWorker(srv.address, { taskQueue: 'nobody-yet', activities });
    assert.equal(await handle.result(), 'charged 10; hello x');
    assert.equal(await srv.client.workflow.getHandle('unserved-1').result(), 'charged 10; hello x');
    await Promise.all([later.stop(), soon.stop()]);
    for (const id of ['unserved-2', 'unserved-4', 'unserved-5']) await srv.client.workflow.getHandle(id).terminate();
  });
});
