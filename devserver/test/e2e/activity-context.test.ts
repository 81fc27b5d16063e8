// The activity Context with a Rewind server and worker, as Temporal's: the info (task token as bytes,
// namespaces, inWorkflow), the worker's client (an activity that starts and signals a workflow), and
// cancellationDetails for each way an activity is cancelled (by its workflow, by a timeout, by its
// workflow's end, by the worker's shutdown).
import assert from 'node:assert/strict';
import path from 'node:path';
import { ActivityCancellationDetails } from '@rewind/sdk/common';
import * as activities from '../fixtures/activity-context-activities';
import {
  cancelsItsActivity,
  reportsActivityInfo,
  runsItsActivity,
  startsWorkflowFromActivity,
  timesOutItsActivity,
} from '../fixtures/activity-context';
import { eventually, startServer, startWorker, type TestServer } from '../helpers/server';

const taskQueue = 'activity-context';
const workflowsPath = path.join(__dirname, '../fixtures/activity-context.ts');

describe('the activity Context, with a Rewind server', function () {
  this.timeout(60_000);
  let srv: TestServer | undefined;
  let stopWorker: (() => Promise<void>) | undefined;
  beforeEach(async function () {
    srv = await startServer();
    stopWorker = (await startWorker(srv.address, { taskQueue, workflowsPath, activities })).stop;
  });
  afterEach(async function () {
    await stopWorker?.();
    await srv?.close();
  });
  const server = (): TestServer => srv!;
  const cancellation = (key: string) => eventually(() => activities.cancellations.get(key), 20_000, `the cancellation of ${key}`);

  it("gives the task token as bytes (the server's token, UTF-8), its base64, the namespaces, and inWorkflow", async function () {
    const handle = await server().client.workflow.start(reportsActivityInfo, { taskQueue, workflowId: 'info-1' });
    const info = await handle.result();
    const { events } = await handle.fetchHistory();
    const scheduled = events.find((e) => e.type === 'ActivityTaskScheduled')!;
    // Rewind's token names the attempt: `a:<scheduled event>:<attempt>:<run>`.
    assert.equal(info.taskToken, `a:${scheduled.eventId}:1:${handle.firstExecutionRunId}`);
    assert.equal(info.taskTokenIsBytes, true);
    assert.equal(info.base64TaskToken, Buffer.from(info.taskToken, 'utf8').toString('base64'));
    assert.deepEqual(
      [info.namespace, info.activityNamespace, info.workflowNamespace, info.inWorkflow, info.isLocal],
      ['default', 'default', 'default', true, false],
    );
    assert.deepEqual(info.workflowExecution, { workflowId: 'info-1', runId: handle.firstExecutionRunId });
    assert.equal(info.scheduleToCloseTimeoutMs, 0, 'no schedule-to-close timeout: 0, as Temporal gives it');
    assert.equal(info.startToCloseTimeoutMs, 30_000);
  });

  it("gives the activity a client on the worker's server, with which it starts and signals a workflow", async function () {
    const result = await server().client.workflow.execute(startsWorkflowFromActivity, {
      taskQueue,
      workflowId: 'starter-1',
      args: ['started-by-activity'],
    });
    assert.equal(result, 'signalled by activity 1');
    const started = await server().client.workflow.getHandle('started-by-activity').describe();
    assert.equal(started.status.name, 'COMPLETED');
  });

  it('says the workflow asked to cancel the activity (cancelRequested, reason CANCELLED)', async function () {
    const outcome = await server().client.workflow.execute(cancelsItsActivity, { taskQueue, workflowId: 'cancel-1', args: ['asked'] });
    assert.equal(outcome, 'cancelled');
    assert.deepEqual(await cancellation('asked'), {
      reason: 'CANCELLED',
      details: new ActivityCancellationDetails({ cancelRequested: true }),
    });
  });

  it('says the attempt timed out (timedOut, reason TIMED_OUT)', async function () {
    const outcome = await server().client.workflow.execute(timesOutItsActivity, { taskQueue, workflowId: 'timeout-1', args: ['late'] });
    assert.match(outcome, /^failed: /);
    assert.deepEqual(await cancellation('late'), { reason: 'TIMED_OUT', details: new ActivityCancellationDetails({ timedOut: true }) });
  });

  it('says the activity is gone when its workflow is terminated (notFound, reason NOT_FOUND)', async function () {
    const handle = await server().client.workflow.start(runsItsActivity, { taskQueue, workflowId: 'gone-1', args: ['gone'] });
    await eventually(
      async () => ((await handle.fetchHistory()).events.some((e) => e.type === 'WorkflowExecutionSignaled') ? true : undefined),
      20_000,
      'the activity to run',
    );
    await handle.terminate('enough');
    assert.deepEqual(await cancellation('gone'), { reason: 'NOT_FOUND', details: new ActivityCancellationDetails({ notFound: true }) });
  });

  it('says the worker shuts down (workerShutdown, reason WORKER_SHUTDOWN)', async function () {
    const handle = await server().client.workflow.start(runsItsActivity, { taskQueue, workflowId: 'shutdown-1', args: ['shutdown'] });
    await eventually(
      async () => ((await handle.fetchHistory()).events.some((e) => e.type === 'WorkflowExecutionSignaled') ? true : undefined),
      20_000,
      'the activity to run',
    );
    await stopWorker!();
    stopWorker = undefined;
    assert.deepEqual(await cancellation('shutdown'), {
      reason: 'WORKER_SHUTDOWN',
      details: new ActivityCancellationDetails({ workerShutdown: true }),
    });
  });
});
