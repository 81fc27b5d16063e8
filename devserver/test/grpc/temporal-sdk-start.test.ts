// StartWorkflowExecution as Temporal's server answers it, driven by Temporal's own client: a retried
// request id, the id reuse and conflict policies, memo and typed search attributes, the workflow retry
// policy, cron, start delay, and the run, execution and workflow task timeouts.
import assert from 'node:assert/strict';
import {
  TimeoutFailure,
  WorkflowExecutionAlreadyStartedError,
  WorkflowFailedError,
  type WorkflowHandleWithFirstExecutionRunId,
  type WorkflowStartOptions,
} from '@temporalio/client';
import { defineSearchAttributeKey, SearchAttributeType, TimeoutType, type Workflow } from '@temporalio/common';
import { google, temporal } from '@temporalio/proto';
import * as workflows from '../fixtures/temporal-sdk/workflows';
import { eventMs, eventsOf, EventType, historyOf, useTemporalSdk, type TemporalEvent } from '../helpers/temporal-sdk';
import { eventually } from '../helpers/server';

const taskQueue = 'temporal-sdk-start';
const enums = temporal.api.enums.v1;
const ms = (d: google.protobuf.IDuration | null | undefined): number => Number(d?.seconds ?? 0) * 1000 + Math.round((d?.nanos ?? 0) / 1e6);
const started = (events: readonly TemporalEvent[]) => events[0]?.workflowExecutionStartedEventAttributes;

/** What a call rejected with (it must reject). */
async function rejection(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => assert.fail('expected a rejection'),
    (e: unknown) => e,
  );
}

