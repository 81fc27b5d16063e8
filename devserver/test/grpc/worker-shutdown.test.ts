// ShutdownWorker completes the worker's polls (Temporal's workerPollCompleteOnShutdown): namespaces say so,
// Temporal's worker then lets its polls finish instead of dropping them, and the server answers them. A
// worker that names its instance (worker_instance_key) is told apart from the other workers of its process,
// which share its identity; a poll of a shut-down instance that arrives late is answered at once.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { temporal } from '@temporalio/proto';
import { RewindServer } from '../../src/server';
import { silentLogger } from '../../src/service/logger';
import { RawGrpc, ok, req, startRaw, ws } from '../helpers/grpc-raw';
import { tempDir } from '../helpers/temp';
import { fixtureBundle, installRuntime } from '../helpers/temporal-sdk';
import * as activities from '../fixtures/temporal-sdk/activities';

type PollResponse = temporal.api.workflowservice.v1.PollWorkflowTaskQueueResponse.$Properties;
const IDENTITY = '4242@one-process';

describe('ShutdownWorker completes the worker polls', function () {
  this.timeout(60_000);
  let server: RewindServer;
  let raw: RawGrpc;

  before(async function () {
    server = await RewindServer.start({ db: path.join(tempDir('rewind-worker-shutdown-'), 'rewind.db'), port: 0, log: silentLogger });
    raw = new RawGrpc(server.address);
  });
  after(async function () {
    raw.close();
    await server.close();
  });

  const poll = (taskQueue: string, workerInstanceKey: string): Promise<PollResponse> =>
    ok(
      raw.send(
        'PollWorkflowTaskQueue',
        req(ws.PollWorkflowTaskQueueRequest, {
          namespace: 'default',
          identity: IDENTITY,
          taskQueue: { name: taskQueue },
          workerInstanceKey,
        }),
        ws.PollWorkflowTaskQueueResponse,
        30_000,
      ),
    );

  const shutdown = (taskQueue: string, workerInstanceKey: string): Promise<unknown> =>
    ok(
      raw.send(
        'ShutdownWorker',
        req(ws.ShutdownWorkerRequest, { namespace: 'default', identity: IDENTITY, taskQueue, workerInstanceKey }),
        ws.ShutdownWorkerResponse,
      ),
    );

  /** Whether `p` has settled within `ms` (a poll the server keeps waits far longer). */
  const settles = (p: Promise<unknown>, ms: number): Promise<boolean> =>
    Promise.race([p.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms))]);

  it('namespaces say workerPollCompleteOnShutdown', async function () {
    const described = await ok(
      raw.send('DescribeNamespace', req(ws.DescribeNamespaceRequest, { namespace: 'default' }), ws.DescribeNamespaceResponse),
    );
    assert.equal(described.namespaceInfo?.capabilities?.workerPollCompleteOnShutdown, true);
  });

  it("answers the instance's polls empty, keeps another instance's (same identity), and answers a late poll at once", async function () {
    const [queueA, queueB] = [`shutdown-a-${randomUUID()}`, `shutdown-b-${randomUUID()}`];
    const pollA = poll(queueA, 'instance-a');
    const pollB = poll(queueB, 'instance-b');
    await new Promise((resolve) => setTimeout(resolve, 200));
    await shutdown(queueA, 'instance-a');
    assert.equal((await pollA).taskToken?.length ?? 0, 0, "the shut-down instance's poll answers with nothing");
    assert.equal(await settles(pollB, 500), false, "the other instance's poll still waits");
    // A poll the shut-down instance sent before its ShutdownWorker, arriving after it.
    const late = poll(queueA, 'instance-a');
    assert.equal(await settles(late, 2_000), true, 'a late poll of the shut-down instance is answered at once');
    assert.equal((await late).taskToken?.length ?? 0, 0);
    // The other instance still gets its tasks.
    await ok(startRaw(raw, `shutdown-b-${randomUUID()}`, queueB));
    const task = await pollB;
    assert.equal(task.workflowType?.name, 'raw');
  });

  it("Temporal's worker shuts down at once, leaving its polls to the server (one of two workers of a process)", async function () {
    installRuntime();
    const connection = await NativeConnection.connect({ address: server.address });
    const client = new Client({ connection: await Connection.connect({ address: server.address }) });
    const bundle = await fixtureBundle();
    const [queueA, queueB] = [`sdk-shutdown-a-${randomUUID()}`, `sdk-shutdown-b-${randomUUID()}`];
    const workerA = await Worker.create({ connection, workflowBundle: bundle, activities, taskQueue: queueA });
    const workerB = await Worker.create({ connection, workflowBundle: bundle, activities, taskQueue: queueB });
    const [runningA, runningB] = [workerA.run(), workerB.run()];
    try {
      await client.workflow.execute('hello', { taskQueue: queueA, workflowId: randomUUID(), args: ['A'] });
      workerA.shutdown();
      // Its polls wait for the server's answer now (a poll left waiting would hold it for over a minute).
      assert.equal(await settles(runningA, 20_000), true, 'worker A stopped');
      assert.equal(workerA.getState(), 'STOPPED');
      assert.equal(workerB.getState(), 'RUNNING');
      assert.equal(await client.workflow.execute('hello', { taskQueue: queueB, workflowId: randomUUID(), args: ['B'] }), 'hello B');
    } finally {
      if (workerA.getState() === 'RUNNING') workerA.shutdown();
      workerB.shutdown();
      await Promise.allSettled([runningA, runningB]);
      await client.connection.close();
      await connection.close();
    }
  });
});
