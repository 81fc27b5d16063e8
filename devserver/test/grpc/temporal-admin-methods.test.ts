// What Temporal's CLI calls beyond workflows' own methods, through the gRPC frontend onto Rewind's
// engine: namespaces registered and updated, the cluster described, a run reset to a workflow task and
// deleted, its history read newest first, a task queue's pollers; each seen by Rewind's own protocol.
import assert from 'node:assert/strict';
import { Connection as TemporalConnection } from '@temporalio/client';
import { long } from '../../src/grpc/proto';
import * as activities from '../fixtures/activities';
import { useServerAndWorker } from '../helpers/server';
import { statusOf } from '../helpers/grpc-status';

describe("Temporal's admin methods on Rewind", function () {
  this.timeout(30_000);
  const taskQueue = 'grpc-admin';
  const env = useServerAndWorker({ taskQueue, activities });
  let temporal: TemporalConnection;
  before(async () => (temporal = await TemporalConnection.connect({ address: env.srv.address })));
  after(async () => temporal?.close());

  it('registers a namespace and updates its description; both dialects see it', async function () {
    const retention = { seconds: long(72 * 3600) }; // Temporal's frontend refuses a registration without one
    await temporal.workflowService.registerNamespace({
      namespace: 'billing',
      description: 'invoices',
      workflowExecutionRetentionPeriod: retention,
    });
    assert.equal((await env.srv.connection.call('namespace.describe', { namespace: 'billing' })).description, 'invoices');
    const again = await statusOf(
      temporal.workflowService.registerNamespace({ namespace: 'billing', workflowExecutionRetentionPeriod: retention }),
    );
    assert.equal(again.code, 6, 'ALREADY_EXISTS');
    assert.equal(again.details, 'Namespace already exists.', "Temporal's words");
    const bad = await statusOf(
      temporal.workflowService.registerNamespace({ namespace: 'n'.repeat(2000), workflowExecutionRetentionPeriod: retention }),
    );
    assert.equal(bad.code, 3, `INVALID_ARGUMENT: ${bad.details}`);

    const updated = await temporal.workflowService.updateNamespace({
      namespace: 'billing',
      updateInfo: { description: 'invoices and refunds' },
    });
    assert.equal(updated.namespaceInfo?.description, 'invoices and refunds');
    assert.equal((await env.srv.connection.call('namespace.describe', { namespace: 'billing' })).description, 'invoices and refunds');
    const described = await temporal.workflowService.describeNamespace({ namespace: 'billing' });
    assert.equal(described.namespaceInfo?.description, 'invoices and refunds');
    assert.equal(described.namespaceInfo?.capabilities?.syncUpdate, true, 'updates are served');
    const unknown = await statusOf(temporal.workflowService.updateNamespace({ namespace: 'nope', updateInfo: { description: 'x' } }));
    assert.equal(unknown.code, 5, 'NOT_FOUND');
  });

  it('describes the cluster as one SQLite node', async function () {
    const info = await temporal.workflowService.getClusterInfo({});
    assert.match(info.serverVersion ?? '', /^rewind-/);
    assert.equal(info.persistenceStore, 'sqlite');
    assert.equal(info.historyShardCount, 1);
  });

  it('resets a run to a workflow task, as Rewind resets it; refuses what Rewind cannot do, naming it', async function () {
    const handle = await env.srv.client.workflow.start('order', { taskQueue, workflowId: 'grpc-reset', args: ['grpc-r', '1 ms'] });
    await handle.result();
    const events = (await handle.fetchHistory()).events;
    const firstTask = events.find((e) => e.type === 'WorkflowTaskCompleted')!;
    const execution = { workflowId: 'grpc-reset', runId: handle.firstExecutionRunId };
    const response = await temporal.workflowService.resetWorkflowExecution({
      namespace: 'default',
      workflowExecution: execution,
      workflowTaskFinishEventId: long(firstTask.eventId),
      reason: 'from the CLI',
      requestId: 'r-1',
    });
    const newRunId = response.runId ?? '';
    assert.ok(newRunId && newRunId !== handle.firstExecutionRunId, 'a new run');
    const reset = env.srv.client.workflow.getHandle('grpc-reset', newRunId);
    assert.equal(await reset.result(), 'charged 10; hello grpc-r');
    const failed = (await reset.fetchHistory()).events.find((e) => e.type === 'WorkflowTaskFailed');
    assert.ok(failed?.type === 'WorkflowTaskFailed' && failed.cause === 'RESET_WORKFLOW');
    assert.match(failed.failure.message, new RegExp(`reset to event ${firstTask.eventId}: from the CLI`));

    const notATask = await statusOf(
      temporal.workflowService.resetWorkflowExecution({
        namespace: 'default',
        workflowExecution: execution,
        workflowTaskFinishEventId: long(1),
      }),
    );
    assert.equal(notATask.code, 3);
    assert.match(notATask.details, /Event 1 is WorkflowExecutionStarted; reset to a WorkflowTaskCompleted event: \d/);
    const unset = await statusOf(temporal.workflowService.resetWorkflowExecution({ namespace: 'default', workflowExecution: execution }));
    assert.match(unset.details, /workflow_task_finish_event_id: not set/);
    const noSignals = await statusOf(
      temporal.workflowService.resetWorkflowExecution({
        namespace: 'default',
        workflowExecution: execution,
        workflowTaskFinishEventId: long(firstTask.eventId),
        resetReapplyExcludeTypes: [1], // RESET_REAPPLY_EXCLUDE_TYPE_SIGNAL
      }),
    );
    assert.equal(noSignals.code, 3);
    assert.match(noSignals.details, /reset_reapply_exclude_types SIGNAL/);
  });

  it('reads a history newest first, in pages', async function () {
    const handle = await env.srv.client.workflow.start('order', { taskQueue, workflowId: 'grpc-reverse', args: ['grpc-v', '1 ms'] });
    await handle.result();
    const ids = (await handle.fetchHistory()).events.map((e) => e.eventId);
    const read: number[] = [];
    let nextPageToken: Uint8Array | undefined;
    let pages = 0;
    do {
      const page = await temporal.workflowService.getWorkflowExecutionHistoryReverse({
        namespace: 'default',
        execution: { workflowId: 'grpc-reverse' },
        maximumPageSize: 4,
        ...(nextPageToken ? { nextPageToken } : {}),
      });
      read.push(...(page.history?.events ?? []).map((e) => Number(e.eventId)));
      nextPageToken = page.nextPageToken?.length ? page.nextPageToken : undefined;
      pages++;
    } while (nextPageToken && pages < 100);
    assert.deepEqual(read, [...ids].reverse());
    assert.equal(pages, Math.ceil(ids.length / 4));
  });

  it('deletes a run: gone for both dialects', async function () {
    const handle = await env.srv.client.workflow.start('order', { taskQueue, workflowId: 'grpc-delete', args: ['grpc-d', '1 ms'] });
    await handle.result();
    await temporal.workflowService.deleteWorkflowExecution({ namespace: 'default', workflowExecution: { workflowId: 'grpc-delete' } });
    await assert.rejects(env.srv.connection.call('workflow.describe', { namespace: 'default', workflowId: 'grpc-delete' }), /not found/i);
    const gone = await statusOf(
      temporal.workflowService.describeWorkflowExecution({ namespace: 'default', execution: { workflowId: 'grpc-delete' } }),
    );
    assert.equal(gone.code, 5);
  });

  it("lists a task queue's pollers, by kind of task", async function () {
    const describe = (taskQueueType: number) =>
      temporal.workflowService.describeTaskQueue({ namespace: 'default', taskQueue: { name: taskQueue }, taskQueueType });
    const workflowPollers = (await describe(1)).pollers; // TASK_QUEUE_TYPE_WORKFLOW
    assert.equal(workflowPollers.length, 1, 'the test worker');
    assert.ok(workflowPollers[0]!.identity, 'named by its identity');
    assert.ok(workflowPollers[0]!.lastAccessTime, 'with its last access');
    assert.equal((await describe(2)).pollers.length, 1, 'it runs activities too'); // TASK_QUEUE_TYPE_ACTIVITY
    const none = await temporal.workflowService.describeTaskQueue({
      namespace: 'default',
      taskQueue: { name: 'nobody-polls' },
      taskQueueType: 1,
    });
    assert.deepEqual(none.pollers, []);
  });
});
