// "Start Workflow Like This One": the new start takes the run's type, queue and arguments, and a new id.
import assert from 'node:assert/strict';
import type { HistoryEvent, WorkflowExecutionInfo } from '@rewind/sdk/protocol';
import { freshWorkflowId, startLike } from '../src/model/start-like';

const NOW = Date.UTC(2026, 11, 7, 12, 0, 0);
const STAMP = NOW.toString(36);

function makeRun(workflowId: string): WorkflowExecutionInfo {
  return {
    namespace: 'default',
    workflowId,
    runId: 'r1',
    workflowType: 'orderWorkflow',
    taskQueue: 'orders',
    status: 'COMPLETED',
    startTime: new Date(NOW - 60_000).toISOString(),
    historyLength: 11,
  };
}

function makeStarted(input: unknown[]): HistoryEvent {
  return {
    eventId: 1,
    eventTime: new Date(NOW - 60_000).toISOString(),
    type: 'WorkflowExecutionStarted',
    workflowType: 'orderWorkflow',
    taskQueue: 'orders-eu',
    input: input as never,
    workflowTaskTimeoutMs: 10_000,
    attempt: 1,
    firstExecutionRunId: 'r1',
    originalExecutionRunId: 'r1',
  } as HistoryEvent;
}

describe('start like this one', function () {
  it("takes the started event's type, task queue and arguments, with a new id", function () {
    assert.deepEqual(startLike(makeRun('order-7'), makeStarted(['o-7', '1 hour']), NOW), {
      workflowType: 'orderWorkflow',
      taskQueue: 'orders-eu',
      workflowId: `order-7-${STAMP}`,
      args: ['o-7', '1 hour'],
    });
  });

  it('replaces a time suffix Start Workflow added, keeps any other ending', function () {
    const earlier = (NOW - 3_600_000).toString(36);
    assert.equal(freshWorkflowId(`orderWorkflow-${earlier}`, NOW), `orderWorkflow-${STAMP}`);
    assert.equal(freshWorkflowId('order-payments', NOW), `order-payments-${STAMP}`, "'payments' is not a time before now");
    assert.equal(freshWorkflowId('order-approval', NOW), `order-approval-${STAMP}`, "'approval' is a time before 2020");
  });

  it('gives nothing for a history that does not begin with the start', function () {
    assert.equal(startLike(makeRun('x'), undefined, NOW), undefined);
  });
});
