// Headers and user metadata on the engine alone (both dialects): from a request or a command to the
// events it records, to what the service is asked to do for other runs, and to the runs that follow.
import assert from 'node:assert/strict';
import type { Command, EventOf, Header, HistoryEvent, UserMetadata } from '@rewind/sdk/protocol';
import { commandSchema, encodedPayload, requestSchemas } from '@rewind/sdk/protocol';
import { completeWorkflowTask } from '../../src/engine/complete-workflow-task';
import { signalRun, startRun } from '../../src/engine/execution';
import { onTimer } from '../../src/engine/on-timer';
import { rebuildState } from '../../src/engine/rebuild';
import type { RunState } from '../../src/engine/run-state';
import type { StartRunParams } from '../../src/engine/start-run-params';
import { RunTransition } from '../../src/engine/transition';
import { startWorkflowTask } from '../../src/engine/workflow-task';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const WORKER = { workerId: 'worker-1' };

/** A header as Temporal's interceptors write one: a plain value and bytes Rewind keeps encoded. */
const HEADER: Header = {
  trace: 'trace-1',
  raw: encodedPayload({ metadata: { encoding: Buffer.from('binary/plain').toString('base64') }, data: 'AAEC/w==' }),
};
const META: UserMetadata = {
  summary: 'a summary',
  details: encodedPayload({ metadata: { encoding: Buffer.from('binary/xor').toString('base64') }, data: 'KCkq' }),
};

const START: StartRunParams = {
  namespace: 'default',
  workflowId: 'wf-1',
  runId: 'run-1',
  workflowType: 'wf',
  taskQueue: 'q',
  args: [],
  requestId: 'r',
};

/** A run whose first workflow task a worker holds. */
function runWithTaskStarted(p: Partial<StartRunParams> = {}): { state: RunState; started: EventOf<'WorkflowExecutionStarted'> } {
  const start = startRun({ ...START, ...p }, T0);
  const started = start.events[0] as EventOf<'WorkflowExecutionStarted'>;
  const tx = new RunTransition(start.state, T0);
  if (start.state.workflowTask?.status === 'backoff') onTimer(tx, { kind: 'workflow-task-retry', key: '0' });
  startWorkflowTask(tx, start.state.workflowTask!.scheduledEventId, WORKER);
  return { state: start.state, started };
}

function complete(state: RunState, commands: Command[]): RunTransition {
  const tx = new RunTransition(state, T0 + 60_000, () => 'run-2');
  completeWorkflowTask(tx, commands, WORKER);
  return tx;
}

const only = <T extends HistoryEvent['type']>(events: readonly HistoryEvent[], type: T): EventOf<T> => {
  const found = events.filter((e): e is EventOf<T> => e.type === type);
  assert.equal(found.length, 1, `one ${type}`);
  return found[0]!;
};

