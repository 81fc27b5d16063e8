// A task queue's pollers when the worker is Temporal's own (@temporalio/worker on a real Rewind server):
// DescribeTaskQueue lists it by identity for workflow and activity tasks with its last poll's time, and
// `rewind task-queue describe` shows the same identity (`task-queue list`: one worker, of any type); after
// it shut down (no poll waits), both still list it with that last poll, as Temporal's server lists a
// poller seen in the last 5 minutes.
import assert from 'node:assert/strict';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { temporal } from '@temporalio/proto';
import { timestampMs } from '../../src/grpc/proto';
import { RewindServer } from '../../src/server';
import { silentLogger } from '../../src/service/logger';
import * as activities from '../fixtures/temporal-sdk/activities';
import * as fixtures from '../fixtures/temporal-sdk/workflows';
import { runCli } from '../cli/run-cli';
import { tempDir } from '../helpers/temp';
import { fixtureBundle, installRuntime } from '../helpers/temporal-sdk';

const TASK_QUEUE = 'pollers-sdk';
const IDENTITY = 'pollers-worker@test-host';
const WORKFLOW = 1; // TASK_QUEUE_TYPE_WORKFLOW
const ACTIVITY = 2; // TASK_QUEUE_TYPE_ACTIVITY

describe("a task queue's pollers, with Temporal's worker", function () {
  this.timeout(120_000);
  let server: RewindServer;
  let nativeConnection: NativeConnection;
  let connection: Connection;
  let worker: Worker;
  let running: Promise<void> | undefined;

  before(async function () {
    installRuntime();
    server = await RewindServer.start({ db: path.join(tempDir('rewind-pollers-'), 'rewind.db'), port: 0, log: silentLogger });
    nativeConnection = await NativeConnection.connect({ address: server.address });
    worker = await Worker.create({
      connection: nativeConnection,
      taskQueue: TASK_QUEUE,
      identity: IDENTITY,
      workflowBundle: await fixtureBundle(),
      activities,
    });
    running = worker.run();
    connection = await Connection.connect({ address: server.address });
  });
  after(async function () {
    if (worker.getState() === 'RUNNING') worker.shutdown();
    await running;
    await nativeConnection?.close();
    await connection?.close();
    await server?.close();
  });

  const describe = async (taskQueueType: number): Promise<{ identity: string; lastPollAt: number }[]> => {
    const d = await connection.workflowService.describeTaskQueue({ namespace: 'default', taskQueue: { name: TASK_QUEUE }, taskQueueType });
    return d.pollers.map((p) => ({ identity: p.identity ?? '', lastPollAt: timestampMs(p.lastAccessTime) ?? 0 }));
  };
  const cliDescribe = async (): Promise<{
    table: string;
    json: { identity?: string; lastPollAt?: { workflow?: number; activity?: number } }[];
  }> => {
    const table = await runCli(['task-queue', 'describe', '-t', TASK_QUEUE, '--address', server.address]);
    assert.equal(table.code, 0, table.stderr);
    const json = await runCli(['task-queue', 'describe', '-t', TASK_QUEUE, '--address', server.address, '-o', 'json']);
    assert.equal(json.code, 0, json.stderr);
    return { table: table.stdout, json: (JSON.parse(json.stdout) as { pollers: never[] }).pollers };
  };

  it('lists the running worker by identity for workflow and activity tasks, and the CLI shows it', async function () {
    const startedAt = Date.now();
    const client = new Client({ connection });
    // A run through a workflow task and an activity: the worker polled both kinds.
    assert.equal(
      await client.workflow.execute(fixtures.hello, { taskQueue: TASK_QUEUE, workflowId: 'pollers-hello', args: ['ann'] }),
      'hello ann',
    );
    const asked = Date.now();
    for (const type of [WORKFLOW, ACTIVITY]) {
      const pollers = await describe(type);
      assert.deepEqual(
        pollers.map((p) => p.identity),
        [IDENTITY],
        `task queue type ${type}`,
      );
      assert.ok(pollers[0]!.lastPollAt >= startedAt - 1_000 && pollers[0]!.lastPollAt <= asked + 1_000, 'its last poll, in this test');
    }
    // Its sticky queue (named by the run's later WorkflowTaskScheduled) lists it too, as Temporal's server does.
    const events = (await client.workflow.getHandle('pollers-hello').fetchHistory()).events ?? [];
    const stickyQueue = events
      .map((e) => e.workflowTaskScheduledEventAttributes?.taskQueue)
      .find((q) => q?.kind === temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_STICKY);
    assert.ok(stickyQueue?.name, 'a later workflow task went to the sticky queue');
    const onSticky = await connection.workflowService.describeTaskQueue({
      namespace: 'default',
      taskQueue: stickyQueue,
      taskQueueType: WORKFLOW,
    });
    assert.deepEqual(
      onSticky.pollers.map((p) => p.identity),
      [IDENTITY],
      'DescribeTaskQueue of the sticky queue',
    );
    const { table, json } = await cliDescribe();
    assert.match(table, /^IDENTITY +BUILD +WORKFLOWS +ACTIVITIES +LAST POLL$/m);
    assert.match(table, new RegExp(`^${IDENTITY} .* \\d+s ago$`, 'm'));
    assert.deepEqual(
      json.map((p) => p.identity),
      [IDENTITY],
    );
    // `rewind task-queue list` (and VS Code's Start Workflow, from taskQueue.list): one worker, of any type.
    const listed = await runCli(['task-queue', 'list', '--address', server.address, '-o', 'json']);
    assert.equal(listed.code, 0, listed.stderr);
    assert.deepEqual(JSON.parse(listed.stdout), [{ name: TASK_QUEUE, workflowTypes: [], activityTypes: [], pollers: 1, anyType: true }]);
    const listTable = await runCli(['task-queue', 'list', '--address', server.address]);
    assert.match(listTable.stdout, new RegExp(`^${TASK_QUEUE} +1 +any \\(Temporal worker\\) +any \\(Temporal worker\\)$`, 'm'));
  });

  it('still lists it after it shut down (no poll waits), at its last poll, not now', async function () {
    worker.shutdown();
    await running;
    running = undefined;
    const stopped = Date.now();
    // The worker is gone: nothing of it polls now, and "now" moves past its last poll.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    for (const type of [WORKFLOW, ACTIVITY]) {
      const pollers = await describe(type);
      assert.deepEqual(
        pollers.map((p) => p.identity),
        [IDENTITY],
        `task queue type ${type}: a poller seen in the last 5 minutes`,
      );
      assert.ok(pollers[0]!.lastPollAt <= stopped, `its last poll (${pollers[0]!.lastPollAt}) is before it stopped (${stopped})`);
    }
    const { table, json } = await cliDescribe();
    assert.match(table, new RegExp(`^${IDENTITY} .* \\d+s ago$`, 'm'));
    assert.equal(json.length, 1);
    assert.equal(json[0]!.identity, IDENTITY);
    assert.ok((json[0]!.lastPollAt?.workflow ?? Infinity) <= stopped && (json[0]!.lastPollAt?.activity ?? Infinity) <= stopped);
  });
});
