// Continue-as-new and versioning with patched(), over a real server and workers.
import assert from 'node:assert/strict';
import path from 'node:path';
import { DeterminismViolationError, Worker } from '@rewind/sdk/worker';
import * as activities from '../fixtures/activities';
import { eventually, startServer, startWorker, type TestServer } from '../helpers/server';

const V = (file: string): string => path.join(__dirname, '../fixtures/versioning', file);

describe('continue-as-new', function () {
  let srv: TestServer;
  let stop: () => Promise<void>;
  before(async function () {
    srv = await startServer();
    ({ stop } = await startWorker(srv.address, { taskQueue: 'chain', activities }));
  });
  after(async function () {
    await stop();
    await srv.close();
  });

  it('runs a chain of runs under one workflow id; result() follows it to the last run', async function () {
    const handle = await srv.client.workflow.start('chain', { taskQueue: 'chain', workflowId: 'chain-1', args: [3] });
    const result = (await handle.result()) as string;
    const first = handle.firstExecutionRunId;
    assert.match(result, new RegExp(`^total 6 in run .+, continued from .+, first ${first}$`));
    const runs = [];
    for await (const r of srv.client.workflow.list()) if (r.workflowId === 'chain-1') runs.push(r);
    assert.equal(runs.length, 4);
    assert.deepEqual(runs.map((r) => r.status).sort(), ['COMPLETED', 'CONTINUED_AS_NEW', 'CONTINUED_AS_NEW', 'CONTINUED_AS_NEW']);
    const firstRun = await srv.client.workflow.getHandle('chain-1', first).fetchHistory();
    const continued = firstRun.events.at(-1);
    assert.ok(continued?.type === 'WorkflowExecutionContinuedAsNew');
    assert.deepEqual(continued.input, [2, 3]);
    const second = await srv.client.workflow.getHandle('chain-1', continued.newExecutionRunId).fetchHistory();
    const started = second.events[0];
    assert.ok(
      started?.type === 'WorkflowExecutionStarted' && started.continuedExecutionRunId === first && started.firstExecutionRunId === first,
    );
  });
});

describe('versioning with patched()', function () {
  let srv: TestServer;
  before(async function () {
    srv = await startServer();
  });
  after(async function () {
    await srv.close();
  });

  it('keeps runs started on old code on the old path, and sends new runs down the new one', async function () {
    const v1 = await startWorker(srv.address, { taskQueue: 'ship', activities, workflowsPath: V('v1.ts') });
    const old = await srv.client.workflow.start('shipping', { taskQueue: 'ship', workflowId: 'ship-old' });
    await eventually(
      async () => ((await old.fetchHistory()).events.some((e) => e.type === 'ActivityTaskCompleted') ? true : undefined),
      5000,
      'the first step',
    );
    await v1.stop();
    const v2 = await startWorker(srv.address, { taskQueue: 'ship', activities, workflowsPath: V('v2.ts') });
    try {
      await old.signal('go');
      assert.equal(await old.result(), 'hello standard', 'the run that started on version 1 keeps its path');
      const fresh = await srv.client.workflow.start('shipping', { taskQueue: 'ship', workflowId: 'ship-new' });
      await eventually(
        async () => ((await fresh.fetchHistory()).events.some((e) => e.type === 'ActivityTaskCompleted') ? true : undefined),
        5000,
        'the first step',
      );
      await fresh.signal('go');
      assert.equal(await fresh.result(), 'charged 99');
      const history = await fresh.fetchHistory();
      const marker = history.events.find((e) => e.type === 'MarkerRecorded');
      assert.ok(marker?.type === 'MarkerRecorded' && marker.details.patchId === 'express');

      // Removing the patch while such runs exist is caught, and the message names the patch.
      await assert.rejects(Worker.runReplayHistory({ workflowsPath: V('v3-removed.ts') }, history), (err: Error) => {
        assert.ok(err instanceof DeterminismViolationError, String(err));
        assert.match(err.message, /history holds MarkerRecorded\(patch 'express'\)/);
        assert.match(err.message, /keep that call \(or deprecatePatch\('express'\)\)/);
        return true;
      });
      // deprecatePatch() replays both kinds of history.
      await Worker.runReplayHistory({ workflowsPath: V('v3-deprecated.ts') }, history);
      await Worker.runReplayHistory({ workflowsPath: V('v2.ts') }, await old.fetchHistory());
    } finally {
      await v2.stop();
    }
  });
});
