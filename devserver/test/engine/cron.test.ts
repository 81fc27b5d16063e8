// A cron workflow's next run, on the engine alone: the closing run's result in, the next run's start
// event out (what the workflow reads as its last completion result).
import assert from 'node:assert/strict';
import type { EventOf, Payload } from '@rewind/sdk/protocol';
import { completeWorkflowTask } from '../../src/engine/complete-workflow-task';
import { startRun } from '../../src/engine/execution';
import { onTimer } from '../../src/engine/on-timer';
import { RunTransition } from '../../src/engine/transition';
import { startWorkflowTask } from '../../src/engine/workflow-task';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const WORKER = { workerId: 'worker-1' };

/** Runs one cron run that returns `result`; the start event of the run that follows it. */
function nextRunStartAfter(result: Payload): EventOf<'WorkflowExecutionStarted'> {
  const start = startRun(
    {
      namespace: 'default',
      workflowId: 'nightly',
      runId: 'run-1',
      workflowType: 'wf',
      taskQueue: 'q',
      args: [],
      requestId: 'r',
      cronSchedule: '* * * * *',
    },
    T0,
  );
  const state = start.state;
  const tx = new RunTransition(state, T0 + 60_000, () => 'run-2');
  onTimer(tx, { kind: 'workflow-task-retry', key: '0' }); // The cron time comes: the first task is scheduled.
  startWorkflowTask(tx, state.workflowTask!.scheduledEventId, WORKER);
  completeWorkflowTask(tx, [{ type: 'CompleteWorkflowExecution', result }], WORKER);
  const next = tx.spawned[0]?.events[0];
  assert.equal(next?.type, 'WorkflowExecutionStarted');
  return next;
}

describe('engine: a cron workflow hands its result to its next run', function () {
  for (const result of [0, '', false, null, 'done', { n: 1 }]) {
    it(`a run that returns ${JSON.stringify(result)}: the next run starts with that last completion result`, function () {
      const started = nextRunStartAfter(result);
      assert.equal(started.initiator, 'CRON_SCHEDULE');
      assert.ok('lastCompletionResult' in started, 'the start event holds the result');
      assert.deepEqual(started.lastCompletionResult, result);
    });
  }
});
