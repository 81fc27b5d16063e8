// One server, two dialects, one truth: runs started by Temporal's client and served by Temporal's worker
// (@temporalio/*, each in a process of its own) are listed, described, shown, followed, queried, signalled,
// cancelled, terminated and reset by Rewind's CLI, and replayed by Rewind's replay runtime and debugger
// with the same workflow code (Rewind's bundler maps @temporalio/workflow to Rewind's runtime).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { WorkflowFailedError, type WorkflowHandle } from '@temporalio/client';
import type { History, HistoryEvent } from '@rewind/sdk/protocol';
import { DeterminismViolationError, Worker } from '@rewind/sdk/worker';
import { ReplaySession } from '@rewind/sdk/internal/debug/replay-session';
import { temporal } from '../../src/grpc/proto';
import { runCli, startCli, type CliRun } from '../cli/run-cli';
import { eventually } from '../helpers/server';
import { tempDir } from '../helpers/temp';
import type * as workflows from '../fixtures/temporal-steps/workflows';
import { ofType } from './temporal-history-checks';
import { rewindEventType } from './temporal-event-types';
import { bundleSteps, journalLines, startSteps, stopSteps, type StepsSetup } from './temporal-steps-setup';

const workflowsPath = path.join(__dirname, '../fixtures/temporal-steps/workflows.ts');
const EventType = temporal.api.enums.v1.EventType;

/** The line of the fixture's workflows file that holds `text` (the first after the line holding `after`). */
function fixtureLine(text: string, after = ''): number {
  const lines = fs.readFileSync(workflowsPath, 'utf8').split('\n');
  const from = lines.findIndex((l) => l.includes(after));
  return lines.findIndex((l, i) => i >= from && l.includes(text)) + 1;
}

