// Temporal's worker heartbeats on Rewind: a namespace says it takes them, so Temporal's SDK sends them
// (a worker process of its own, every second here); ListWorkers, CountWorkers and DescribeWorker give
// that worker (its identity, task queue, SDK, host), and what is not built is refused saying so.
import assert from 'node:assert/strict';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { freePort, startServerProcess, startWorkerProcess, type Child } from '../helpers/processes';
import { eventually } from '../helpers/server';
import { tempDir } from '../helpers/temp';
import { bundleSteps } from './temporal-steps-setup';
import { statusOf } from '../helpers/grpc-status';

describe("Temporal's worker heartbeats on Rewind", function () {
  this.timeout(120_000);
  let server: Child | undefined;
  let worker: Child | undefined;
  let connection: Connection | undefined;

  after(async function () {
    await connection?.close().catch(() => undefined);
    await worker?.kill();
    await server?.kill();
  });

  it('lists, counts and describes the Temporal worker that sends them', async function () {
    const dir = tempDir('rewind-heartbeats-');
    const port = await freePort();
    const address = `127.0.0.1:${port}`;
    server = await startServerProcess(path.join(dir, 'rewind.db'), port);
    worker = await startWorkerProcess(path.join(__dirname, '../fixtures/temporal-steps/worker.ts'), address, {
      STEPS_BUNDLE: await bundleSteps(dir),
      STEPS_TASK_QUEUE: 'heartbeats',
      STEPS_JOURNAL: path.join(dir, 'journal.txt'),
      STEPS_HOLD_DIR: dir,
      STEPS_HEARTBEAT_INTERVAL: '1s',
    });
    connection = await Connection.connect({ address });
    const service = connection.workflowService;
    const ns = await service.describeNamespace({ namespace: 'default' });
    assert.equal(ns.namespaceInfo?.capabilities?.workerHeartbeats, true, 'the namespace takes heartbeats');

    const listed = await eventually(
      async () => {
        const { workers } = await service.listWorkers({ namespace: 'default' });
        return workers.find((w) => w.taskQueue === 'heartbeats');
      },
      20_000,
      'the worker in ListWorkers',
    );
    assert.ok(listed.workerInstanceKey, 'its instance key');
    assert.match(listed.workerIdentity ?? '', /@/, 'its identity (pid@host)');
    assert.match(listed.sdkName ?? '', /temporal/);
    assert.ok(listed.hostName, 'its host');
    assert.equal(Number((await service.countWorkers({ namespace: 'default' })).count), 1);

    const described = await service.describeWorker({ namespace: 'default', workerInstanceKey: listed.workerInstanceKey });
    assert.equal(described.workerInfo?.workerHeartbeat?.taskQueue, 'heartbeats');
    assert.ok(described.workerInfo?.workerHeartbeat?.heartbeatTime, 'when it last beat');

    const unknown = await statusOf(service.describeWorker({ namespace: 'default', workerInstanceKey: 'nobody' }));
    assert.equal(unknown.code, 5, 'NOT_FOUND');
    assert.match(unknown.details, /No worker nobody has sent a heartbeat/);
    const query = await statusOf(service.listWorkers({ namespace: 'default', query: "TaskQueue = 'x'" }));
    assert.equal(query.code, 3, 'INVALID_ARGUMENT');
    assert.match(query.details, /lists workers without a query/);
  });
});
