// Eager workflow start, driven by Temporal's own SDK: a Client on the worker's NativeConnection asks for
// it (`requestEagerStart`), the server leases the new run's first workflow task to that worker inside
// the start, and the worker runs it without polling; where Temporal's server declines (a start delay, an
// existing run), the answer has no task and the run's first task goes through the queue; a task nobody
// answers times out onto the queue.
import assert from 'node:assert/strict';
import { Client, type WorkflowHandleWithStartDetails, type WorkflowStartOptions } from '@temporalio/client';
import type { Workflow } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import Long from 'long';
import * as workflows from '../fixtures/temporal-sdk/workflows';
import { eventsOf, EventType, historyOf, useTemporalSdk, type TemporalEvent } from '../helpers/temporal-sdk';

const taskQueue = 'temporal-eager-start';
const types = (events: readonly TemporalEvent[]): (string | undefined)[] =>
  events.map((e) => (e.eventType ? EventType[e.eventType] : undefined));

describe('the real Temporal SDK on a Rewind server: eager workflow start', function () {
  this.timeout(60_000);
  const sdk = useTemporalSdk({ taskQueue });
  /** Temporal's client on the worker's own connection: the only one that may ask for eager start. */
  let client: Client;
  before(function () {
    client = new Client({ connection: sdk.nativeConnection });
  });
  const start = <W extends Workflow>(
    workflow: W,
    options: Omit<WorkflowStartOptions<W>, 'taskQueue'>,
  ): Promise<WorkflowHandleWithStartDetails<W>> => client.workflow.start(workflow, { taskQueue, ...options } as WorkflowStartOptions<W>);

  it('hands the first workflow task to the starting process, whose worker runs the workflow to its result', async function () {
    // The server and the namespace say they do it, as Temporal's do when it is enabled.
    const info = await client.workflowService.getSystemInfo({});
    assert.equal(info.capabilities?.eagerWorkflowStart, true);
    const ns = await client.workflowService.describeNamespace({ namespace: 'default' });
    assert.equal(ns.namespaceInfo?.capabilities?.eagerWorkflowStart, true);

    const handle = await start(workflows.hello, { workflowId: 'eager', args: ['eager'], requestEagerStart: true });
    assert.equal(handle.eagerlyStarted, true);
    assert.equal(await handle.result(), 'hello eager');

    const events = await historyOf(handle);
    // Started, scheduled and started in the start itself; the worker answered that task (no timeout, no second attempt).
    assert.deepEqual(types(events).slice(0, 4), [
      'EVENT_TYPE_WORKFLOW_EXECUTION_STARTED',
      'EVENT_TYPE_WORKFLOW_TASK_SCHEDULED',
      'EVENT_TYPE_WORKFLOW_TASK_STARTED',
      'EVENT_TYPE_WORKFLOW_TASK_COMPLETED',
    ]);
    const [firstStarted] = eventsOf(events, EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED);
    assert.equal(firstStarted?.workflowTaskStartedEventAttributes?.identity, sdk.worker.options.identity);
    assert.deepEqual(eventsOf(events, EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT), []);
    assert.deepEqual(eventsOf(events, EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED), []);
  });

  it('declines where Temporal declines: a start delay, an existing run, a retried request; each run still runs', async function () {
    // The same start without a delay is eager: the declines below are the server's choice, not the client's.
    const control = await start(workflows.hello, { workflowId: 'eager-control', args: ['now'], requestEagerStart: true });
    assert.equal(control.eagerlyStarted, true);
    assert.equal(await control.result(), 'hello now');

    const delayed = await start(workflows.hello, {
      workflowId: 'eager-delayed',
      args: ['later'],
      requestEagerStart: true,
      startDelay: '300 milliseconds',
    });
    assert.equal(delayed.eagerlyStarted, false);
    assert.equal(await delayed.result(), 'hello later');
    const delayedEvents = await historyOf(delayed);
    assert.ok(Number(delayedEvents[0]?.workflowExecutionStartedEventAttributes?.firstWorkflowTaskBackoff?.nanos ?? 0) > 0);
    assert.deepEqual(eventsOf(delayedEvents, EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT), []);

    // A running id with USE_EXISTING: the existing run, no task of it handed out.
    const running = await start(workflows.waitsForFinish, { workflowId: 'eager-existing', requestEagerStart: true });
    assert.equal(running.eagerlyStarted, true);
    const existing = await start(workflows.waitsForFinish, {
      workflowId: 'eager-existing',
      requestEagerStart: true,
      workflowIdConflictPolicy: 'USE_EXISTING',
    });
    assert.equal(existing.eagerlyStarted, false);
    assert.equal(existing.firstExecutionRunId, running.firstExecutionRunId);
    await existing.signal(workflows.finish);
    assert.equal(await existing.result(), 'eager-existing finished');

    // The same, sent as a request (Temporal's client on a plain connection never asks, but the server decides):
    // a run whose first task still waits (no worker on its queue) is not handed out by a USE_EXISTING start,
    // nor by its own request sent again.
    const waiting = {
      namespace: 'default',
      workflowId: 'eager-waiting',
      workflowType: { name: 'hello' },
      taskQueue: { name: 'eager-no-worker' },
      identity: sdk.worker.options.identity,
    };
    const plain = await sdk.client.workflowService.startWorkflowExecution({ ...waiting, requestId: 'eager-waiting-1' });
    const reused = await sdk.client.workflowService.startWorkflowExecution({
      ...waiting,
      requestId: 'eager-waiting-2',
      workflowIdConflictPolicy: temporal.api.enums.v1.WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING,
      requestEagerExecution: true,
    });
    assert.equal(reused.runId, plain.runId);
    assert.equal(reused.started, false);
    assert.equal(reused.eagerWorkflowTask, null);
    const retried = await sdk.client.workflowService.startWorkflowExecution({
      ...waiting,
      requestId: 'eager-waiting-1',
      requestEagerExecution: true,
    });
    assert.equal(retried.runId, plain.runId);
    assert.equal(retried.eagerWorkflowTask, null);
    await sdk.client.workflow.getHandle('eager-waiting').terminate('done with it');

    // The same request again (a client retrying): the same run, without its task.
    const request = {
      namespace: 'default',
      workflowId: 'eager-retried',
      workflowType: { name: 'hello' },
      taskQueue: { name: taskQueue },
      input: { payloads: [{ metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from('"again"') }] },
      requestId: 'eager-retried-request',
      identity: sdk.worker.options.identity,
      requestEagerExecution: true,
    };
    const first = await client.workflowService.startWorkflowExecution(request);
    assert.ok(first.eagerWorkflowTask, 'the first request is started eagerly');
    const again = await client.workflowService.startWorkflowExecution(request);
    assert.equal(again.runId, first.runId);
    assert.equal(again.eagerWorkflowTask, null);
    assert.equal(await client.workflow.getHandle('eager-retried').result(), 'hello again');
  });

  it('times a handed-out task out as any started task when nobody answers it, and the queue runs it', async function () {
    // Asked for by a client on a plain connection: the task is handed out, and no worker of this process gets it.
    const response = await sdk.client.workflowService.startWorkflowExecution({
      namespace: 'default',
      workflowId: 'eager-unanswered',
      workflowType: { name: 'hello' },
      taskQueue: { name: taskQueue },
      input: { payloads: [{ metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from('"anyway"') }] },
      workflowTaskTimeout: { seconds: Long.fromNumber(1) },
      requestId: 'eager-unanswered-request',
      identity: 'a starter without a worker',
      requestEagerExecution: true,
    });
    const task = response.eagerWorkflowTask;
    assert.ok(task, 'the first task is in the answer');
    // As a poll's answer: the run, its type and queue, the whole history up to the task's start.
    assert.equal(task.workflowExecution?.runId, response.runId);
    assert.equal(task.workflowType?.name, 'hello');
    assert.equal(task.workflowExecutionTaskQueue?.name, taskQueue);
    assert.equal(Number(task.startedEventId), 3);
    assert.equal(task.attempt, 1);
    assert.deepEqual(types(task.history?.events ?? []), [
      'EVENT_TYPE_WORKFLOW_EXECUTION_STARTED',
      'EVENT_TYPE_WORKFLOW_TASK_SCHEDULED',
      'EVENT_TYPE_WORKFLOW_TASK_STARTED',
    ]);
    assert.ok(task.taskToken?.length);

    const handle = client.workflow.getHandle('eager-unanswered');
    assert.equal(await handle.result(), 'hello anyway');
    const events = await historyOf(handle);
    assert.deepEqual(types(events).slice(0, 6), [
      'EVENT_TYPE_WORKFLOW_EXECUTION_STARTED',
      'EVENT_TYPE_WORKFLOW_TASK_SCHEDULED',
      'EVENT_TYPE_WORKFLOW_TASK_STARTED',
      'EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT',
      'EVENT_TYPE_WORKFLOW_TASK_SCHEDULED',
      'EVENT_TYPE_WORKFLOW_TASK_STARTED',
    ]);
    assert.equal(events[2]?.workflowTaskStartedEventAttributes?.identity, 'a starter without a worker');
    assert.equal(
      events[3]?.workflowTaskTimedOutEventAttributes?.timeoutType,
      temporal.api.enums.v1.TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE,
    );
    assert.equal(events[5]?.workflowTaskStartedEventAttributes?.identity, sdk.worker.options.identity);
  });

  it('leaves a start that does not ask for it as it was: its task goes through the queue', async function () {
    const plain = await start(workflows.hello, { workflowId: 'not-eager', args: ['plain'] });
    assert.equal(plain.eagerlyStarted, false);
    assert.equal(await plain.result(), 'hello plain');
    const raw = await client.workflowService.startWorkflowExecution({
      namespace: 'default',
      workflowId: 'not-eager-raw',
      workflowType: { name: 'hello' },
      taskQueue: { name: taskQueue },
      input: { payloads: [{ metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from('"raw"') }] },
      requestId: 'not-eager-raw-request',
      identity: sdk.worker.options.identity,
    });
    assert.equal(raw.eagerWorkflowTask, null);
    assert.equal(await client.workflow.getHandle('not-eager-raw').result(), 'hello raw');
    // The same start asking for it is eager: this client and worker can.
    const eager = await start(workflows.hello, { workflowId: 'eager-after-plain', args: ['eager'], requestEagerStart: true });
    assert.equal(eager.eagerlyStarted, true);
    assert.equal(await eager.result(), 'hello eager');
  });
});
