// Show Task Queue Workers' rows from a real server's `taskQueue.describe` and `taskQueue.list`: a Rewind
// worker (what it takes, running/capacity, its types and code) and Temporal's own worker (its last poll of
// each kind, any type; still listed after it shut down), the queues to pick from (polled first, then
// those of running runs nobody polls), the title with the queue's backlog, and a running run's hover line.
import assert from 'node:assert/strict';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import * as activities from '../../devserver/test/fixtures/activities';
import * as temporalActivities from '../../devserver/test/fixtures/temporal-sdk/activities';
import * as temporalWorkflows from '../../devserver/test/fixtures/temporal-sdk/workflows';
import { eventually, startServer, startWorker, type TestServer } from '../../devserver/test/helpers/server';
import { fixtureBundle, installRuntime } from '../../devserver/test/helpers/temporal-sdk';
import type { ServerConnection } from '../src/connection/server-connection';
import { connectedServerConnection } from './helpers/connected';
import {
  noWorkersText,
  queueChoices,
  queueWorkersLine,
  workerRows,
  workersTitle,
  type TaskQueueDescription,
} from '../src/model/task-queue-workers';
import { WorkflowTreeModel } from '../src/model/workflow-tree-model';

const REWIND_QUEUE = 'tqw-rewind';
const TEMPORAL_QUEUE = 'tqw-temporal';
const NOBODY_QUEUE = 'tqw-nobody';
const TEMPORAL_IDENTITY = 'temporal-worker@tqw';

