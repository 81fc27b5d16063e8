// Timers, signals and queries of Temporal's own SDK on a Rewind server: a durable sleep, a signal that
// a `condition` waits for, and queries answered by the worker (while a workflow task is in flight, and
// after the run closed).
import assert from 'node:assert/strict';
import { Client, QueryNotRegisteredError, QueryRejectedError } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { reach, reached } from '../fixtures/temporal-sdk/activity-records';
import * as workflows from '../fixtures/temporal-sdk/workflows';
import { eventMs, eventsOf, EventType, historyOf, useTemporalSdk } from '../helpers/temporal-sdk';
import { eventually } from '../helpers/server';

const taskQueue = 'temporal-sdk-messages';

describe('the real Temporal SDK on a Rewind server: timers, signals, queries', function () {
  this.timeout(60_000);
  const sdk = useTemporalSdk({ taskQueue });

  it('sleeps on a durable timer: TimerStarted with its duration, TimerFired no sooner', async function () {
    const handle = await sdk.client.workflow.start(workflows.sleeper, { taskQueue, workflowId: 'sleeper-1', args: [300] });
    assert.equal(await handle.result(), 'slept 300');
    const events = await historyOf(handle);
    const [started] = eventsOf(events, EventType.EVENT_TYPE_TIMER_STARTED);
    const [fired] = eventsOf(events, EventType.EVENT_TYPE_TIMER_FIRED);
    const attrs = started?.timerStartedEventAttributes;
    assert.equal(Number(attrs?.startToFireTimeout?.seconds ?? 0) * 1000 + (attrs?.startToFireTimeout?.nanos ?? 0) / 1e6, 300);
    assert.equal(fired?.timerFiredEventAttributes?.timerId, attrs?.timerId);
    assert.equal(Number(fired?.timerFiredEventAttributes?.startedEventId), Number(started?.eventId));
    assert.ok(eventMs(fired!) - eventMs(started!) >= 300, 'the timer fired no sooner than its duration');
  });

  it('wakes a `condition` with a signal', async function () {
    const handle = await sdk.client.workflow.start(workflows.approval, { taskQueue, workflowId: 'approval-signal' });
    await handle.signal(workflows.approve, 'ada');
    assert.equal(await handle.result(), 'approved by ada');
    const [signaled] = eventsOf(await historyOf(handle), EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED);
    assert.equal(signaled?.workflowExecutionSignaledEventAttributes?.signalName, 'approve');
    assert.equal(Buffer.from(signaled?.workflowExecutionSignaledEventAttributes?.input?.payloads?.[0]?.data ?? []).toString(), '"ada"');
  });

  it('answers queries from the worker: while the run waits, after it closed, and says when a query has no handler', async function () {
    const handle = await sdk.client.workflow.start(workflows.approval, { taskQueue, workflowId: 'approval-query' });
    assert.equal(await handle.query(workflows.status), 'waiting');
    await handle.signal(workflows.approve, 'grace');
    assert.equal(await handle.result(), 'approved by grace');
    assert.equal(await handle.query(workflows.status), 'approved by grace');
    await assert.rejects(handle.query('no-such-query'), QueryNotRegisteredError);
    // A client that turns queries away from closed runs (QueryRejectCondition NOT_OPEN).
    const strict = new Client({ connection: sdk.client.connection, workflow: { queryRejectCondition: 'NOT_OPEN' } });
    await assert.rejects(strict.workflow.getHandle('approval-query').query(workflows.status), (err: unknown) => {
      assert.ok(err instanceof QueryRejectedError);
      assert.equal(err.status, temporal.api.enums.v1.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED);
      return true;
    });
  });

  it('holds a query that comes while a workflow task is in flight, and answers it from the state that task left', async function () {
    const handle = await sdk.client.workflow.start(workflows.slowTask, { taskQueue, workflowId: 'slow-task', args: ['slow-task'] });
    await reached('slow-task:started'); // its first workflow task waits on a local activity
    const answer = handle.query(workflows.phase);
    try {
      await eventually(() => sdk.server.service.queries.size > 0 || undefined, 10_000, 'the query to reach the server');
    } finally {
      reach('slow-task:release');
    }
    assert.equal(await answer, 'slow-task released');
    await handle.signal(workflows.done);
    assert.equal(await handle.result(), 'slow-task released');
  });
});
