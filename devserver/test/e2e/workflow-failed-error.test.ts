// WorkflowFailedError against a real server and worker: `cause` is Temporal's (the failure, with its
// chain), and the message says that chain too, with where it happened: the activity and its last
// attempt, or the workflow task whose code threw.
import assert from 'node:assert/strict';
import { ActivityFailure, ApplicationFailure, TerminatedFailure, WorkflowFailedError } from '@rewind/sdk/client';
import * as activities from '../fixtures/activities';
import { useServerAndWorker } from '../helpers/server';

describe('WorkflowFailedError says why the workflow failed', function () {
  this.timeout(30_000);
  const taskQueue = 'failed-error';
  const env = useServerAndWorker({ taskQueue, activities });

  const failure = async (workflowType: string, workflowId: string, args: unknown[] = []): Promise<WorkflowFailedError> => {
    const err: unknown = await env.srv.client.workflow.execute(workflowType, { taskQueue, workflowId, args }).then(
      () => assert.fail('the workflow completed'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof WorkflowFailedError, String(err));
    return err;
  };

  it('an activity that failed every attempt: the activity, its last attempt and the cause, in the message', async function () {
    const err = await failure('retrying', 'failed-activity', ['k', 10, 3]);
    assert.equal(
      err.message,
      'Workflow execution failed: activity flaky (attempt 3) failed: flaky failure 3 of 10 (ApplicationFailure Error)',
    );
    // As Temporal has it: the ActivityFailure, caused by the activity's error.
    assert.ok(err.cause instanceof ActivityFailure);
    assert.equal(err.cause.message, 'Activity task failed');
    assert.equal(err.cause.retryState, 'MAXIMUM_ATTEMPTS_REACHED');
    assert.ok(err.cause.cause instanceof ApplicationFailure);
    assert.equal(err.cause.cause.message, 'flaky failure 3 of 10');
  });

  it('a non-retryable activity error: its type, at the first attempt', async function () {
    const err = await failure('nonRetryable', 'failed-fatal', ['Fatal']);
    assert.equal(err.message, 'Workflow execution failed: activity broken (attempt 1) failed: broken (Fatal) (ApplicationFailure Fatal)');
  });

  it('an error the workflow code threw: its type, and the workflow task', async function () {
    const err = await failure('applicationFailure', 'failed-code');
    const events = (await env.srv.client.workflow.getHandle('failed-code').fetchHistory()).events;
    const closed = events.at(-1)!;
    assert.ok(closed.type === 'WorkflowExecutionFailed');
    assert.equal(
      err.message,
      `Workflow execution failed: the order is invalid (ApplicationFailure InvalidOrder), thrown by the workflow code (workflow task completed at event ${closed.workflowTaskCompletedEventId})`,
    );
    assert.ok(err.cause instanceof ApplicationFailure && err.cause.type === 'InvalidOrder');
  });

  it('a terminated workflow: the reason', async function () {
    const handle = await env.srv.client.workflow.start('approval', { taskQueue, workflowId: 'failed-terminated', args: [1] });
    await handle.terminate('no longer needed');
    const err = await handle.result().then(
      () => assert.fail('the workflow completed'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof WorkflowFailedError && err.cause instanceof TerminatedFailure);
    assert.equal(err.message, 'Workflow execution terminated: no longer needed');
  });
});
