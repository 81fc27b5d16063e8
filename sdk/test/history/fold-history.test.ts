// The one fold of a history, read two ways: the debugger's workflow state and the tree's and history
// view's steps come from the same records, so they agree; where they word a record differently (a cancel
// request, a child that could not start, a local activity waiting to retry), both readings are pinned here.
import assert from 'node:assert/strict';
import type { EventOf, Failure, HistoryEventBody } from '@rewind/sdk/protocol';
import { workflowStateAt } from '@rewind/sdk/internal/debug/workflow-state';
import { foldHistory } from '@rewind/sdk/internal/history/fold-history';
import { historySteps, RUN_STEP_STATE } from '@rewind/sdk/internal/history/history-steps';
import { CLOSING_EVENT_STATUS, runStatusAfter, type ClosingEventType } from '@rewind/sdk/internal/history/run-status';
import { HistoryBuilder } from '../factories';

const failure = (message: string): Failure => ({ message, info: { type: 'application', errorType: 'Error', nonRetryable: false } });

function started(): HistoryBuilder {
  const h = new HistoryBuilder();
  h.add({
    type: 'WorkflowExecutionStarted',
    workflowType: 'order',
    taskQueue: 'q',
    input: ['o-1'],
    workflowTaskTimeoutMs: 10_000,
    attempt: 1,
    firstExecutionRunId: 'r',
    originalExecutionRunId: 'r',
  });
  return h;
}

const scheduled = (activityType: string): HistoryEventBody => ({
  type: 'ActivityTaskScheduled',
  activityId: activityType,
  activityType,
  taskQueue: 'q',
  input: [],
  retryPolicy: {
    initialIntervalMs: 1000,
    backoffCoefficient: 2,
    maximumIntervalMs: 100_000,
    maximumAttempts: 0,
    nonRetryableErrorTypes: [],
  },
  workflowTaskCompletedEventId: 1,
});

const CLOSING: { [T in ClosingEventType]: EventOf<T> extends infer E ? Omit<E, 'eventId' | 'eventTime'> : never } = {
  WorkflowExecutionCompleted: { type: 'WorkflowExecutionCompleted', result: 'done', workflowTaskCompletedEventId: 1 },
  WorkflowExecutionFailed: {
    type: 'WorkflowExecutionFailed',
    failure: failure('boom'),
    retryState: 'RETRY_POLICY_NOT_SET',
    workflowTaskCompletedEventId: 1,
  },
  WorkflowExecutionTimedOut: { type: 'WorkflowExecutionTimedOut', retryState: 'TIMEOUT' },
  WorkflowExecutionCanceled: { type: 'WorkflowExecutionCanceled', workflowTaskCompletedEventId: 1 },
  WorkflowExecutionTerminated: { type: 'WorkflowExecutionTerminated', reason: 'by hand' },
  WorkflowExecutionContinuedAsNew: {
    type: 'WorkflowExecutionContinuedAsNew',
    newExecutionRunId: 'r2',
    workflowType: 'order',
    taskQueue: 'q',
    input: [],
    workflowTaskCompletedEventId: 1,
  },
};

