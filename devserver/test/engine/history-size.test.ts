// What a WorkflowTaskStarted says of the history on the engine alone: its size so far in bytes (each
// event's JSON as stored) and whether to continue as new (Temporal's defaults: 4,096 events or 4 MiB).
import assert from 'node:assert/strict';
import type { EventOf, HistoryEvent } from '@rewind/sdk/protocol';
import { signalRun, startRun } from '../../src/engine/execution';
import { completeWorkflowTask } from '../../src/engine/complete-workflow-task';
import { rebuildState } from '../../src/engine/rebuild';
import { SUGGEST_CONTINUE_AS_NEW_AT, type RunState } from '../../src/engine/run-state';
import type { StartRunParams } from '../../src/engine/start-run-params';
import { RunTransition } from '../../src/engine/transition';
import { startWorkflowTask } from '../../src/engine/workflow-task';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const START: StartRunParams = {
  namespace: 'default',
  workflowId: 'wf-1',
  runId: 'run-1',
  workflowType: 'wf',
  taskQueue: 'q',
  args: [],
  requestId: 'r',
};

/** The WorkflowTaskStarted of a new run's first task, after `adjust` changed the run's state. */
function firstTaskStarted(adjust: (state: RunState) => void = () => undefined): EventOf<'WorkflowTaskStarted'> {
  const start = startRun(START, T0);
  adjust(start.state);
  const tx = new RunTransition(start.state, T0);
  assert.ok(startWorkflowTask(tx, start.state.workflowTask!.scheduledEventId, { workerId: 'worker-1' }));
  return tx.events.find((e): e is EventOf<'WorkflowTaskStarted'> => e.type === 'WorkflowTaskStarted')!;
}

describe('engine: what a WorkflowTaskStarted says of the history', function () {
  it('records the bytes of the events before it, as the store keeps them (JSON, UTF-8)', function () {
    const start = startRun({ ...START, args: ['naïve ✓'] }, T0);
    const bytes = start.events.reduce((n, e) => n + Buffer.byteLength(JSON.stringify(e), 'utf8'), 0);
    const tx = new RunTransition(start.state, T0);
    startWorkflowTask(tx, start.state.workflowTask!.scheduledEventId, { workerId: 'worker-1' });
    const started = tx.events[0] as EventOf<'WorkflowTaskStarted'>;
    assert.equal(started.historySizeBytes, bytes);
    assert.equal(started.suggestContinueAsNew, false);
  });

  it("counts a command's user metadata, which goes on its event after it was appended", function () {
    const start = startRun(START, T0);
    const state = start.state;
    const events = [...start.events];
    const step = (fn: (tx: RunTransition) => void): void => {
      const tx = new RunTransition(state, T0);
      fn(tx);
      events.push(...tx.events);
    };
    const worker = { workerId: 'worker-1' };
    step((tx) => startWorkflowTask(tx, state.workflowTask!.scheduledEventId, worker));
    step((tx) =>
      completeWorkflowTask(
        tx,
        [{ type: 'StartTimer', seq: 1, startToFireTimeoutMs: 60_000, userMetadata: { summary: 'a nap — ✓', details: 'long' } }],
        worker,
      ),
    );
    assert.deepEqual(events.find((e) => e.type === 'TimerStarted')?.userMetadata, { summary: 'a nap — ✓', details: 'long' });
    step((tx) => signalRun(tx, { signalName: 'wake', args: [] }));
    step((tx) => startWorkflowTask(tx, state.workflowTask!.scheduledEventId, worker));
    const started = events.at(-1) as EventOf<'WorkflowTaskStarted'>;
    assert.equal(started.type, 'WorkflowTaskStarted');
    const before = events.slice(0, -1).reduce((n, e) => n + Buffer.byteLength(JSON.stringify(e), 'utf8'), 0);
    assert.equal(started.historySizeBytes, before);
    // The same count as a state rebuilt from the history as stored (a reset's) gets.
    const stored = events.map((e) => JSON.parse(JSON.stringify(e)) as HistoryEvent);
    const rebuilt = rebuildState(state, stored, T0);
    assert.equal(rebuilt.historySizeBytes, state.historySizeBytes);
  });

  it('suggests continuing as new from the 4,096th event, or 4 MiB of history', function () {
    const at = (nextEventId: number) => firstTaskStarted((s) => (s.nextEventId = nextEventId));
    assert.equal(at(SUGGEST_CONTINUE_AS_NEW_AT.events - 1).suggestContinueAsNew, false, 'the 4,095th event');
    assert.equal(at(SUGGEST_CONTINUE_AS_NEW_AT.events).eventId, 4096);
    assert.equal(at(SUGGEST_CONTINUE_AS_NEW_AT.events).suggestContinueAsNew, true, 'the 4,096th event');
    const big = firstTaskStarted((s) => (s.historySizeBytes = SUGGEST_CONTINUE_AS_NEW_AT.bytes));
    assert.equal(big.suggestContinueAsNew, true, '4 MiB');
  });

  it('records no size for a run persisted before the server counted it', function () {
    const started = firstTaskStarted((s) => delete s.historySizeBytes);
    assert.equal(started.historySizeBytes, undefined);
  });
});