describe("a run of Temporal's SDK seen by Rewind's tools", function () {
  this.timeout(120_000);
  let s: StepsSetup | undefined;
  let cli: (...args: string[]) => Promise<CliRun>;

  before(async function () {
    s = await startSteps(await bundleSteps(tempDir('rewind-temporal-bundle-')), 'tools');
    const address = s.address;
    cli = (...args) => runCli(args, { REWIND_ADDRESS: address, REWIND_NAMESPACE: '' });
  });

  after(async function () {
    await stopSteps(s);
  });

  afterEach(function () {
    if (this.currentTest?.state === 'failed' && s) process.stderr.write(`server:\n${s.server.output()}\nworker:\n${s.worker.output()}\n`);
  });

  const setup = (): StepsSetup => {
    if (!s) throw new Error('The server and worker start in the before hook.');
    return s;
  };

  /** A CLI run that succeeded, its stdout parsed as JSON. */
  const json = <T>(run: CliRun): T => {
    assert.equal(run.code, 0, run.stderr);
    return JSON.parse(run.stdout) as T;
  };

  const rewindHistory = async (workflowId: string): Promise<History> =>
    json<History>(await cli('workflow', 'show', '-w', workflowId, '-o', 'json'));

  /** Waits until Temporal's client reads an event of this type in the run's history. */
  const temporalEvent = (handle: WorkflowHandle, type: temporal.api.enums.v1.EventType): Promise<true> =>
    eventually(async () => ofType((await handle.fetchHistory()).events ?? [], type).length > 0 || undefined, 30_000, EventType[type]);

  it('lists, describes, shows, follows and queries it, a signal from the CLI reaches its Temporal worker, and Rewind replays it', async function () {
    const { client, address } = setup();
    const handle = await client.workflow.start<typeof workflows.approval>('approval', {
      taskQueue: 'tools',
      workflowId: 'tools-approval',
      args: ['T-1'],
    });
    const table = startCli(['workflow', 'show', '-w', 'tools-approval', '--follow'], { REWIND_ADDRESS: address });
    const lines = startCli(['workflow', 'show', '-w', 'tools-approval', '--follow', '-o', 'json'], { REWIND_ADDRESS: address });
    try {
      // Waits for the workflow task after the reservation: the workflow then waits for the signal.
      await eventually(
        () =>
          /ActivityTaskCompleted +\{.*"result":"reserve:T-1"[\s\S]*\n\d+ +\S+ +WorkflowTaskCompleted /.test(table.output()) || undefined,
        30_000,
        'the follow',
      );
      const listed = await cli('workflow', 'list', '--query', "WorkflowId = 'tools-approval'");
      assert.match(listed.stdout, /^STATUS +WORKFLOW ID +TYPE /);
      assert.match(
        listed.stdout.trim().split('\n')[1] ?? '',
        new RegExp(`^RUNNING +tools-approval +approval +\\S+ +${handle.firstExecutionRunId}$`),
      );
      const described = json<{ status: string; workflowType: string; taskQueue: string; runId: string }>(
        await cli('workflow', 'describe', '-w', 'tools-approval', '-o', 'json'),
      );
      assert.deepEqual(
        { status: described.status, type: described.workflowType, queue: described.taskQueue, runId: described.runId },
        { status: 'RUNNING', type: 'approval', queue: 'tools', runId: handle.firstExecutionRunId },
      );

      // A query goes to the Temporal worker, which answers from the workflow's handler; the stack says where it waits.
      assert.equal((await cli('workflow', 'query', '-w', 'tools-approval', '--name', 'status')).stdout, 'Query result: "waiting"\n');
      const stack = await cli('workflow', 'stack', '-w', 'tools-approval');
      const waitsAt = new RegExp(`^tools-approval\\n.*fixtures/temporal-steps/workflows\\.ts:${fixtureLine('await condition(')}:\\d+`);
      assert.match(stack.stdout, waitsAt, stack.stderr);

      const signalled = await cli('workflow', 'signal', '-w', 'tools-approval', '--name', 'approve', '--input', '"ada"');
      assert.equal(signalled.code, 0, signalled.stderr);
      assert.equal(await handle.result(), 'T-1 approved by ada');
      assert.equal(await table.exited, 0);
      assert.equal(await lines.exited, 0);
    } finally {
      table.proc.kill('SIGKILL');
      lines.proc.kill('SIGKILL');
    }
    assert.match(table.output(), /WorkflowExecutionSignaled +\{"signalName":"approve","input":\["ada"\]/);
    assert.match(table.output(), /WorkflowExecutionCompleted +\{"result":"T-1 approved by ada"/);

    // One truth: what was followed, what Rewind's CLI shows and what Temporal's client reads are the same events.
    const stored = (await rewindHistory('tools-approval')).events;
    const followed = lines
      .output()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as HistoryEvent);
    assert.deepEqual(followed, stored, 'the follow printed every event once, in order');
    const temporalEvents = (await handle.fetchHistory()).events ?? [];
    assert.deepEqual(
      temporalEvents.map((e) => [Number(e.eventId), rewindEventType(e.eventType)]),
      stored.map((e) => [e.eventId, e.type]),
      "Temporal's client reads the same history",
    );
    assert.equal((await cli('workflow', 'describe', '-w', 'tools-approval')).stdout.match(/^Status +(\S+)$/m)?.[1], 'COMPLETED');
    const afterClose = await cli('workflow', 'query', '-w', 'tools-approval', '--name', 'status');
    assert.equal(afterClose.stdout, 'Query result: "approved by ada"\n', 'a query after the run closed');

    // Rewind's replay runtime replays what was followed (the signal included) with the same workflow code.
    await Worker.runReplayHistory({ workflowsPath }, { events: stored });
    // A real check: the same history with another activity type does not replay.
    const changed = stored.map((e) =>
      e.type === 'ActivityTaskScheduled' && e.activityType === 'ship' ? { ...e, activityType: 'charge' } : e,
    );
    await assert.rejects(Worker.runReplayHistory({ workflowsPath }, { events: changed }), DeterminismViolationError);
  });

  it("replays its history with Rewind's replay runtime, and Rewind's debugger steps through it", async function () {
    const { client } = setup();
    // A patch (a marker and Temporal's TemporalChangeVersion upsert) and a local activity (a marker).
    const handle = await client.workflow.start<typeof workflows.marked>('marked', {
      taskQueue: 'tools',
      workflowId: 'tools-marked',
      args: ['M-1', 10],
    });
    assert.equal(await handle.result(), 'v2 reserve:M-1');
    const history = await rewindHistory('tools-marked');
    assert.ok(
      history.events.some((e) => e.type === 'UpsertWorkflowSearchAttributes' && 'TemporalChangeVersion' in e.searchAttributes),
      "Temporal's worker made the patch searchable",
    );
    await Worker.runReplayHistory({ workflowsPath }, history);
    // A real check: the same history with another patch does not replay.
    const otherPatch = history.events.map((e) =>
      e.type === 'MarkerRecorded' && e.markerName === 'core_patch' ? { ...e, details: { ...e.details, patchId: 'v3' } } : e,
    );
    await assert.rejects(Worker.runReplayHistory({ workflowsPath }, { events: otherPatch }), DeterminismViolationError);

    const session = await ReplaySession.load({ history, workflowsPath });
    try {
      assert.equal(session.lastReachable, history.events.length, 'the debugger reaches the last event');
      assert.equal(session.nonDeterminism, undefined);
      assert.equal(session.codeError, undefined);
      const line = (type: HistoryEvent['type'], markerName?: string): number | undefined => {
        const e = history.events.find(
          (x) => x.type === type && (!markerName || (x.type === 'MarkerRecorded' && x.markerName === markerName)),
        )!;
        return session.info[e.eventId - 1]?.location?.line;
      };
      assert.equal(line('MarkerRecorded', 'core_patch'), fixtureLine("patched('v2')"), 'the patch marker at its line');
      assert.equal(line('TimerStarted'), fixtureLine('await sleep(sleepMs)', 'export async function marked'), 'the timer at its line');
      session.goTo(history.events.length);
      assert.equal(session.view().state.result, 'v2 reserve:M-1');
    } finally {
      session.dispose();
    }
  });

  it('cancels and terminates it from the CLI: the Temporal worker and client see each', async function () {
    const { client } = setup();
    const cancelled = await client.workflow.start<typeof workflows.marked>('marked', {
      taskQueue: 'tools',
      workflowId: 'tools-cancel',
      args: ['C-1', 3_600_000],
    });
    await temporalEvent(cancelled, EventType.EVENT_TYPE_TIMER_STARTED);
    assert.equal((await cli('workflow', 'cancel', '-w', 'tools-cancel')).stdout, 'Cancellation requested for tools-cancel\n');
    const cancelError = await cancelled.result().then(
      () => undefined,
      (err: unknown) => err,
    );
    assert.ok(cancelError instanceof WorkflowFailedError);
    assert.equal(cancelError.cause?.name, 'CancelledFailure');
    assert.match((await cli('workflow', 'describe', '-w', 'tools-cancel')).stdout, /^Status +CANCELLED$/m);
    const cancelEvents = (await rewindHistory('tools-cancel')).events.map((e) => e.type);
    assert.deepEqual(
      cancelEvents.slice(-2),
      ['TimerCanceled', 'WorkflowExecutionCanceled'],
      "the workflow's sleep was cancelled by its code",
    );

    const terminated = await client.workflow.start<typeof workflows.marked>('marked', {
      taskQueue: 'tools',
      workflowId: 'tools-terminate',
      args: ['X-1', 3_600_000],
    });
    await temporalEvent(terminated, EventType.EVENT_TYPE_TIMER_STARTED);
    assert.equal(
      (await cli('workflow', 'terminate', '-w', 'tools-terminate', '--reason', 'enough')).stdout,
      'Terminated tools-terminate\n',
    );
    const terminateError = await terminated.result().then(
      () => undefined,
      (err: unknown) => err,
    );
    assert.ok(terminateError instanceof WorkflowFailedError);
    assert.equal(terminateError.cause?.name, 'TerminatedFailure');
    assert.equal(terminateError.cause?.message, 'enough');
    assert.match((await cli('workflow', 'describe', '-w', 'tools-terminate')).stdout, /^Status +TERMINATED$/m);
  });

  it('resets it from the CLI: the Temporal worker runs the new run from the first workflow task', async function () {
    const setupNow = setup();
    const handle = await setupNow.client.workflow.start<typeof workflows.steps>('steps', {
      taskQueue: 'tools',
      workflowId: 'tools-reset',
      args: ['R-1', 10],
    });
    assert.equal(await handle.result(), 'reserve:R-1, charge:R-1, ship:R-1');
    const reset = await cli('workflow', 'reset', '-w', 'tools-reset', '--type', 'FirstWorkflowTask', '--reason', 'again');
    assert.match(reset.stdout, /^Reset tools-reset: new run [0-9a-f-]{36}\n$/, reset.stderr);
    const newRun = /new run (\S+)/.exec(reset.stdout)![1]!;
    const latest = setupNow.client.workflow.getHandle('tools-reset');
    assert.equal(await latest.result(), 'reserve:R-1, charge:R-1, ship:R-1');
    assert.equal((await latest.describe()).runId, newRun);
    assert.deepEqual(
      journalLines(setupNow).filter((l) => l.includes('R-1') && l.endsWith('done')),
      ['reserve', 'charge', 'ship', 'reserve', 'charge', 'ship'].map((step) => `${step} R-1 attempt=1 done`),
      'the new run ran every step again',
    );
    const events = (await rewindHistory('tools-reset')).events;
    assert.ok(events.some((e) => e.type === 'WorkflowTaskFailed' && e.cause === 'RESET_WORKFLOW'));
    await Worker.runReplayHistory({ workflowsPath }, { events });
  });
});