describe('the one fold of a history', function () {
  it('closes the run in the status of the one table, for the debugger and for the steps alike', function () {
    for (const [type, body] of Object.entries(CLOSING) as Array<[ClosingEventType, HistoryEventBody]>) {
      const h = started();
      h.add(body);
      const status = CLOSING_EVENT_STATUS[type];
      assert.equal(runStatusAfter(type), status);
      const state = workflowStateAt(h.events, 2);
      assert.equal(state.status, status, type);
      const [workflow] = historySteps(h.events);
      assert.deepEqual([workflow!.kind, workflow!.state, workflow!.lastEventId], ['workflow', RUN_STEP_STATE[status], 2], type);
      assert.deepEqual([workflow!.result, workflow!.failure], [state.result, state.failure], type);
    }
    assert.equal(runStatusAfter('WorkflowExecutionStarted'), 'RUNNING');
    assert.equal(runStatusAfter('ActivityTaskScheduled'), undefined, 'other events leave the status as it was');
  });

  it('a cancel request: the debugger says so until the next event of the activity, the step stays as it was', function () {
    const h = started();
    h.add(scheduled('charge')); // 2
    h.add(scheduled('ship')); // 3
    h.add({ type: 'ActivityTaskStarted', scheduledEventId: 3, attempt: 1 }); // 4
    h.add({ type: 'ActivityTaskCancelRequested', scheduledEventId: 2, workflowTaskCompletedEventId: 1 }); // 5
    h.add({ type: 'ActivityTaskCancelRequested', scheduledEventId: 3, workflowTaskCompletedEventId: 1 }); // 6
    const activities = (position: number) => workflowStateAt(h.events, position).activities.map((a) => a.status);
    const steps = (position: number) => historySteps(h.events.slice(0, position)).filter((s) => s.kind === 'activity');
    assert.deepEqual(activities(6), ['cancelRequested', 'cancelRequested']);
    assert.deepEqual(
      steps(6).map((s) => s.state),
      ['scheduled', 'running'],
    );
    h.add({ type: 'ActivityTaskCanceled', scheduledEventId: 3, startedEventId: 4 }); // 7
    assert.deepEqual(activities(7), ['cancelRequested', 'canceled']);
    assert.deepEqual(
      steps(7).map((s) => [s.state, s.lastEventId]),
      [
        ['scheduled', 2],
        ['cancelled', 7],
      ],
    );
  });

  it('a retried activity: its last failure, shown as the step’s failure until it completes', function () {
    const h = started();
    h.add(scheduled('charge')); // 2
    h.add({ type: 'ActivityTaskStarted', scheduledEventId: 2, attempt: 3, lastFailure: failure('declined') }); // 3
    let [activity] = workflowStateAt(h.events, 3).activities;
    let [, step] = historySteps(h.events);
    assert.deepEqual([activity!.status, activity!.attempt, activity!.lastFailure?.message], ['started', 3, 'declined']);
    assert.deepEqual([step!.state, step!.attempt, step!.failure?.message, step!.current], ['running', 3, 'declined', true]);
    h.add({ type: 'ActivityTaskCompleted', scheduledEventId: 2, startedEventId: 3, result: 'paid' }); // 4
    [activity] = workflowStateAt(h.events, 4).activities;
    [, step] = historySteps(h.events);
    assert.deepEqual([activity!.status, activity!.result, activity!.lastFailure?.message], ['completed', 'paid', 'declined']);
    assert.deepEqual([step!.state, step!.result, step!.failure], ['completed', 'paid', undefined]);
  });

  it('a child that could not start: failed with the cause as its failure in the steps, startFailed in the debugger', function () {
    const h = started();
    h.add({
      type: 'StartChildWorkflowExecutionInitiated',
      workflowId: 'ship-1',
      workflowType: 'ship',
      taskQueue: 'q',
      input: ['o-1'],
      parentClosePolicy: 'TERMINATE',
      workflowTaskCompletedEventId: 1,
    });
    h.add({
      type: 'StartChildWorkflowExecutionFailed',
      workflowId: 'ship-1',
      workflowType: 'ship',
      cause: 'WORKFLOW_ALREADY_EXISTS',
      initiatedEventId: 2,
    });
    assert.deepEqual(workflowStateAt(h.events, 3).children, [
      { initiatedEventId: 2, workflowId: 'ship-1', workflowType: 'ship', status: 'startFailed' },
    ]);
    const [, child] = historySteps(h.events);
    assert.deepEqual(
      [child!.label, child!.state, child!.input, child!.failure?.message, child!.lastEventId],
      ['ship (ship-1)', 'failed', ['o-1'], 'Could not start: WORKFLOW_ALREADY_EXISTS', 3],
    );
  });

  it('local activities, updates, patches and cancel requests are steps the debugger’s state does not list', function () {
    const h = started();
    const marker = (details: Record<string, unknown>, withFailure: boolean): HistoryEventBody => ({
      type: 'MarkerRecorded',
      markerName: 'core_local_activity',
      details: { seq: 1, activityId: '1', activityType: 'lookup', ...details },
      ...(withFailure ? { failure: failure('down') } : {}),
      workflowTaskCompletedEventId: 1,
    });
    h.add(marker({ attempt: 1, backoffMs: 1000 }, true)); // 2: waits before attempt 2
    h.add(marker({ attempt: 2, result: 'found' }, false)); // 3
    h.add({ type: 'MarkerRecorded', markerName: 'core_patch', details: { patchId: 'v2' }, workflowTaskCompletedEventId: 1 }); // 4
    h.add({ type: 'WorkflowExecutionUpdateAccepted', updateId: 'u', name: 'rename', input: ['x'], workflowTaskCompletedEventId: 1 }); // 5
    h.add({
      type: 'WorkflowExecutionUpdateCompleted',
      updateId: 'u',
      acceptedEventId: 5,
      failure: failure('no'),
      workflowTaskCompletedEventId: 1,
    }); // 6
    h.add({ type: 'WorkflowExecutionCancelRequested', cause: 'not needed' }); // 7
    assert.deepEqual(
      historySteps(h.events).map((s) => [s.kind, s.label, s.state, s.firstEventId, s.lastEventId]),
      [
        ['workflow', 'order', 'running', 1, 1],
        ['localActivity', 'lookup', 'running', 2, 2],
        ['localActivity', 'lookup', 'completed', 3, 3],
        ['marker', 'patch v2', 'completed', 4, 4],
        ['update', 'rename', 'failed', 5, 6],
        ['cancelRequest', 'not needed', 'completed', 7, 7],
      ],
    );
    const state = workflowStateAt(h.events, 7);
    assert.deepEqual([state.activities, state.timers, state.children, state.signals], [[], [], [], []]);
    assert.equal(foldHistory(h.events).steps.length, 5, 'one record per step, the run apart');
  });

  it('an event about a step it does not have changes nothing', function () {
    const h = started();
    h.add({ type: 'ActivityTaskCompleted', scheduledEventId: 9, startedEventId: 8 });
    h.add({ type: 'TimerFired', timerId: '9', startedEventId: 9 });
    h.add({ type: 'ChildWorkflowExecutionStarted', workflowId: 'c', workflowType: 'c', runId: 'cr', initiatedEventId: 9 });
    assert.deepEqual(foldHistory(h.events).steps, []);
    assert.deepEqual(
      historySteps(h.events).map((s) => s.kind),
      ['workflow'],
    );
  });
});
