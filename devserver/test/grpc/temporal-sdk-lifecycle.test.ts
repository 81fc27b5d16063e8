// How runs of Temporal's own SDK end on a Rewind server: children under each parent close policy,
// continue-as-new followed by `result()`, cancellation scopes with the client's cancel, and terminate.
import assert from 'node:assert/strict';
import { CancelledFailure, TerminatedFailure, WorkflowFailedError, type WorkflowHandle } from '@temporalio/client';
import * as workflows from '../fixtures/temporal-sdk/workflows';
import { eventsOf, EventType, historyOf, useTemporalSdk } from '../helpers/temporal-sdk';
import { eventually } from '../helpers/server';

const taskQueue = 'temporal-sdk-lifecycle';

/** The error a run's `result()` rejects with. */
async function failureOf(handle: WorkflowHandle): Promise<WorkflowFailedError> {
  const err = await handle.result().then(
    () => assert.fail(`${handle.workflowId} should not complete`),
    (e: unknown) => e,
  );
  assert.ok(err instanceof WorkflowFailedError, `${handle.workflowId}: ${String(err)}`);
  return err;
}

describe('the real Temporal SDK on a Rewind server: children, continue-as-new, cancellation, terminate', function () {
  this.timeout(60_000);
  const sdk = useTemporalSdk({ taskQueue });

  it('runs a child to its end and gives the parent its result', async function () {
    const handle = await sdk.client.workflow.start(workflows.awaitsChild, {
      taskQueue,
      workflowId: 'parent-awaits',
      args: ['child-awaited'],
    });
    assert.equal(await handle.result(), 'child said: child-awaited finished');
    const types = (await historyOf(handle)).map((e) => e.eventType);
    for (const t of [
      EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED,
      EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED,
      EventType.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED,
      EventType.EVENT_TYPE_EXTERNAL_WORKFLOW_EXECUTION_SIGNALED,
      EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED,
    ]) {
      assert.ok(types.includes(t), `the parent's history has ${EventType[t]}`);
    }
    const child = await sdk.client.workflow.getHandle('child-awaited').describe();
    assert.equal(child.parentExecution?.workflowId, 'parent-awaits');
  });

  it('terminates the child when its parent closes (TERMINATE)', async function () {
    const parent = await sdk.client.workflow.execute(workflows.leavesChild, {
      taskQueue,
      workflowId: 'parent-terminate',
      args: ['child-terminated', 'TERMINATE'],
    });
    const child = sdk.client.workflow.getHandle('child-terminated', parent);
    const err = await failureOf(child);
    assert.ok(err.cause instanceof TerminatedFailure, `cause: ${String(err.cause)}`);
    assert.equal((await child.describe()).status.name, 'TERMINATED');
  });

  it('leaves the child running when its parent closes (ABANDON)', async function () {
    const parent = await sdk.client.workflow.execute(workflows.leavesChild, {
      taskQueue,
      workflowId: 'parent-abandon',
      args: ['child-abandoned', 'ABANDON'],
    });
    const child = sdk.client.workflow.getHandle('child-abandoned', parent);
    assert.equal((await sdk.client.workflow.getHandle('parent-abandon').describe()).status.name, 'COMPLETED');
    assert.equal((await child.describe()).status.name, 'RUNNING');
    await child.signal(workflows.finish);
    assert.equal(await child.result(), 'child-abandoned finished');
  });

  it('asks the child to cancel when its parent closes (REQUEST_CANCEL), and the child ends cancelled', async function () {
    const parent = await sdk.client.workflow.execute(workflows.leavesChild, {
      taskQueue,
      workflowId: 'parent-request-cancel',
      args: ['child-cancelled', 'REQUEST_CANCEL'],
    });
    const child = sdk.client.workflow.getHandle('child-cancelled', parent);
    const err = await failureOf(child);
    assert.ok(err.cause instanceof CancelledFailure, `cause: ${String(err.cause)}`);
    assert.equal((await child.describe()).status.name, 'CANCELLED');
    const types = (await historyOf(child)).map((e) => e.eventType);
    assert.ok(types.includes(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED));
    assert.equal(types.at(-1), EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED);
  });

  it('continues as new, and result() follows the chain to the last run', async function () {
    const handle = await sdk.client.workflow.start(workflows.countdown, { taskQueue, workflowId: 'countdown', args: [2] });
    const result = await handle.result();
    const runs = [];
    for await (const info of sdk.client.workflow.list({ query: "WorkflowId = 'countdown'" })) runs.push(info);
    assert.equal(runs.length, 3);
    assert.deepEqual(runs.map((r) => r.status.name).sort(), ['COMPLETED', 'CONTINUED_AS_NEW', 'CONTINUED_AS_NEW']);

    // Each run's history ends by naming the next, which names it as the run it continued.
    const chain = [handle.firstExecutionRunId];
    for (let i = 0; i < 2; i++) {
      const last = (await historyOf(sdk.client.workflow.getHandle('countdown', chain[i]))).at(-1);
      assert.equal(last?.eventType, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW);
      const next = last?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? '';
      const [started] = eventsOf(
        await historyOf(sdk.client.workflow.getHandle('countdown', next)),
        EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED,
      );
      assert.equal(started?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId, chain[i]);
      assert.equal(started?.workflowExecutionStartedEventAttributes?.firstExecutionRunId, handle.firstExecutionRunId);
      chain.push(next);
    }
    assert.equal(result, `done, continued from ${chain[1]}`);
    assert.equal(runs.find((r) => r.status.name === 'COMPLETED')?.runId, chain[2]);
  });

  it('cancels scopes: a timer the workflow cancels, then the client cancels the workflow, which cleans up in a non-cancellable scope', async function () {
    const handle = await sdk.client.workflow.start(workflows.scopes, { taskQueue, workflowId: 'scopes' });
    await handle.signal(workflows.cancelTimer);
    await eventually(
      async () => eventsOf(await historyOf(handle), EventType.EVENT_TYPE_TIMER_STARTED).length === 2 || undefined,
      10_000,
      'the second timer',
    );
    await handle.cancel();
    assert.deepEqual(await handle.result(), ['inner timer cancelled', 'workflow cancelled', 'hello cleanup']);

    const events = await historyOf(handle);
    const types = events.map((e) => e.eventType);
    assert.equal(eventsOf(events, EventType.EVENT_TYPE_TIMER_CANCELED).length, 2);
    const cancelRequested = types.indexOf(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED);
    const cleanup = types.indexOf(EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED);
    assert.ok(cancelRequested > 0 && cleanup > cancelRequested, 'the clean-up activity ran after the cancel request');
    assert.equal(types.at(-1), EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
  });

  it('ends cancelled when the workflow lets the cancellation through', async function () {
    const handle = await sdk.client.workflow.start(workflows.approval, { taskQueue, workflowId: 'cancelled' });
    await handle.cancel();
    const err = await failureOf(handle);
    assert.ok(err.cause instanceof CancelledFailure, `cause: ${String(err.cause)}`);
    assert.equal((await handle.describe()).status.name, 'CANCELLED');
  });

  it('terminates a run: result() says so with the reason, and no workflow task runs after', async function () {
    const handle = await sdk.client.workflow.start(workflows.approval, { taskQueue, workflowId: 'terminated' });
    assert.equal(await handle.query(workflows.status), 'waiting');
    await handle.terminate('enough');
    const err = await failureOf(handle);
    assert.ok(err.cause instanceof TerminatedFailure, `cause: ${String(err.cause)}`);
    assert.equal(err.cause.message, 'enough');
    const events = await historyOf(handle);
    assert.equal(events.at(-1)?.eventType, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED);
    assert.equal(events.at(-1)?.workflowExecutionTerminatedEventAttributes?.reason, 'enough');
    assert.equal((await handle.describe()).status.name, 'TERMINATED');
  });
});