describe('engine: headers and user metadata', function () {
  it('a start keeps its header and user metadata on WorkflowExecutionStarted; a signal its header', function () {
    const { state, started } = runWithTaskStarted({ header: HEADER, userMetadata: META });
    assert.deepEqual(started.header, HEADER);
    assert.deepEqual(started.userMetadata, META);
    const tx = new RunTransition(state, T0);
    signalRun(tx, { signalName: 's', args: [], header: HEADER });
    const tx2 = new RunTransition(state, T0);
    completeWorkflowTask(tx2, [], WORKER);
    assert.deepEqual(only(tx2.events, 'WorkflowExecutionSignaled').header, HEADER);
  });

  it("a command's header goes on its event, and its user metadata on the event it records", function () {
    const { state } = runWithTaskStarted();
    const tx = complete(state, [
      {
        type: 'ScheduleActivityTask',
        seq: 1,
        activityId: '1',
        activityType: 'a',
        taskQueue: 'q',
        args: [],
        startToCloseTimeoutMs: 1000,
        header: HEADER,
        userMetadata: META,
      },
      { type: 'StartTimer', seq: 1, startToFireTimeoutMs: 1000, userMetadata: { summary: 'nap' } },
      { type: 'RecordMarker', markerName: 'core_local_activity', details: {}, header: HEADER, userMetadata: { summary: 'local' } },
      {
        type: 'StartChildWorkflowExecution',
        seq: 5,
        workflowId: 'child',
        workflowType: 'c',
        taskQueue: 'q',
        args: [],
        parentClosePolicy: 'TERMINATE',
        header: HEADER,
        userMetadata: META,
      },
      {
        type: 'SignalExternalWorkflowExecution',
        seq: 6,
        workflowId: 'other',
        signalName: 'poke',
        args: [],
        childWorkflowOnly: false,
        header: HEADER,
      },
    ]);
    const scheduled = only(tx.events, 'ActivityTaskScheduled');
    assert.deepEqual([scheduled.header, scheduled.userMetadata], [HEADER, META]);
    assert.deepEqual(only(tx.events, 'TimerStarted').userMetadata, { summary: 'nap' });
    const marker = only(tx.events, 'MarkerRecorded');
    assert.deepEqual([marker.header, marker.userMetadata], [HEADER, { summary: 'local' }]);
    const initiated = only(tx.events, 'StartChildWorkflowExecutionInitiated');
    assert.deepEqual([initiated.header, initiated.userMetadata], [HEADER, META]);
    assert.deepEqual(only(tx.events, 'SignalExternalWorkflowExecutionInitiated').header, HEADER);
    assert.equal(only(tx.events, 'WorkflowTaskCompleted').userMetadata, undefined, 'nothing else gets it');
    // What the service does for other runs carries them on: the child's start, the signal's delivery.
    const child = tx.effects.find((e) => e.type === 'startChild');
    assert.deepEqual(child?.type === 'startChild' && [child.start.header, child.start.userMetadata], [HEADER, META]);
    const signal = tx.effects.find((e) => e.type === 'signalExternal');
    assert.deepEqual(signal?.type === 'signalExternal' && signal.header, HEADER);
  });

  it('continue-as-new: the header on its event and on the next run’s start', function () {
    const { state } = runWithTaskStarted({ header: { trace: 'old' } });
    const tx = complete(state, [{ type: 'ContinueAsNewWorkflowExecution', workflowType: 'wf', taskQueue: 'q', args: [], header: HEADER }]);
    assert.deepEqual(only(tx.events, 'WorkflowExecutionContinuedAsNew').header, HEADER);
    assert.deepEqual((tx.spawned[0]!.events[0] as EventOf<'WorkflowExecutionStarted'>).header, HEADER);
  });

  it("a cron workflow's next run starts with the first one's header, also after a reset rebuilt its state", function () {
    const { state, started } = runWithTaskStarted({ cronSchedule: '* * * * *', header: HEADER });
    const tx = complete(state, [{ type: 'CompleteWorkflowExecution', result: 'done' }]);
    assert.deepEqual((tx.spawned[0]!.events[0] as EventOf<'WorkflowExecutionStarted'>).header, HEADER);
    const rebuilt = rebuildState(
      { namespace: 'default', workflowId: 'wf-1', runId: 'run-9', firstExecutionRunId: 'run-1', startRequestId: 'r9' },
      [started],
      T0,
    );
    assert.deepEqual(rebuilt.cron?.header, HEADER);
  });

  it("Rewind's protocol takes them in its start, signal and query requests and in commands; older shapes still parse", function () {
    const target = { namespace: 'default', workflowId: 'w' };
    const start = requestSchemas['workflow.start'].parse(
      { ...target, workflowType: 't', taskQueue: 'q', args: [], requestId: 'r', header: HEADER, userMetadata: META },
      '',
    );
    assert.deepEqual([start.header, start.userMetadata], [HEADER, META]);
    const sws = requestSchemas['workflow.signalWithStart'].parse(
      {
        ...target,
        workflowType: 't',
        taskQueue: 'q',
        args: [],
        requestId: 'r',
        signalName: 's',
        signalArgs: [],
        header: HEADER,
        userMetadata: META,
      },
      '',
    );
    assert.deepEqual([sws.header, sws.userMetadata], [HEADER, META]);
    assert.deepEqual(requestSchemas['workflow.signal'].parse({ ...target, signalName: 's', args: [], header: HEADER }, '').header, HEADER);
    assert.deepEqual(requestSchemas['workflow.query'].parse({ ...target, queryType: 'q', args: [], header: HEADER }, '').header, HEADER);
    const timer = commandSchema.parse({ type: 'CancelTimer', seq: 1, userMetadata: META }, '');
    assert.deepEqual(timer.userMetadata, META, 'any command may carry user metadata');
    assert.deepEqual(commandSchema.parse({ type: 'StartTimer', seq: 1, startToFireTimeoutMs: 5 }, ''), {
      type: 'StartTimer',
      seq: 1,
      startToFireTimeoutMs: 5,
    });
    assert.throws(() => requestSchemas['workflow.signal'].parse({ ...target, signalName: 's', args: [], header: ['x'] }, ''), /header/);
  });
});