describe("a task queue's workers (Show Task Queue Workers)", function () {
  this.timeout(120_000);
  let srv: TestServer;
  let stopRewind: () => Promise<void>;
  let native: NativeConnection;
  let temporalWorker: Worker;
  let temporalRunning: Promise<void> | undefined;
  let temporalConnection: Connection;
  let connection: ServerConnection;

  before(async function () {
    srv = await startServer();
    ({ stop: stopRewind } = await startWorker(srv.address, {
      taskQueue: REWIND_QUEUE,
      identity: 'rewind-worker@tqw',
      activities,
      maxConcurrentWorkflowTaskExecutions: 7,
      maxConcurrentActivityTaskExecutions: 3,
    }));
    installRuntime();
    native = await NativeConnection.connect({ address: srv.address });
    temporalWorker = await Worker.create({
      connection: native,
      taskQueue: TEMPORAL_QUEUE,
      identity: TEMPORAL_IDENTITY,
      workflowBundle: await fixtureBundle(),
      activities: temporalActivities,
    });
    temporalRunning = temporalWorker.run();
    temporalConnection = await Connection.connect({ address: srv.address });
    connection = await connectedServerConnection(srv.address);
  });
  after(async function () {
    connection?.dispose();
    if (temporalWorker?.getState() === 'RUNNING') temporalWorker.shutdown();
    await temporalRunning;
    await native?.close();
    await temporalConnection?.close();
    await stopRewind?.();
    await srv?.close();
  });

  const describeQueue = (taskQueue: string): Promise<TaskQueueDescription> =>
    connection.call('taskQueue.describe', { namespace: 'default', taskQueue });

  it('shows a Rewind worker: what it takes, running and capacity of each, its types and code', async function () {
    // An activity that runs until cancelled: one of the 3 activity slots is taken.
    const handle = await srv.client.workflow.start('cancellableWait', { taskQueue: REWIND_QUEUE, workflowId: 'tqw-busy' });
    const d = await eventually(
      async () => {
        const described = await describeQueue(REWIND_QUEUE);
        return described.pollers[0]?.running.activity === 1 ? described : undefined;
      },
      10_000,
      'the activity running',
    );
    const rows = workerRows(d, Date.now());
    assert.equal(rows.length, 1);
    const [row] = rows;
    assert.equal(row!.label, 'rewind-worker@tqw');
    assert.equal(row!.sdk, 'Rewind');
    assert.equal(row!.description, 'Rewind worker · workflows 0/7 running · activities 1/3 running');
    const workflowsPath = path.resolve(__dirname, '../../devserver/test/fixtures/workflows.ts');
    assert.equal(row!.workflowsPath, workflowsPath);
    assert.match(
      row!.detail,
      /^Workflows: (\w+, )*cancellableWait, (\w+, )*sleeper(, \w+)* · Activities: (\w+, )*waitForCancel(, \w+)* · Build \w+ · Code: /,
    );
    assert.ok(row!.detail.includes(`Build ${d.pollers[0]!.buildId!} ·`), row!.detail);
    // A running run's hover on this queue.
    assert.equal(queueWorkersLine(REWIND_QUEUE, d, Date.now()), "Workers on 'tqw-rewind': rewind-worker@tqw (Rewind)");
    assert.ok(row!.detail.endsWith(`Code: ${workflowsPath}`), row!.detail);
    await handle.cancel();
    await assert.rejects(handle.result());
  });

  it("shows Temporal's worker with its last poll of each kind, taking any type", async function () {
    const client = new Client({ connection: temporalConnection });
    // A run through a workflow task and an activity: it polled both kinds.
    assert.equal(
      await client.workflow.execute(temporalWorkflows.hello, { taskQueue: TEMPORAL_QUEUE, workflowId: 'tqw-hello', args: ['ann'] }),
      'hello ann',
    );
    const d = await describeQueue(TEMPORAL_QUEUE);
    assert.deepEqual(
      d.pollers.map((p) => p.identity),
      [TEMPORAL_IDENTITY],
    );
    const last = d.pollers[0]!.lastPollAt!;
    assert.ok(last.workflow && last.activity, 'it polled both kinds');
    // As of 12 s after its later poll: the earlier one is as old or older.
    const now = Math.max(last.workflow, last.activity) + 12_000;
    const [row] = workerRows(d, now);
    assert.equal(row!.label, TEMPORAL_IDENTITY);
    assert.equal(row!.sdk, 'Temporal');
    assert.equal(
      row!.description,
      `Temporal worker · workflows: last poll ${Math.round((now - last.workflow) / 1000)} s ago · activities: last poll ${Math.round((now - last.activity) / 1000)} s ago`,
    );
    assert.match(row!.description, /12 s ago/);
    assert.equal(row!.detail, 'Takes any workflow and activity type (a Temporal worker does not list its types)');
    assert.equal(row!.workflowsPath, undefined);
    assert.equal(row!.lastPollAt, Math.max(last.workflow, last.activity));
    assert.equal(queueWorkersLine(TEMPORAL_QUEUE, d, now), "Workers on 'tqw-temporal': temporal-worker@tqw (Temporal, last poll 12 s ago)");
  });

  it('offers the queues workers poll first (with how many), then those of running runs that nobody polls', async function () {
    const waiting = await srv.client.workflow.start('order', { taskQueue: NOBODY_QUEUE, workflowId: 'tqw-waits', args: ['o1'] });
    const model = new WorkflowTreeModel('status', 100);
    const run = await connection.call('workflow.describe', {
      namespace: 'default',
      workflowId: 'tqw-waits',
      runId: waiting.firstExecutionRunId,
    });
    const busyRun = await connection.call('workflow.describe', { namespace: 'default', workflowId: 'tqw-busy' });
    model.replaceAll([run, busyRun]);
    assert.deepEqual([...model.runningByTaskQueue()], [[NOBODY_QUEUE, 1]], 'the cancelled run is not running');
    const { taskQueues } = await connection.call('taskQueue.list', { namespace: 'default' });
    assert.deepEqual(queueChoices(taskQueues, model.runningByTaskQueue()), [
      { name: REWIND_QUEUE, workers: 1, description: '1 worker' },
      { name: TEMPORAL_QUEUE, workers: 1, description: '1 worker (Temporal)' },
      { name: NOBODY_QUEUE, workers: 0, description: 'no worker polls it now · 1 running run waits' },
    ]);
    // Nobody polls it: no rows, its workflow task waits.
    const d = await describeQueue(NOBODY_QUEUE);
    assert.deepEqual(workerRows(d, Date.now()), []);
    assert.equal(workersTitle(NOBODY_QUEUE, d), "Workers on task queue 'tqw-nobody' · waiting: 1 workflow task, 0 activity tasks");
    assert.match(noWorkersText(NOBODY_QUEUE), /^No worker polls 'tqw-nobody' now/);
    assert.equal(queueWorkersLine(NOBODY_QUEUE, d, Date.now()), "No worker polls 'tqw-nobody' now: the run waits until one does");
    await srv.client.workflow.getHandle('tqw-waits').terminate('test done');
  });

  it("still shows Temporal's worker after it shut down, at its last poll, with no poll waiting", async function () {
    temporalWorker.shutdown();
    await temporalRunning;
    temporalRunning = undefined;
    const d = await describeQueue(TEMPORAL_QUEUE);
    const last = d.pollers[0]!.lastPollAt!;
    const [row] = workerRows(d, Math.max(last.workflow!, last.activity!) + 3_000);
    assert.equal(row!.label, TEMPORAL_IDENTITY);
    assert.match(
      row!.description,
      /^Temporal worker · workflows: last poll \d+ s ago · activities: last poll 3 s ago · no poll waiting now$/,
    );
  });
});
