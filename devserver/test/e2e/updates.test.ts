// Updates end to end: validators, handlers that run activities, failures, stages, ids, replay.
import assert from 'node:assert/strict';
import path from 'node:path';
import { ApplicationFailure, WorkflowUpdateFailedError, WorkflowUpdateStage } from '@rewind/sdk/client';
import { Worker } from '@rewind/sdk/worker';
import * as activities from '../fixtures/activities';
import { add, finish, ready, refuse, slowAdd, total } from '../fixtures/updates';
import { eventually, startServer, startWorker, workerLog, type TestServer } from '../helpers/server';

const workflowsPath = path.join(__dirname, '../fixtures/workflows.ts');

describe('updates', function () {
  let srv: TestServer;
  let stop: () => Promise<void>;
  const taskQueue = 'updates';

  before(async function () {
    srv = await startServer();
    // No cache: every task replays the history from the start, so accepted updates are replayed too.
    ({ stop } = await startWorker(srv.address, { taskQueue, activities, maxCachedWorkflows: 0 }));
  });
  after(async function () {
    await stop();
    await srv.close();
  });

  const updateEvents = async (workflowId: string): Promise<string[]> =>
    (await srv.client.workflow.getHandle(workflowId).fetchHistory()).events
      .filter((e) => e.type.startsWith('WorkflowExecutionUpdate'))
      .map((e) => e.type);

  it('runs the handler (an activity inside) and returns its result; history records it and replays', async function () {
    const handle = await srv.client.workflow.start('counter', { taskQueue, workflowId: 'counter-1' });
    assert.equal(await handle.executeUpdate(add, { args: [2] }), 2);
    assert.equal(await handle.executeUpdate(add, { args: [3] }), 5);
    assert.equal(await handle.query(total), 5);
    await handle.signal(finish);
    assert.equal(await handle.result(), 5);
    const { events } = await handle.fetchHistory();
    const accepted = events.filter((e) => e.type === 'WorkflowExecutionUpdateAccepted');
    assert.deepEqual(
      accepted.map((e) => e.type === 'WorkflowExecutionUpdateAccepted' && e.input),
      [[2], [3]],
    );
    const completed = events.filter((e) => e.type === 'WorkflowExecutionUpdateCompleted');
    assert.deepEqual(
      completed.map((e) => e.type === 'WorkflowExecutionUpdateCompleted' && e.result),
      [2, 5],
    );
    await Worker.runReplayHistory({ workflowsPath }, { events });
  });

  it('rejects an update its validator refuses, leaving no trace in history; the workflow goes on', async function () {
    const handle = await srv.client.workflow.start('counter', { taskQueue, workflowId: 'counter-2' });
    const err = await handle.executeUpdate(add, { args: [-1] }).catch((e: unknown) => e);
    assert.ok(err instanceof WorkflowUpdateFailedError, String(err));
    assert.match(String(err.cause?.message), /add takes a positive number, got -1/);
    assert.deepEqual(await updateEvents('counter-2'), []);
    assert.equal(await handle.executeUpdate(add, { args: [4] }), 4);
    await handle.signal(finish);
    assert.equal(await handle.result(), 4);
  });

  it('a rejected update leaves no event at all (a speculative workflow task, dropped); a caching worker goes on', async function () {
    const cachedQueue = 'updates-cached';
    const worker = await startWorker(srv.address, { taskQueue: cachedQueue, activities });
    try {
      const handle = await srv.client.workflow.start('counter', { taskQueue: cachedQueue, workflowId: 'counter-speculative' });
      assert.equal(await handle.query(total), 0); // Answered once the first workflow task is done.
      const idle = (await handle.fetchHistory()).events.map((e) => `${e.eventId} ${e.type}`);
      for (const n of [-1, -2]) {
        const err = await handle.executeUpdate(add, { args: [n] }).catch((e: unknown) => e);
        assert.ok(err instanceof WorkflowUpdateFailedError, String(err));
      }
      assert.deepEqual(
        (await handle.fetchHistory()).events.map((e) => `${e.eventId} ${e.type}`),
        idle,
      );
      assert.equal(await handle.executeUpdate(add, { args: [4] }), 4);
      await handle.signal(finish);
      assert.equal(await handle.result(), 4);
      const { events } = await handle.fetchHistory();
      assert.deepEqual(
        events.filter((e) => e.type === 'WorkflowTaskFailed'),
        [],
      );
      await Worker.runReplayHistory({ workflowsPath }, { events });
    } finally {
      await worker.stop();
    }
  });

  it('fails the update (not the workflow) when its handler throws an ApplicationFailure', async function () {
    const handle = await srv.client.workflow.start('counter', { taskQueue, workflowId: 'counter-3' });
    const err = await handle.executeUpdate(refuse, { args: ['no'] }).catch((e: unknown) => e);
    assert.ok(err instanceof WorkflowUpdateFailedError, String(err));
    assert.ok(err.cause instanceof ApplicationFailure);
    assert.equal(err.cause.message, 'refused: no');
    assert.equal(err.cause.type, 'Refused');
    assert.deepEqual(await updateEvents('counter-3'), ['WorkflowExecutionUpdateAccepted', 'WorkflowExecutionUpdateCompleted']);
    await handle.signal(finish);
    assert.equal(await handle.result(), 0);
  });

  it('startUpdate returns once accepted; result() waits for the handler; the same id is one update', async function () {
    const handle = await srv.client.workflow.start('counter', { taskQueue, workflowId: 'counter-4' });
    const started = await handle.startUpdate(slowAdd, { args: [7], updateId: 'add-seven', waitForStage: WorkflowUpdateStage.ACCEPTED });
    assert.equal(started.updateId, 'add-seven');
    assert.deepEqual(await updateEvents('counter-4'), ['WorkflowExecutionUpdateAccepted'], 'accepted, its handler still sleeping');
    // Another client asks after it by id; a retry with the same id does not add it twice.
    const again = srv.client.workflow.getHandle('counter-4').getUpdateHandle<number>('add-seven');
    const retried = handle.executeUpdate(slowAdd, { args: [7], updateId: 'add-seven' });
    assert.equal(await started.result(), 7);
    assert.equal(await again.result(), 7);
    assert.equal(await retried, 7);
    assert.deepEqual(await updateEvents('counter-4'), ['WorkflowExecutionUpdateAccepted', 'WorkflowExecutionUpdateCompleted']);
    await handle.signal(finish);
    assert.equal(await handle.result(), 7);
  });

  it("startUpdate returns a handle for an update its validator rejects, whose result() throws (Temporal's)", async function () {
    const handle = await srv.client.workflow.start('counter', { taskQueue, workflowId: 'counter-rejected' });
    for (const waitForStage of [WorkflowUpdateStage.ACCEPTED, WorkflowUpdateStage.COMPLETED]) {
      const rejected = await handle.startUpdate(add, { args: [-2], updateId: `minus-two-${waitForStage}`, waitForStage });
      assert.equal(rejected.updateId, `minus-two-${waitForStage}`);
      const err = await rejected.result().catch((e: unknown) => e);
      assert.ok(err instanceof WorkflowUpdateFailedError, String(err));
      assert.match(String(err.cause?.message), /add takes a positive number, got -2/);
    }
    const accepted = await handle.startUpdate(add, { args: [3], waitForStage: WorkflowUpdateStage.ACCEPTED });
    assert.equal(await accepted.result(), 3);
    assert.deepEqual(await updateEvents('counter-rejected'), ['WorkflowExecutionUpdateAccepted', 'WorkflowExecutionUpdateCompleted']);
    await handle.signal(finish);
    assert.equal(await handle.result(), 3);
  });

  it('waits for running handlers before the workflow returns (allHandlersFinished)', async function () {
    const handle = await srv.client.workflow.start('counter', { taskQueue, workflowId: 'counter-5' });
    await handle.startUpdate(slowAdd, { args: [1], waitForStage: WorkflowUpdateStage.ACCEPTED });
    await handle.signal(finish);
    assert.equal(await handle.result(), 1, 'the update finished before the workflow did');
  });

  it('rejects an update that has no handler by the end of the task, naming the ones there are', async function () {
    const handle = await srv.client.workflow.start('lateHandler', { taskQueue, workflowId: 'late-1' });
    const err = await handle.executeUpdate(refuse, { args: ['early'] }).catch((e: unknown) => e);
    assert.ok(err instanceof WorkflowUpdateFailedError, String(err));
    assert.match(String(err.cause?.message), /No registered handler for update: refuse/);
    await handle.signal(ready);
    await handle.executeUpdate(refuse, { args: ['late'] });
    assert.equal(await handle.result(), 'late');
  });

  it('fails updates still running when the workflow finishes, and warns about their handlers', async function () {
    const handle = await srv.client.workflow.start('finishesEarly', { taskQueue, workflowId: 'early-1', args: [false] });
    const err = await handle.executeUpdate(slowAdd, { args: [1] }).catch((e: unknown) => e);
    assert.ok(err instanceof WorkflowUpdateFailedError, String(err));
    assert.match(String(err.cause?.message), /workflow closed \(COMPLETED\) before update slowAdd completed/);
    assert.equal(await handle.result(), 'finished early');
    await eventually(() => workerLog.some((l) => l.includes('Workflow finished while handlers were still running: update slowAdd')));
  });

  it('refuses an update to a closed workflow, and one for an id it never had', async function () {
    const handle = await srv.client.workflow.start('counter', { taskQueue, workflowId: 'counter-6' });
    await assert.rejects(handle.getUpdateHandle('never-sent').result(), /has no update with id never-sent/);
    await handle.signal(finish);
    await handle.result();
    await assert.rejects(handle.executeUpdate(add, { args: [1] }), /already completed.*takes no more updates/);
  });
});