describe('the real Temporal SDK on a Rewind server: StartWorkflowExecution', function () {
  this.timeout(60_000);
  const sdk = useTemporalSdk({ taskQueue });
  const start = <W extends Workflow>(
    workflow: W,
    options: Omit<WorkflowStartOptions<W>, 'taskQueue'>,
  ): Promise<WorkflowHandleWithFirstExecutionRunId<W>> =>
    sdk.client.workflow.start(workflow, { taskQueue, ...options } as WorkflowStartOptions<W>);
  const runsOf = async (workflowId: string): Promise<string[]> => {
    const runs: string[] = [];
    for await (const info of sdk.client.workflow.list({ query: `WorkflowId = '${workflowId}'` })) runs.push(info.runId);
    return runs;
  };

  it('answers a retried request id with the same run, and starts no second one', async function () {
    const request = {
      namespace: 'default',
      workflowId: 'same-request',
      workflowType: { name: 'waitsForFinish' },
      taskQueue: { name: taskQueue },
      requestId: 'the-one-request',
      identity: 'a test',
    };
    const first = await sdk.client.workflowService.startWorkflowExecution(request);
    const again = await sdk.client.workflowService.startWorkflowExecution(request);
    assert.equal(again.runId, first.runId);
    // Temporal's server says `started` for a retried request too: the client sees one consistent answer.
    assert.equal(first.started, true);
    assert.equal(again.started, true);
    assert.deepEqual(await runsOf('same-request'), [first.runId]);
    const handle = sdk.client.workflow.getHandle('same-request');
    assert.equal(eventsOf(await historyOf(handle), EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED).length, 1);

    // Another request for the running id is a duplicate, as Temporal sends it: ALREADY_EXISTS with its detail.
    const err = await rejection(sdk.client.workflowService.startWorkflowExecution({ ...request, requestId: 'another-request' }));
    assert.ok(err instanceof Error && 'code' in err && 'metadata' in err, String(err));
    assert.equal(err.code, 6 /* ALREADY_EXISTS */);
    const metadata = err.metadata as { get(key: string): (string | Buffer)[] };
    const bin = metadata.get('grpc-status-details-bin')[0];
    assert.ok(Buffer.isBuffer(bin), 'a google.rpc.Status in the trailers');
    const [detail] = google.rpc.Status.decode(bin).details;
    assert.equal(detail?.type_url, 'type.googleapis.com/temporal.api.errordetails.v1.WorkflowExecutionAlreadyStartedFailure');
    const failure = temporal.api.errordetails.v1.WorkflowExecutionAlreadyStartedFailure.decode(detail.value ?? new Uint8Array());
    assert.equal(failure.runId, first.runId);
    assert.equal(failure.startRequestId, 'the-one-request');
    await handle.signal(workflows.finish);
    await handle.result();
  });

  it("raises the client's WorkflowExecutionAlreadyStartedError for a running id (conflict policy FAIL, the default)", async function () {
    const handle = await start(workflows.waitsForFinish, { workflowId: 'duplicate' });
    for (const workflowIdConflictPolicy of [undefined, 'FAIL'] as const) {
      const err = await rejection(
        start(workflows.waitsForFinish, { workflowId: 'duplicate', ...(workflowIdConflictPolicy ? { workflowIdConflictPolicy } : {}) }),
      );
      assert.ok(err instanceof WorkflowExecutionAlreadyStartedError, String(err));
      assert.equal(err.workflowId, 'duplicate');
      assert.equal(err.workflowType, 'waitsForFinish');
    }
    await handle.signal(workflows.finish);
    await handle.result();
  });

  it('uses the running run (USE_EXISTING), or terminates it and starts anew (TERMINATE_EXISTING, TERMINATE_IF_RUNNING)', async function () {
    const first = await start(workflows.waitsForFinish, { workflowId: 'conflicting' });
    const existing = await start(workflows.waitsForFinish, { workflowId: 'conflicting', workflowIdConflictPolicy: 'USE_EXISTING' });
    assert.equal(existing.firstExecutionRunId, first.firstExecutionRunId);

    const second = await start(workflows.waitsForFinish, { workflowId: 'conflicting', workflowIdConflictPolicy: 'TERMINATE_EXISTING' });
    assert.notEqual(second.firstExecutionRunId, first.firstExecutionRunId);
    assert.equal((await sdk.client.workflow.getHandle('conflicting', first.firstExecutionRunId).describe()).status.name, 'TERMINATED');

    const third = await start(workflows.waitsForFinish, { workflowId: 'conflicting', workflowIdReusePolicy: 'TERMINATE_IF_RUNNING' });
    assert.notEqual(third.firstExecutionRunId, second.firstExecutionRunId);
    assert.equal((await sdk.client.workflow.getHandle('conflicting', second.firstExecutionRunId).describe()).status.name, 'TERMINATED');
    assert.equal((await sdk.client.workflow.getHandle('conflicting').describe()).runId, third.firstExecutionRunId);
    assert.equal((await runsOf('conflicting')).length, 3);
    await third.signal(workflows.finish);
    await third.result();
  });

  it('reuses a closed id as the reuse policy says', async function () {
    const completed = await start(workflows.hello, { workflowId: 'reused-completed', args: ['x'] });
    await completed.result();
    const failed = await start(workflows.failsUntilAttempt, { workflowId: 'reused-failed', args: [1] });
    await rejection(failed.result());

    // REJECT_DUPLICATE: no new run for a closed id, whatever its end.
    for (const workflowId of ['reused-completed', 'reused-failed']) {
      const err = await rejection(start(workflows.hello, { workflowId, args: ['y'], workflowIdReusePolicy: 'REJECT_DUPLICATE' }));
      assert.ok(err instanceof WorkflowExecutionAlreadyStartedError, `${workflowId}: ${String(err)}`);
    }
    // ALLOW_DUPLICATE_FAILED_ONLY: a new run only after one that did not complete.
    const err = await rejection(
      start(workflows.hello, { workflowId: 'reused-completed', args: ['y'], workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY' }),
    );
    assert.ok(err instanceof WorkflowExecutionAlreadyStartedError, String(err));
    const retried = await start(workflows.hello, {
      workflowId: 'reused-failed',
      args: ['y'],
      workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY',
    });
    assert.equal(await retried.result(), 'hello y');
    // ALLOW_DUPLICATE (the default): a new run after any.
    const again = await start(workflows.hello, { workflowId: 'reused-completed', args: ['z'] });
    assert.equal(await again.result(), 'hello z');
    assert.equal((await runsOf('reused-completed')).length, 2);
    assert.equal((await runsOf('reused-failed')).length, 2);
  });

  it('keeps the memo and typed search attributes, read back by describe and list', async function () {
    const keyword = defineSearchAttributeKey('CustomKeywordField', SearchAttributeType.KEYWORD);
    const count = defineSearchAttributeKey('CustomIntField', SearchAttributeType.INT);
    const handle = await start(workflows.waitsForFinish, {
      workflowId: 'with-memo',
      memo: { owner: 'ada', tags: ['a', 'b'], nested: { n: 1 } },
      typedSearchAttributes: [
        { key: keyword, value: 'memo-test' },
        { key: count, value: 42 },
      ],
    });
    const described = await handle.describe();
    assert.deepEqual(described.memo, { owner: 'ada', tags: ['a', 'b'], nested: { n: 1 } });
    assert.equal(described.typedSearchAttributes.get(keyword), 'memo-test');
    assert.equal(described.typedSearchAttributes.get(count), 42);

    const listed = [];
    for await (const info of sdk.client.workflow.list({ query: "CustomKeywordField = 'memo-test'" })) listed.push(info);
    assert.deepEqual(
      listed.map((i) => i.workflowId),
      ['with-memo'],
    );
    assert.deepEqual(listed[0]?.memo, { owner: 'ada', tags: ['a', 'b'], nested: { n: 1 } });
    assert.equal(listed[0]?.typedSearchAttributes.get(count), 42);
    await handle.signal(workflows.finish);
    await handle.result();
  });

  it('retries a failed workflow in a new run (its retry policy); result() follows the runs', async function () {
    const handle = await start(workflows.failsUntilAttempt, {
      workflowId: 'retried',
      args: [2],
      retry: { initialInterval: '200 milliseconds', backoffCoefficient: 2, maximumAttempts: 5 },
    });
    assert.equal(await handle.result(), 'attempt 3 succeeded');
    const runs = await runsOf('retried');
    assert.equal(runs.length, 3);

    const first = await historyOf(sdk.client.workflow.getHandle('retried', handle.firstExecutionRunId));
    const failed = first.at(-1)?.workflowExecutionFailedEventAttributes;
    assert.equal(failed?.retryState, enums.RetryState.RETRY_STATE_IN_PROGRESS);
    assert.ok(failed?.newExecutionRunId, 'the failed run names the run that retries it');
    assert.equal(failed.failure?.message, 'attempt 1 fails');

    const second = await historyOf(sdk.client.workflow.getHandle('retried', failed.newExecutionRunId));
    const retry = started(second);
    assert.equal(retry?.attempt, 2);
    assert.equal(retry?.initiator, enums.ContinueAsNewInitiator.CONTINUE_AS_NEW_INITIATOR_RETRY);
    assert.equal(retry?.firstExecutionRunId, handle.firstExecutionRunId);
    assert.equal(retry?.continuedExecutionRunId, handle.firstExecutionRunId);
    assert.equal(retry?.continuedFailure?.message, 'attempt 1 fails');
    assert.equal(ms(retry?.firstWorkflowTaskBackoff), 200);
    assert.equal(retry?.retryPolicy?.maximumAttempts, 5);
    const third = await historyOf(
      sdk.client.workflow.getHandle('retried', second.at(-1)?.workflowExecutionFailedEventAttributes?.newExecutionRunId ?? ''),
    );
    assert.equal(ms(started(third)?.firstWorkflowTaskBackoff), 400, 'the backoff grows by its coefficient');
    assert.ok(eventMs(third[1]!) - eventMs(third[0]!) >= 400, 'the first workflow task waits for the backoff');
  });

  it('stops retrying at maximumAttempts, and never retries a non-retryable failure', async function () {
    const handle = await start(workflows.failsUntilAttempt, {
      workflowId: 'retries-exhausted',
      args: [5],
      retry: { initialInterval: '50 milliseconds', maximumAttempts: 2 },
    });
    const err = await rejection(handle.result());
    assert.ok(err instanceof WorkflowFailedError, String(err));
    assert.equal(err.retryState, 'MAXIMUM_ATTEMPTS_REACHED');
    assert.equal(err.cause?.message, 'attempt 2 fails');
    assert.equal((await runsOf('retries-exhausted')).length, 2);

    const nonRetryable = await start(workflows.failsUntilAttempt, {
      workflowId: 'retries-non-retryable',
      args: [5],
      retry: { initialInterval: '50 milliseconds', maximumAttempts: 5, nonRetryableErrorTypes: ['Flaky'] },
    });
    const nonRetryableErr = await rejection(nonRetryable.result());
    assert.ok(nonRetryableErr instanceof WorkflowFailedError);
    assert.equal(nonRetryableErr.retryState, 'NON_RETRYABLE_FAILURE');
    assert.equal((await runsOf('retries-non-retryable')).length, 1);
  });

  it('runs a cron workflow at each time of its schedule, each run seeing the last result', async function () {
    const handle = await start(workflows.cronCount, { workflowId: 'cron', cronSchedule: '@every 1s' });
    const run = (runId: string) => sdk.client.workflow.getHandle('cron', runId, { followRuns: false });
    const firstRun = run(handle.firstExecutionRunId);
    const first = await historyOf(firstRun);
    const backoff = ms(started(first)?.firstWorkflowTaskBackoff);
    assert.ok(backoff > 0 && backoff <= 1000, `the first run waits for its time (${backoff} ms)`);
    assert.equal(started(first)?.cronSchedule, '@every 1s');
    assert.equal(await firstRun.result(), 1);

    const completed = (await historyOf(firstRun)).at(-1)?.workflowExecutionCompletedEventAttributes;
    assert.ok(completed?.newExecutionRunId, 'the completed run names the next one');
    const next = run(completed.newExecutionRunId);
    assert.equal(await next.result(), 2);
    const nextEvents = await historyOf(next);
    const nextStart = started(nextEvents);
    assert.equal(nextStart?.initiator, enums.ContinueAsNewInitiator.CONTINUE_AS_NEW_INITIATOR_CRON_SCHEDULE);
    assert.ok(nextStart?.lastCompletionResult?.payloads?.length, 'the next run has the last result');
    const nextBackoff = ms(nextStart?.firstWorkflowTaskBackoff);
    assert.ok(nextBackoff > 0 && nextBackoff <= 1000, `the next run waits for its time (${nextBackoff} ms)`);
    await sdk.client.workflow.getHandle('cron').terminate('enough');
  });

  it('waits for the start delay before the first workflow task', async function () {
    const handle = await start(workflows.startInfo, { workflowId: 'delayed', startDelay: '800 milliseconds' });
    const early = await historyOf(handle);
    assert.equal(early.length, 1, 'only the start, until the delay passes');
    assert.equal(ms(started(early)?.firstWorkflowTaskBackoff), 800);
    assert.equal((await handle.describe()).status.name, 'RUNNING');
    await handle.result();
    const events = await historyOf(handle);
    const scheduled = eventsOf(events, EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED)[0]!;
    assert.ok(eventMs(scheduled) - eventMs(events[0]!) >= 800, 'the first workflow task waited');
  });

  it("times a run out (run and execution timeouts): the client's WorkflowFailedError with a TimeoutFailure", async function () {
    for (const [workflowId, timeout, retryState] of [
      // Temporal's retry state: a run timeout is the retry policy's to judge (none set), the execution's is final.
      ['run-timeout', { workflowRunTimeout: '300 milliseconds' }, 'RETRY_POLICY_NOT_SET'],
      ['execution-timeout', { workflowExecutionTimeout: '300 milliseconds' }, 'TIMEOUT'],
    ] as const) {
      const handle = await start(workflows.sleeper, { workflowId, args: [60_000], ...timeout });
      const err = await rejection(handle.result());
      assert.ok(err instanceof WorkflowFailedError, `${workflowId}: ${String(err)}`);
      assert.ok(err.cause instanceof TimeoutFailure, `${workflowId}: ${String(err.cause)}`);
      assert.equal(err.cause.timeoutType, TimeoutType.START_TO_CLOSE);
      assert.equal(err.retryState, retryState);
      const events = await historyOf(handle);
      assert.equal(events.at(-1)?.eventType, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT);
      assert.equal((await handle.describe()).status.name, 'TIMED_OUT');
    }
  });

  it('carries the timeouts to the history and to the workflow', async function () {
    const handle = await start(workflows.startInfo, {
      workflowId: 'timeouts',
      workflowExecutionTimeout: '1 hour',
      workflowRunTimeout: '30 minutes',
      workflowTaskTimeout: '7 seconds',
    });
    assert.deepEqual(await handle.result(), { attempt: 1, runTimeoutMs: 30 * 60_000, taskTimeoutMs: 7000 });
    const events = await historyOf(handle);
    const attrs = started(events);
    assert.equal(ms(attrs?.workflowExecutionTimeout), 3_600_000);
    assert.equal(ms(attrs?.workflowRunTimeout), 1_800_000);
    assert.equal(ms(attrs?.workflowTaskTimeout), 7000);
    const scheduled = eventsOf(events, EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED)[0];
    assert.equal(ms(scheduled?.workflowTaskScheduledEventAttributes?.startToCloseTimeout), 7000);
    const described = await eventually(() => handle.describe());
    assert.equal(ms(described.raw.executionConfig?.defaultWorkflowTaskTimeout), 7000);
  });
});
