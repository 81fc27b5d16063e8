// Update-with-start end to end (Temporal's executeUpdateWithStart / startUpdateWithStart with a
// WithStartWorkflowOperation): a real server and a real Rewind worker running the counter workflow.
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  ServiceError,
  ValueError,
  WithStartWorkflowOperation,
  WorkflowExecutionAlreadyStartedError,
  WorkflowUpdateFailedError,
  WorkflowUpdateStage,
  type WorkflowHandle,
} from '@rewind/sdk/client';
import { Worker } from '@rewind/sdk/worker';
import type { HistoryEvent } from '@rewind/sdk/protocol';
import * as activities from '../fixtures/activities';
import { add, finish, slowAdd, total } from '../fixtures/updates';
import { startServer, startWorker, type TestServer } from '../helpers/server';

const workflowsPath = path.join(__dirname, '../fixtures/workflows.ts');

describe('update-with-start', function () {
  let srv: TestServer;
  let stop: () => Promise<void>;
  const taskQueue = 'update-with-start';

  before(async function () {
    srv = await startServer();
    ({ stop } = await startWorker(srv.address, { taskQueue, activities }));
  });
  after(async function () {
    await stop();
    await srv.close();
  });

  const startOp = (workflowId: string, workflowIdConflictPolicy: 'USE_EXISTING' | 'FAIL') =>
    new WithStartWorkflowOperation('counter', { taskQueue, workflowId, workflowIdConflictPolicy });
  const runsOf = async (workflowId: string): Promise<number> => (await srv.client.workflow.count(`WorkflowId = '${workflowId}'`)).count;
  const updateEvents = (events: HistoryEvent[]): string[] =>
    events.filter((e) => e.type.startsWith('WorkflowExecutionUpdate')).map((e) => e.type);
  const finishRun = async (handle: WorkflowHandle, expected: number): Promise<void> => {
    await handle.signal(finish);
    assert.equal(await handle.result(), expected);
  };

  it('starts the workflow and returns the update result; the update is in its first workflow task, and replays', async function () {
    const op = startOp('uws-new', 'FAIL');
    const early = op.workflowHandle(); // Asked for before the call, as Temporal's allows.
    assert.equal(await srv.client.workflow.executeUpdateWithStart(add, { args: [2], startWorkflowOperation: op }), 2);
    const handle = await early;
    assert.equal(handle.workflowId, 'uws-new');
    assert.ok(handle.firstExecutionRunId, 'the handle follows the run the call started');
    assert.equal(await handle.query(total), 2);
    await finishRun(handle, 2);
    const { events } = await handle.fetchHistory();
    const firstCompleted = events.find((e) => e.type === 'WorkflowTaskCompleted');
    const accepted = events.find((e) => e.type === 'WorkflowExecutionUpdateAccepted');
    assert.ok(firstCompleted && accepted?.type === 'WorkflowExecutionUpdateAccepted');
    assert.equal(accepted.workflowTaskCompletedEventId, firstCompleted.eventId, 'accepted by the first workflow task');
    assert.deepEqual(accepted.input, [2]);
    await Worker.runReplayHistory({ workflowsPath }, { events });
  });

  it('with USE_EXISTING, updates the running workflow: no new run', async function () {
    const started = await srv.client.workflow.start('counter', { taskQueue, workflowId: 'uws-existing' });
    await started.executeUpdate(add, { args: [1] });
    const op = startOp('uws-existing', 'USE_EXISTING');
    assert.equal(await srv.client.workflow.executeUpdateWithStart(add, { args: [5], startWorkflowOperation: op }), 6);
    const handle = await op.workflowHandle();
    assert.equal(handle.firstExecutionRunId, started.firstExecutionRunId, 'the running run, not a new one');
    assert.equal(await runsOf('uws-existing'), 1);
    await finishRun(started, 6);
  });

  it('with FAIL on a running workflow, throws WorkflowExecutionAlreadyStartedError and sends no update', async function () {
    const started = await srv.client.workflow.start('counter', { taskQueue, workflowId: 'uws-fail' });
    const op = startOp('uws-fail', 'FAIL');
    const err = await srv.client.workflow.executeUpdateWithStart(add, { args: [3], startWorkflowOperation: op }).catch((e: unknown) => e);
    assert.ok(err instanceof WorkflowExecutionAlreadyStartedError, String(err));
    assert.match(err.message, /Workflow execution already started/);
    assert.equal(err.workflowId, 'uws-fail');
    assert.equal(await op.workflowHandle().catch((e: unknown) => e), err, 'workflowHandle() rejects with the same error');
    assert.equal(await started.query(total), 0);
    assert.deepEqual(updateEvents((await started.fetchHistory()).events), []);
    assert.equal(await runsOf('uws-fail'), 1);
    await finishRun(started, 0);
  });

  it('startUpdateWithStart returns a handle once the update is accepted; result() waits for the handler', async function () {
    const op = startOp('uws-accepted', 'USE_EXISTING');
    const update = await srv.client.workflow.startUpdateWithStart(slowAdd, {
      args: [7],
      updateId: 'seven',
      waitForStage: WorkflowUpdateStage.ACCEPTED,
      startWorkflowOperation: op,
    });
    assert.equal(update.updateId, 'seven');
    assert.equal(update.workflowId, 'uws-accepted');
    const handle = await op.workflowHandle();
    assert.equal(update.workflowRunId, handle.firstExecutionRunId);
    assert.deepEqual(updateEvents((await handle.fetchHistory()).events), ['WorkflowExecutionUpdateAccepted'], 'its handler still sleeps');
    assert.equal(await update.result(), 7);
    await finishRun(handle, 7);
  });

  it("a validator's rejection throws WorkflowUpdateFailedError; the workflow is started all the same", async function () {
    const op = startOp('uws-rejected', 'FAIL');
    const err = await srv.client.workflow.executeUpdateWithStart(add, { args: [-1], startWorkflowOperation: op }).catch((e: unknown) => e);
    assert.ok(err instanceof WorkflowUpdateFailedError, String(err));
    assert.match(String(err.cause?.message), /add takes a positive number, got -1/);
    const handle = await op.workflowHandle();
    assert.deepEqual(updateEvents((await handle.fetchHistory()).events), []);
    assert.equal(await handle.executeUpdate(add, { args: [4] }), 4);
    // startUpdateWithStart returns the rejected update's handle (as Temporal's); its result() throws.
    const rejected = await srv.client.workflow.startUpdateWithStart(add, {
      args: [0],
      waitForStage: WorkflowUpdateStage.ACCEPTED,
      startWorkflowOperation: startOp('uws-rejected', 'USE_EXISTING'),
    });
    await assert.rejects(
      rejected.result(),
      (e: unknown) => e instanceof WorkflowUpdateFailedError && /got 0/.test(String(e.cause?.message)),
    );
    await finishRun(handle, 4);
  });

  it('refuses an operation used twice, saying to make a new one; its handle stays the first call’s', async function () {
    const op = startOp('uws-twice', 'USE_EXISTING');
    await srv.client.workflow.executeUpdateWithStart(add, { args: [1], startWorkflowOperation: op });
    await assert.rejects(
      srv.client.workflow.executeUpdateWithStart(add, { args: [1], startWorkflowOperation: op }),
      /WithStartWorkflowOperation instance has already been executed.*Make a new WithStartWorkflowOperation for each/,
    );
    const handle = await op.workflowHandle();
    assert.equal(await handle.query(total), 1, 'the second call sent nothing');
    await finishRun(handle, 1);
  });

  it('refuses an operation without a conflict policy, and a cron schedule, without starting; workflowHandle() rejects', async function () {
    const untyped = new WithStartWorkflowOperation('counter', { taskQueue, workflowId: 'uws-bad' } as never);
    const noPolicy = srv.client.workflow.executeUpdateWithStart(add, { args: [1], startWorkflowOperation: untyped });
    await assert.rejects(
      noPolicy,
      (e: unknown) => e instanceof ValueError && /needs workflowIdConflictPolicy: 'USE_EXISTING'/.test(e.message),
    );
    await assert.rejects(untyped.workflowHandle(), ValueError);
    const cron = new WithStartWorkflowOperation('counter', {
      taskQueue,
      workflowId: 'uws-bad',
      workflowIdConflictPolicy: 'FAIL',
      cronSchedule: '* * * * *',
    });
    const err = await srv.client.workflow.executeUpdateWithStart(add, { args: [1], startWorkflowOperation: cron }).catch((e: unknown) => e);
    assert.ok(err instanceof ServiceError && err.status === 'INVALID_ARGUMENT', String(err));
    assert.match(err.message, /CronSchedule is not allowed/);
    await assert.rejects(cron.workflowHandle(), /CronSchedule is not allowed/);
    assert.equal(await runsOf('uws-bad'), 0);
  });
});
