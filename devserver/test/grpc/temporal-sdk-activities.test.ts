// Activities of Temporal's own SDK on a Rewind server: retries with backoff, heartbeat details on the
// retried attempt, cancellation seen through heartbeats, and completion by the client (the ById forms).
import assert from 'node:assert/strict';
import {
  ActivityCancelledError,
  ActivityFailure,
  ActivityNotFoundError,
  ApplicationFailure,
  WorkflowFailedError,
} from '@temporalio/client';
import { attemptsOf, reached } from '../fixtures/temporal-sdk/activity-records';
import * as workflows from '../fixtures/temporal-sdk/workflows';
import { eventMs, eventsOf, EventType, historyOf, useTemporalSdk } from '../helpers/temporal-sdk';
import { eventually } from '../helpers/server';

const taskQueue = 'temporal-sdk-activities';

describe('the real Temporal SDK on a Rewind server: activities', function () {
  this.timeout(60_000);
  const sdk = useTemporalSdk({ taskQueue, maxHeartbeatThrottleInterval: '50 milliseconds' });

  it('retries a failing activity with backoff: five attempts, each scheduled after the doubling (capped) interval', async function () {
    const handle = await sdk.client.workflow.start(workflows.backoff, { taskQueue, workflowId: 'backoff-ok', args: ['backoff-ok', 4] });
    assert.equal(await handle.result(), 'backoff-ok succeeded on attempt 5');

    const events = await historyOf(handle);
    const [scheduled] = eventsOf(events, EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED);
    const policy = scheduled?.activityTaskScheduledEventAttributes?.retryPolicy;
    assert.equal(Number(policy?.initialInterval?.nanos) / 1e6, 100);
    assert.equal(policy?.backoffCoefficient, 2);
    assert.equal(policy?.maximumAttempts, 5);
    // Only the last attempt is written, as in Temporal: its number, and the failure of the one before.
    const started = eventsOf(events, EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED);
    assert.equal(started.length, 1);
    assert.equal(started[0]?.activityTaskStartedEventAttributes?.attempt, 5);
    assert.equal(started[0]?.activityTaskStartedEventAttributes?.lastFailure?.message, 'backoff-ok: attempt 4 fails');

    // Each attempt was scheduled by the server at least its backoff after the one before (the server's times, as each attempt read them).
    const seen = attemptsOf('backoff-ok');
    assert.deepEqual(
      seen.map((a) => a.attempt),
      [1, 2, 3, 4, 5],
    );
    assert.equal(seen[0]?.currentAttemptScheduledMs, eventMs(scheduled!));
    const backoffs = [100, 200, 300, 300];
    backoffs.forEach((ms, i) => {
      const gap = seen[i + 1]!.currentAttemptScheduledMs - seen[i]!.currentAttemptScheduledMs;
      assert.ok(gap >= ms, `attempt ${i + 2} came ${gap} ms after attempt ${i + 1}, before its ${ms} ms backoff`);
    });
    assert.ok(eventMs(started[0]!) >= seen[4]!.currentAttemptScheduledMs);
  });

  it('fails the activity for good once its attempts are spent, saying so (MAXIMUM_ATTEMPTS_REACHED)', async function () {
    const handle = await sdk.client.workflow.start(workflows.backoff, {
      taskQueue,
      workflowId: 'backoff-spent',
      args: ['backoff-spent', 10],
    });
    const err = await handle.result().then(
      () => assert.fail('the workflow should fail'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof WorkflowFailedError);
    assert.ok(err.cause instanceof ActivityFailure, `cause: ${String(err.cause)}`);
    assert.equal(err.cause.retryState, 'MAXIMUM_ATTEMPTS_REACHED');
    assert.ok(err.cause.cause instanceof ApplicationFailure);
    assert.equal(err.cause.cause.message, 'backoff-spent: attempt 5 fails');
    const events = await historyOf(handle);
    assert.equal(eventsOf(events, EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED)[0]?.activityTaskStartedEventAttributes?.attempt, 5);
    assert.equal(attemptsOf('backoff-spent').length, 5);
  });

  it('gives the retried attempt the details its failed attempt heartbeated last', async function () {
    const result = await sdk.client.workflow.execute(workflows.resuming, {
      taskQueue,
      workflowId: 'resume-1',
      args: ['resume-1', 5, 3],
    });
    assert.equal(result, 'resume-1: 5 steps, attempt 2 resumed after step 3');
    assert.deepEqual(
      attemptsOf('resume-1').map((a) => [a.attempt, a.heartbeatDetails]),
      [
        [1, undefined],
        [2, 3],
      ],
    );
  });

  it('cancels a heartbeating activity: the activity learns it from a heartbeat, the workflow waits for it to end cancelled', async function () {
    const handle = await sdk.client.workflow.start(workflows.cancelsActivity, {
      taskQueue,
      workflowId: 'cancel-activity',
      args: ['cancel-activity'],
    });
    await reached('cancel-activity:started');
    await handle.signal(workflows.stop);
    assert.equal(await handle.result(), 'activity cancelled');
    await reached('cancel-activity:cancelled');
    const types = (await historyOf(handle)).map((e) => e.eventType);
    const requested = types.indexOf(EventType.EVENT_TYPE_ACTIVITY_TASK_CANCEL_REQUESTED);
    const cancelled = types.indexOf(EventType.EVENT_TYPE_ACTIVITY_TASK_CANCELED);
    assert.ok(requested > 0 && cancelled > requested, 'ActivityTaskCancelRequested, then ActivityTaskCanceled');
    assert.ok(!types.includes(EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED));
  });

  it('lets the client heartbeat, fail and complete an activity by workflow id and activity id', async function () {
    const handle = await sdk.client.workflow.start(workflows.asyncActivity, { taskQueue, workflowId: 'by-id', args: ['by-id', false] });
    await reached('by-id:started');
    const { workflowId, activityId } = attemptsOf('by-id')[0]!;

    await sdk.client.activity.heartbeat({ workflowId, activityId }, 'halfway');
    const [pending] = (await handle.describe()).raw.pendingActivities ?? [];
    assert.equal(Buffer.from(pending?.heartbeatDetails?.payloads?.[0]?.data ?? []).toString(), '"halfway"');

    await sdk.client.activity.fail({ workflowId, activityId }, new Error('not this time'));
    await reached('by-id:attempt-2');
    const second = attemptsOf('by-id')[1]!;
    assert.equal(second.heartbeatDetails, 'halfway');
    await sdk.client.activity.complete({ workflowId, runId: second.runId, activityId }, 'done by id');
    assert.equal(await handle.result(), 'done by id');
    const events = await historyOf(handle);
    assert.equal(eventsOf(events, EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED)[0]?.activityTaskStartedEventAttributes?.attempt, 2);

    await assert.rejects(sdk.client.activity.complete({ workflowId, activityId }, 'again'), ActivityNotFoundError);
    await assert.rejects(sdk.client.activity.complete({ workflowId: 'no-such-workflow', activityId: '1' }, 'x'), ActivityNotFoundError);
  });

  it('tells a client heartbeating by id that the activity is cancelled, and takes its report of the cancellation', async function () {
    const handle = await sdk.client.workflow.start(workflows.asyncActivity, {
      taskQueue,
      workflowId: 'by-id-cancel',
      args: ['by-id-cancel', true],
    });
    await reached('by-id-cancel:started');
    const { workflowId, activityId } = attemptsOf('by-id-cancel')[0]!;
    await handle.signal(workflows.stop);
    await eventually(
      () =>
        sdk.client.activity.heartbeat({ workflowId, activityId }).then(
          () => undefined,
          (err: unknown) => err instanceof ActivityCancelledError || undefined,
        ),
      10_000,
      'the heartbeat to say the activity is cancelled',
    );
    await sdk.client.activity.reportCancellation({ workflowId, activityId }, 'gave up');
    assert.equal(await handle.result(), 'activity cancelled');
    const types = (await historyOf(handle)).map((e) => e.eventType);
    assert.ok(types.includes(EventType.EVENT_TYPE_ACTIVITY_TASK_CANCELED));
  });
});
