// End to end over a real server (SQLite file, WebSocket on port 0) and a real worker.
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  ActivityFailure,
  ApplicationFailure,
  TerminatedFailure,
  WorkflowExecutionAlreadyStartedError,
  WorkflowFailedError,
  WorkflowNotFoundError,
  QueryNotRegisteredError,
} from '@rewind/sdk/client';
import { Worker } from '@rewind/sdk/worker';
import * as activities from '../fixtures/activities';
import type * as workflows from '../fixtures/workflows';
import { eventually, startServer, startWorker, workerLog, type TestServer } from '../helpers/server';

type W = typeof workflows;

describe('workflows end to end', function () {
  let srv: TestServer;
  let stopWorker: () => Promise<void>;
  const taskQueue = 'e2e';

  before(async function () {
    srv = await startServer();
    ({ stop: stopWorker } = await startWorker(srv.address, { taskQueue, activities }));
  });

  after(async function () {
    await stopWorker();
    await srv.close();
  });

  beforeEach(function () {
    activities.calls.length = 0;
  });

  let n = 0;
  const id = (name: string): string => `${name}-${++n}-${Date.now()}`;

  it('runs the order workflow: activity, durable sleep, activity; history without gaps', async function () {
    const handle = await srv.client.workflow.start<W['order']>('order', { taskQueue, workflowId: id('order'), args: ['A-1'] });
    assert.equal(await handle.result(), 'charged 10; hello A-1');
    const { events } = await handle.fetchHistory();
    assert.deepEqual(
      events.map((e) => e.eventId),
      events.map((_, i) => i + 1),
    );
    assert.deepEqual(
      events.filter((e) => ['ActivityTaskCompleted', 'TimerFired', 'WorkflowExecutionCompleted'].includes(e.type)).map((e) => e.type),
      ['ActivityTaskCompleted', 'TimerFired', 'ActivityTaskCompleted', 'WorkflowExecutionCompleted'],
    );
    const desc = await handle.describe();
    assert.equal(desc.status.name, 'COMPLETED');
    assert.equal(desc.historyLength, events.length);
  });

  it('retries a failing activity with exponential backoff, then succeeds', async function () {
    const result = await srv.client.workflow.execute<W['retrying']>('retrying', { taskQueue, workflowId: id('retry'), args: ['k1', 2] });
    assert.equal(result, 'ok after 3 attempts');
    const attempts = activities.calls.filter((c) => c.name === 'flaky');
    assert.deepEqual(
      attempts.map((c) => c.attempt),
      [1, 2, 3],
    );
    // initialInterval 100 ms, coefficient 2: at least 100 ms, then 200 ms between attempts.
    assert.ok(attempts[1]!.at - attempts[0]!.at >= 95, `first retry after ${attempts[1]!.at - attempts[0]!.at} ms`);
    assert.ok(attempts[2]!.at - attempts[1]!.at >= 195, `second retry after ${attempts[2]!.at - attempts[1]!.at} ms`);
  });

  it('fails the workflow with ActivityFailure once maximumAttempts is reached', async function () {
    const err = await srv.client.workflow
      .execute<W['retrying']>('retrying', { taskQueue, workflowId: id('retry-max'), args: ['k2', 10, 3] })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    assert.ok(err instanceof WorkflowFailedError);
    assert.ok(err.cause instanceof ActivityFailure, `cause is ${String(err.cause)}`);
    assert.equal(err.cause.retryState, 'MAXIMUM_ATTEMPTS_REACHED');
    assert.ok(err.cause.cause instanceof ApplicationFailure);
    assert.equal(err.cause.cause.message, 'flaky failure 3 of 10');
    assert.equal(activities.calls.filter((c) => c.name === 'flaky').length, 3);
  });

  it('does not retry error types listed as non-retryable', async function () {
    const err = await srv.client.workflow
      .execute<W['nonRetryable']>('nonRetryable', { taskQueue, workflowId: id('fatal'), args: ['Fatal'] })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    assert.ok(err instanceof WorkflowFailedError && err.cause instanceof ActivityFailure);
    assert.equal(err.cause.retryState, 'NON_RETRYABLE_FAILURE');
    assert.equal(activities.calls.filter((c) => c.name === 'broken').length, 1);
  });

  it('delivers signals to a condition and answers queries', async function () {
    const handle = await srv.client.workflow.start<W['approval']>('approval', { taskQueue, workflowId: id('approval'), args: [2] });
    await eventually(async () => (await handle.query('progress').catch(() => undefined)) as unknown, 5000, 'the first task');
    await handle.signal('approve', 'ana');
    await eventually(
      async () => ((await handle.query<{ approvals: string[] }>('progress')).approvals.length === 1 ? true : undefined),
      5000,
      'one approval',
    );
    assert.deepEqual(await handle.query('progress'), { approvals: ['ana'], stage: 'waiting' });
    await handle.signal('approve', 'bo');
    assert.equal(await handle.result(), 'approved by ana, bo');
    await assert.rejects(handle.query('nope'), QueryNotRegisteredError);
  });

  it('times out a condition when nobody signals', async function () {
    const result = await srv.client.workflow.execute<W['approval']>('approval', {
      taskQueue,
      workflowId: id('expire'),
      args: [1, '300 milliseconds'],
    });
    assert.equal(result, 'expired by nobody');
  });

  it('runs Promise.all of activities concurrently', async function () {
    const names = ['a', 'b', 'c', 'd', 'e'];
    const handle = await srv.client.workflow.start<W['fanOut']>('fanOut', { taskQueue, workflowId: id('fan'), args: [names] });
    assert.deepEqual(
      await handle.result(),
      names.map((x) => `hello ${x}`),
    );
    const { events } = await handle.fetchHistory();
    const firstTask = events.find((e) => e.type === 'WorkflowTaskCompleted')!.eventId;
    const scheduledTogether = events.filter((e) => e.type === 'ActivityTaskScheduled' && e.workflowTaskCompletedEventId === firstTask);
    assert.equal(scheduledTogether.length, names.length);
  });

  it('fails the workflow when it throws ApplicationFailure', async function () {
    const err = await srv.client.workflow
      .execute<W['applicationFailure']>('applicationFailure', { taskQueue, workflowId: id('appfail') })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    assert.ok(err instanceof WorkflowFailedError);
    assert.ok(err.cause instanceof ApplicationFailure);
    assert.equal(err.cause.type, 'InvalidOrder');
    assert.equal(err.cause.message, 'the order is invalid');
  });

  it('refuses a second start with the same workflow id while the first runs', async function () {
    const workflowId = id('dup');
    const handle = await srv.client.workflow.start<W['approval']>('approval', { taskQueue, workflowId, args: [1] });
    await assert.rejects(
      srv.client.workflow.start<W['approval']>('approval', { taskQueue, workflowId, args: [1] }),
      WorkflowExecutionAlreadyStartedError,
    );
    await handle.terminate('test over');
    const err = await handle.result().then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(err instanceof WorkflowFailedError && err.cause instanceof TerminatedFailure);
  });

  it('raises WorkflowNotFoundError for an unknown workflow id', async function () {
    await assert.rejects(srv.client.workflow.getHandle('no-such-workflow').describe(), WorkflowNotFoundError);
    await assert.rejects(srv.client.workflow.getHandle('no-such-workflow').signal('approve', 'x'), WorkflowNotFoundError);
  });

  it('cancels a running activity when the workflow is cancelled', async function () {
    const handle = await srv.client.workflow.start<W['cancellableWait']>('cancellableWait', { taskQueue, workflowId: id('cancel') });
    await eventually(() => (activities.calls.some((c) => c.name === 'waitForCancel') ? true : undefined), 5000, 'the activity to start');
    await handle.cancel();
    const err = await handle.result().then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(err instanceof WorkflowFailedError);
    assert.equal((await handle.describe()).status.name, 'CANCELLED');
  });

  it('keeps a workflow whose code throws a plain Error waiting, and finishes it once fixed code runs', async function () {
    const handle = await srv.client.workflow.start<W['buggy']>('buggy', { taskQueue: 'buggy', workflowId: id('buggy') });
    const broken = await startWorker(srv.address, { taskQueue: 'buggy', activities });
    const failed = await eventually(
      async () => {
        const d = await handle.describe();
        return d.raw.pendingWorkflowTask?.lastFailure ? d : undefined;
      },
      10_000,
      'the workflow task to fail',
    );
    assert.equal(failed.status.name, 'RUNNING');
    assert.match(failed.raw.pendingWorkflowTask!.lastFailure!.message, /reading 'total'/);
    const { events } = await handle.fetchHistory();
    const taskFailed = events.find((e) => e.type === 'WorkflowTaskFailed');
    assert.ok(taskFailed?.type === 'WorkflowTaskFailed' && taskFailed.cause === 'WORKFLOW_WORKER_UNHANDLED_FAILURE');
    assert.match(taskFailed.failure.stackTrace ?? '', /fixtures\/workflows\.ts:\d+/, 'the stack points at the source line');
    assert.ok(
      workerLog.some(
        (l) =>
          /Workflow code threw: the workflow task failed and will be retried/.test(l) && /at buggy \(.*fixtures\/workflows\.ts:\d+/.test(l),
      ),
      'the worker logs the error with its source line',
    );
    await broken.stop();
    const fixed = await startWorker(srv.address, {
      taskQueue: 'buggy',
      activities,
      workflowsPath: path.join(__dirname, '../fixtures/workflows-fixed.ts'),
    });
    assert.equal(await handle.result(), 'fixed');
    await fixed.stop();
  });

  it('tells why a workflow of a type no worker has is waiting', async function () {
    const handle = await srv.client.workflow.start('noSuchWorkflow', { taskQueue, workflowId: id('unknown') });
    const d = await handle.describe();
    assert.match(
      d.raw.pendingWorkflowTask?.waitingReason ?? '',
      /No worker on task queue 'e2e' has workflow type 'noSuchWorkflow'; the workers there have: .*order/,
    );
    await handle.terminate();
  });

  it('rejects arguments that cannot be serialised, before sending anything', async function () {
    await assert.rejects(
      srv.client.workflow.start('order', { taskQueue, workflowId: id('bigint'), args: [10n as unknown as string] }),
      /Cannot send argument 1 of workflow order: .*BigInt/,
    );
  });
});

describe('workflows end to end: cancellation and limits', function () {
  let srv: TestServer;
  let stopWorker: () => Promise<void>;
  let worker: Worker;
  const taskQueue = 'e2e-2';

  before(async function () {
    srv = await startServer();
    ({ stop: stopWorker, worker } = await startWorker(srv.address, { taskQueue, activities }));
  });

  after(async function () {
    await stopWorker();
    await srv.close();
  });

  it('runs cleanup activities of a workflow cancelled before its first task', async function () {
    const handle = await srv.client.workflow.start<W['cleanupAfterCancel']>('cleanupAfterCancel', {
      taskQueue: 'not-yet',
      workflowId: `cleanup-${Date.now()}`,
    });
    await handle.cancel();
    const late = await startWorker(srv.address, { taskQueue: 'not-yet', activities });
    try {
      const err = await handle.result().then(
        () => undefined,
        (e: unknown) => e,
      );
      assert.ok(err instanceof WorkflowFailedError, String(err));
      assert.equal((await handle.describe()).status.name, 'CANCELLED');
      assert.ok(activities.calls.some((c) => c.name === 'greet' && c.args[0] === 'cleanup'));
    } finally {
      await late.stop();
    }
  });

  it('keeps activity results straight after an activity is cancelled in the task that scheduled it', async function () {
    const handle = await srv.client.workflow.start<W['cancelAtOnce']>('cancelAtOnce', { taskQueue, workflowId: `at-once-${Date.now()}` });
    assert.equal(await handle.result(), 'hello after');
  });

  it('cancels an activity nobody picked up while scheduling another, and replays the history', async function () {
    const handle = await srv.client.workflow.start<W['cancelPending']>('cancelPending', { taskQueue, workflowId: `pending-${Date.now()}` });
    assert.equal(await handle.result(), 'hello after');
    const history = await handle.fetchHistory();
    const types = history.events.map((e) => e.type);
    assert.ok(types.includes('ActivityTaskCanceled'));
    await Worker.runReplayHistory({ workflowsPath: path.join(__dirname, '../fixtures/workflows.ts') }, history);
  });

  it('fails an activity whose result is too large, saying so, without retrying it', async function () {
    activities.calls.length = 0;
    const err = await srv.client.workflow
      .execute<W['hugeResult']>('hugeResult', { taskQueue, workflowId: `huge-${Date.now()}`, args: [5] })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    assert.ok(err instanceof WorkflowFailedError && err.cause instanceof ActivityFailure, String(err));
    assert.match(
      err.cause.cause?.message ?? '',
      /Cannot send the result of activity huge: it is 5\.0 MB as JSON, and one value may be at most 4 MB/,
    );
    assert.equal(err.cause.retryState, 'NON_RETRYABLE_FAILURE');
    assert.equal(activities.calls.filter((c) => c.name === 'huge').length, 1);
  });

  it('keeps no sandbox runs for workflows that finished (no leak)', async function () {
    for (let i = 0; i < 5; i++) {
      await srv.client.workflow.execute<W['fanOut']>('fanOut', { taskQueue, workflowId: `leak-${i}-${Date.now()}`, args: [[]] });
    }
    const status = worker.getStatus();
    assert.equal(status.numSandboxRuns, status.numCachedWorkflows);
  });

  it('sends many large results that together exceed one message, in several messages', async function () {
    const total = await srv.client.workflow.execute<W['hugeResult']>('hugeResult', {
      taskQueue,
      workflowId: `large-${Date.now()}`,
      args: [3, 6],
    });
    assert.equal(total, 6 * 3 * 1024 * 1024);
  });
});
