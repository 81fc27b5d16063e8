// failureChainText: a failure's cause chain in one line, with where it happened (the words of
// WorkflowFailedError's message and of the CLI), for each kind of failure.
import assert from 'node:assert/strict';
import { failureChainText } from '../src/common/failure-text';
import type { Failure } from '../src/protocol';

const app = (message: string, errorType: string, cause?: Failure): Failure => ({
  message,
  info: { type: 'application', errorType, nonRetryable: false },
  ...(cause ? { cause } : {}),
});
const activity = (activityType: string, activityId: string, cause: Failure, message = 'Activity task failed'): Failure => ({
  message,
  info: { type: 'activity', activityType, activityId, retryState: 'MAXIMUM_ATTEMPTS_REACHED', scheduledEventId: 0, startedEventId: 0 },
  cause,
});

describe('failureChainText', function () {
  it('says an activity failure with its attempt, then its cause with its type', function () {
    const f = activity('processPayment', '1', app('card declined', 'CardDeclined'));
    assert.equal(
      failureChainText(f, { type: 'activity', activityId: '1', activityType: 'processPayment', attempt: 3 }),
      'activity processPayment (attempt 3) failed: card declined (ApplicationFailure CardDeclined)',
    );
    assert.equal(failureChainText(f), 'activity processPayment failed: card declined (ApplicationFailure CardDeclined)');
  });

  it('says the workflow task of an error the workflow code threw, and every link of a wrapped chain', function () {
    const f = app('could not pay', 'PaymentFailed', activity('charge', '2', app('timeout talking to the bank', 'Error')));
    assert.equal(
      failureChainText(f, { type: 'workflowTask', workflowTaskCompletedEventId: 9 }),
      'could not pay (ApplicationFailure PaymentFailed): activity charge failed: timeout talking to the bank (ApplicationFailure Error), thrown by the workflow code (workflow task completed at event 9)',
    );
  });

  it('leaves the attempt off an activity of a child workflow (its history, not this run’s)', function () {
    const child: Failure = {
      message: 'Child Workflow execution failed',
      info: {
        type: 'childWorkflow',
        namespace: 'default',
        workflowId: 'pay-1',
        runId: 'r',
        workflowType: 'payment',
        retryState: 'NON_RETRYABLE_FAILURE',
        initiatedEventId: 5,
        startedEventId: 6,
      },
      cause: activity('charge', '1', app('declined', 'Declined')),
    };
    assert.equal(
      failureChainText(child, { type: 'activity', activityId: '1', activityType: 'charge', attempt: 2 }),
      'child workflow payment (pay-1) failed: activity charge failed: declined (ApplicationFailure Declined)',
    );
  });

  it('says timeouts, cancellations, terminations, local activities and server failures by their kind', function () {
    const timeout: Failure = { message: 'Activity task timed out', info: { type: 'timeout', timeoutType: 'HEARTBEAT' } };
    assert.equal(
      failureChainText(activity('upload', '3', timeout, 'Activity task timed out')),
      'activity upload timed out: Activity task timed out (TimeoutFailure HEARTBEAT)',
    );
    assert.equal(
      failureChainText(activity('lookup', '4', app('gone', 'Error'), 'Local activity failed')),
      'local activity lookup failed: gone (ApplicationFailure Error)',
    );
    assert.equal(failureChainText({ message: 'Workflow canceled', info: { type: 'cancelled' } }), 'Workflow canceled (CancelledFailure)');
    assert.equal(failureChainText({ message: 'done testing', info: { type: 'terminated' } }), 'done testing (TerminatedFailure)');
    assert.equal(failureChainText({ message: 'bad command', info: { type: 'server', nonRetryable: true } }), 'bad command (ServerFailure)');
  });
});
