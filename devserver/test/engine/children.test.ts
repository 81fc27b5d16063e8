// Signals and cancel requests sent to other workflows, on the engine alone: the commands in, the
// events and the service's effects out.
import assert from 'node:assert/strict';
import type { Command, HistoryEvent } from '@rewind/sdk/protocol';
import { externalDelivered } from '../../src/engine/children';
import { completeWorkflowTask } from '../../src/engine/complete-workflow-task';
import { startRun } from '../../src/engine/execution';
import type { RunState } from '../../src/engine/run-state';
import { RunTransition, type RunEffect } from '../../src/engine/transition';
import { startWorkflowTask } from '../../src/engine/workflow-task';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const WORKER = { workerId: 'worker-1' };

/** A run whose first workflow task a worker holds, with its history so far. */
function runWithTaskStarted(): { state: RunState; history: HistoryEvent[] } {
  const start = startRun(
    { namespace: 'default', workflowId: 'sender', runId: 'run-1', workflowType: 'wf', taskQueue: 'q', args: [], requestId: 'r' },
    T0,
  );
  const history = [...start.events];
  const tx = new RunTransition(start.state, T0);
  startWorkflowTask(tx, start.state.workflowTask!.scheduledEventId, WORKER);
  history.push(...tx.events);
  return { state: start.state, history };
}

/** Completes the started task with `commands`: the events and the effects on other runs. */
function completeTask(state: RunState, commands: Command[]): { events: HistoryEvent[]; effects: RunEffect[] } {
  const tx = new RunTransition(state, T0 + 1000);
  completeWorkflowTask(tx, commands, WORKER);
  return { events: tx.events, effects: tx.effects };
}

/** The service's answer to an external signal or cancel request (delivered to `runId`, or not found). */
function answer(state: RunState, effect: RunEffect, runId: string | undefined): HistoryEvent[] {
  if (effect.type !== 'signalExternal' && effect.type !== 'cancelExternal') throw new Error(`not an external command: ${effect.type}`);
  const tx = new RunTransition(state, T0 + 1000);
  externalDelivered(tx, effect.type === 'signalExternal' ? 'signal' : 'cancel', effect.initiatedEventId, effect.workflowId, runId);
  return tx.events;
}

const signal: Command = {
  type: 'SignalExternalWorkflowExecution',
  seq: 1,
  workflowId: 'other',
  signalName: 'poke',
  args: [1],
  childWorkflowOnly: false,
};
const cancel: Command = { type: 'RequestCancelExternalWorkflowExecution', seq: 2, workflowId: 'other', childWorkflowOnly: false };

describe('engine: signalling and cancelling other workflows', function () {
  it('a signal: initiated event, a signalExternal effect; delivered, the answer and a workflow task', function () {
    const { state } = runWithTaskStarted();
    const { events, effects } = completeTask(state, [signal]);
    assert.deepEqual(
      events.map((e) => e.type),
      ['WorkflowTaskCompleted', 'SignalExternalWorkflowExecutionInitiated'],
    );
    assert.deepEqual(effects, [
      {
        type: 'signalExternal',
        senderRunId: 'run-1',
        initiatedEventId: 5,
        namespace: 'default',
        workflowId: 'other',
        childWorkflowOnly: false,
        signalName: 'poke',
        args: [1],
      },
    ]);
    assert.deepEqual(
      answer(state, effects[0]!, 'other-run').map((e) => [e.type, 'initiatedEventId' in e ? e.initiatedEventId : undefined]),
      [
        ['ExternalWorkflowExecutionSignaled', 5],
        ['WorkflowTaskScheduled', undefined],
      ],
    );
  });

  it('a cancel request: initiated event, a cancelExternal effect; not found, the failure and a workflow task', function () {
    const { state } = runWithTaskStarted();
    const { events, effects } = completeTask(state, [{ ...cancel, runId: 'that-run' } as Command]);
    assert.deepEqual(
      events.map((e) => e.type),
      ['WorkflowTaskCompleted', 'RequestCancelExternalWorkflowExecutionInitiated'],
    );
    assert.deepEqual(effects, [
      {
        type: 'cancelExternal',
        senderRunId: 'run-1',
        initiatedEventId: 5,
        namespace: 'default',
        workflowId: 'other',
        runId: 'that-run',
        childWorkflowOnly: false,
      },
    ]);
    const failed = answer(state, effects[0]!, undefined)[0];
    assert.deepEqual(
      { type: failed?.type, cause: failed && 'cause' in failed ? failed.cause : undefined },
      { type: 'RequestCancelExternalWorkflowExecutionFailed', cause: 'EXTERNAL_WORKFLOW_EXECUTION_NOT_FOUND' },
    );
  });

  for (const command of [signal, cancel]) {
    it(`a ${command.type} in the task that closes the run: the answer adds nothing after the close`, function () {
      const { state } = runWithTaskStarted();
      const { events, effects } = completeTask(state, [command, { type: 'CompleteWorkflowExecution', result: 'done' }]);
      assert.equal(events.at(-1)?.type, 'WorkflowExecutionCompleted');
      assert.deepEqual(answer(state, effects[0]!, 'other-run'), []);
      assert.deepEqual(answer(state, effects[0]!, undefined), []);
      assert.equal(state.workflowTask, undefined);
    });
  }
});
