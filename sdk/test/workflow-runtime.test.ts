// The workflow runtime as a pure step: an activation goes in, commands come out; no server involved.
import assert from 'node:assert/strict';
import path from 'node:path';
import dayjs from 'dayjs';
import type { ActivationJob, ActivationResult, Command } from '@rewind/sdk/protocol';
import { bundleWorkflowCode, WorkflowBundleError } from '@rewind/sdk/worker';
import { WorkflowSandbox, type SandboxRun } from '@rewind/sdk/internal/worker/sandbox/sandbox';
import { makeActivation, makeFailActivity, makeFireTimer, makeResolveActivity, makeSignal, makeStart, T0 } from './factories';

const WORKFLOWS = path.join(__dirname, 'fixtures/workflows.ts');

function commands(result: ActivationResult): Command[] {
  assert.equal(result.status, 'ok', result.status === 'failed' ? result.failure.message : '');
  return result.status === 'ok' ? result.commands : [];
}

describe('workflow runtime (activation in, commands out)', function () {
  let sandbox: WorkflowSandbox;

  before(async function () {
    sandbox = await WorkflowSandbox.create(await bundleWorkflowCode({ workflowsPath: WORKFLOWS }));
  });

  function start(workflowType: string, args: unknown[] = [], seed = 7): { run: SandboxRun; first: ActivationResult } {
    const run = sandbox.createRun(seed, T0);
    const first = run.activate(makeActivation([makeStart(workflowType, args as never[], seed)]));
    return { run, first };
  }

  it('lists the exported workflow functions', function () {
    assert.ok(sandbox.workflowTypes.includes('sequence'));
    assert.ok(sandbox.workflowTypes.includes('approval'));
    assert.ok(!sandbox.workflowTypes.includes('approve'), 'a signal definition is not a workflow');
  });

  it('schedules activities and timers one step at a time', function () {
    const { run, first } = start('sequence', ['Ada']);
    const [schedule] = commands(first);
    assert.equal(schedule?.type, 'ScheduleActivityTask');
    assert.deepEqual(
      schedule?.type === 'ScheduleActivityTask' && {
        seq: schedule.seq,
        activityType: schedule.activityType,
        args: schedule.args,
        taskQueue: schedule.taskQueue,
      },
      { seq: 1, activityType: 'greet', args: ['Ada'], taskQueue: 'test' },
    );
    assert.deepEqual(commands(run.activate(makeActivation([makeResolveActivity(1, 'hello Ada')]))), [
      { type: 'StartTimer', seq: 1, startToFireTimeoutMs: 10_000 },
    ]);
    const third = commands(run.activate(makeActivation([makeFireTimer(1)])));
    assert.equal(third.length, 1);
    assert.equal(third[0]?.type === 'ScheduleActivityTask' && third[0].activityType, 'charge');
    assert.deepEqual(commands(run.activate(makeActivation([makeResolveActivity(2, 'charged')]))), [
      { type: 'CompleteWorkflowExecution', result: 'hello Ada|charged' },
    ]);
  });

  it('issues the activities of Promise.all in one task, and resolves in any order', function () {
    const { run, first } = start('parallel');
    assert.deepEqual(
      commands(first).map((c) => c.type === 'ScheduleActivityTask' && [c.seq, c.args[0]]),
      [
        [1, 'a'],
        [2, 'b'],
        [3, 'c'],
      ],
    );
    assert.deepEqual(commands(run.activate(makeActivation([makeResolveActivity(3, 'C'), makeResolveActivity(1, 'A')]))), []);
    assert.deepEqual(commands(run.activate(makeActivation([makeResolveActivity(2, 'B')]))), [
      { type: 'CompleteWorkflowExecution', result: ['A', 'B', 'C'] },
    ]);
  });

  it('settles Promise.race by the first resolution', function () {
    const { run, first } = start('race');
    assert.deepEqual(
      commands(first).map((c) => c.type),
      ['ScheduleActivityTask', 'StartTimer'],
    );
    assert.deepEqual(commands(run.activate(makeActivation([makeResolveActivity(1, 'fast!')]))), [
      { type: 'CompleteWorkflowExecution', result: 'fast!' },
    ]);
  });

  it('waits on a condition that a signal satisfies, with its timer cancelled', function () {
    const { run, first } = start('approval');
    assert.deepEqual(commands(first), [{ type: 'StartTimer', seq: 1, startToFireTimeoutMs: 3_600_000 }]);
    assert.deepEqual(run.query('status', []), { result: 'waiting', logs: [] });
    assert.deepEqual(commands(run.activate(makeActivation([makeSignal('approve', [true])]))), [
      { type: 'CancelTimer', seq: 1 },
      { type: 'CompleteWorkflowExecution', result: 'approved' },
    ]);
  });

  it('resolves condition(fn, timeout) to false when the timer fires first', function () {
    const { run } = start('approval');
    assert.deepEqual(commands(run.activate(makeActivation([makeFireTimer(1)]))), [
      { type: 'CompleteWorkflowExecution', result: 'timed out' },
    ]);
  });

  it('buffers signals that arrive before their handler is set', function () {
    const { run } = start('lateHandler');
    assert.deepEqual(commands(run.activate(makeActivation([makeSignal('approve', [true]), makeSignal('approve', [false])]))), []);
    assert.deepEqual(commands(run.activate(makeActivation([makeFireTimer(1)]))), [
      { type: 'CompleteWorkflowExecution', result: [true, false] },
    ]);
  });

  it('answers an unknown query with the names of the registered ones', function () {
    const { run } = start('approval');
    const out = run.query('nope', []);
    assert.match(out.failure?.message ?? '', /did not register a handler for query 'nope'.*status/);
  });

  it('fails the workflow on ApplicationFailure, keeping type and details', function () {
    const [cmd] = commands(start('failsWithApplicationFailure').first);
    assert.equal(cmd?.type, 'FailWorkflowExecution');
    assert.ok(cmd?.type === 'FailWorkflowExecution');
    assert.equal(cmd.failure.message, 'card declined');
    assert.deepEqual(cmd.failure.info, { type: 'application', errorType: 'CardDeclined', nonRetryable: true, details: [{ amount: 42 }] });
  });

  it('fails the task, not the workflow, on a plain Error (a bug to fix)', function () {
    const { first } = start('throwsPlainError');
    assert.equal(first.status, 'failed');
    assert.ok(first.status === 'failed');
    assert.match(first.failure.message, /boom is not a function/);
    assert.equal(first.failure.info.type, 'application');
  });

  it('fails the task of a continue-as-new whose arguments JSON cannot carry, saying which and what to do', function () {
    const { first } = start('continuesWithBigInt');
    assert.ok(first.status === 'failed');
    assert.match(first.failure.message, /Cannot send .*argument 1 of the continued workflow continuesWithBigInt: .*BigInt/);
    assert.match(first.failure.message, /convert a BigInt with String\(\)/);
  });

  it('passes activity failures to the workflow as ActivityFailure with the cause', function () {
    const { run } = start('sequence', ['Ada']);
    const [cmd] = commands(run.activate(makeActivation([makeFailActivity(1, 'no such person', 'NotFound')])));
    assert.ok(cmd?.type === 'FailWorkflowExecution');
    assert.equal(cmd.failure.info.type, 'activity');
    assert.equal(cmd.failure.cause?.message, 'no such person');
  });

  it('gives workflow time and seeded randomness, the same on every replay', function () {
    const a = commands(start('clock', [], 1).first);
    const b = commands(start('clock', [], 1).first);
    const c = commands(start('clock', [], 2).first);
    const result = (cmds: Command[]) =>
      cmds[0]?.type === 'CompleteWorkflowExecution' ? (cmds[0].result as { now: number; random: number; uuid: string }) : undefined;
    assert.equal(result(a)?.now, T0);
    assert.deepEqual(result(a), result(b));
    assert.notEqual(result(a)?.random, result(c)?.random);
    assert.match(result(a)?.uuid ?? '', /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('moves workflow time with each task', function () {
    const { run } = start('longSleep', [2]);
    const later = T0 + 2 * 24 * 3600 * 1000;
    assert.deepEqual(commands(run.activate(makeActivation([makeFireTimer(1)], later))), [
      { type: 'CompleteWorkflowExecution', result: 2 * 24 * 3600 * 1000 },
    ]);
  });

  it('returns workflow log lines with the activation', function () {
    const { first } = start('clock');
    assert.deepEqual(
      first.logs.map((l) => [l.level, l.message, l.attrs]),
      [['info', 'clock read', { at: T0 }]],
    );
  });

  it('cancels the workflow: timers are cancelled, non-cancellable cleanup still runs', function () {
    const { run } = start('cancellable');
    assert.deepEqual(
      commands(run.activate(makeActivation([{ type: 'CancelWorkflow' }]))).map((c) => c.type),
      ['CancelTimer', 'ScheduleActivityTask'],
    );
    assert.deepEqual(commands(run.activate(makeActivation([makeResolveActivity(1, 'refunded')]))), [{ type: 'CancelWorkflowExecution' }]);
  });

  it('cancels the timer of CancellationScope.withTimeout when the work finishes first', function () {
    const { run, first } = start('timeoutScope');
    assert.deepEqual(
      commands(first).map((c) => c.type),
      ['StartTimer', 'ScheduleActivityTask'],
    );
    assert.deepEqual(commands(run.activate(makeActivation([makeResolveActivity(1, 'hello quick')]))), [
      { type: 'CancelTimer', seq: 1 },
      { type: 'CompleteWorkflowExecution', result: 'hello quick' },
    ]);
  });

  it('starts a scope made inside a cancelled scope as cancelled: nothing is scheduled', function () {
    const { run } = start('scopesAfterCancel');
    assert.deepEqual(commands(run.activate(makeActivation([{ type: 'CancelWorkflow' }]))), [
      { type: 'CancelTimer', seq: 1 },
      { type: 'CompleteWorkflowExecution', result: 'cancelled at once' },
    ]);
  });

  it('continues as new with new arguments, the same type and queue', function () {
    const { run } = start('countdown', [3]);
    assert.deepEqual(commands(run.activate(makeActivation([makeFireTimer(1)]))), [
      { type: 'ContinueAsNewWorkflowExecution', workflowType: 'countdown', taskQueue: 'test', args: [2] },
    ]);
  });

  it('takes the patched branch live and records its marker once, with core’s TemporalChangeVersion upsert (core flag 2)', function () {
    const { first } = start('versioned');
    const [marker, upsert, schedule] = commands(first);
    assert.deepEqual(marker, { type: 'RecordMarker', markerName: 'core_patch', details: { patchId: 'new-greeting', deprecated: false } });
    assert.deepEqual(upsert, {
      type: 'UpsertWorkflowSearchAttributes',
      searchAttributes: { TemporalChangeVersion: ['new-greeting'] },
      searchAttributeTypes: { TemporalChangeVersion: 'KeywordList' },
    });
    assert.ok(schedule?.type === 'ScheduleActivityTask' && schedule.args[0] === 'patched');
    assert.ok(first.status === 'ok');
    assert.deepEqual(first.sdkMetadata?.coreUsedFlags, [1, 2, 3], 'every core behaviour Rewind has, as sdk-core records them');
  });

  it('replays the old branch where history has no marker, the new one where it has', function () {
    const replay = (jobs: ActivationJob[]): Command[] => {
      const run = sandbox.createRun(1, T0);
      return commands(run.activate({ ...makeActivation([makeStart('versioned'), ...jobs]), isReplaying: true }));
    };
    const old = replay([]);
    assert.equal(old.length, 1);
    assert.ok(old[0]?.type === 'ScheduleActivityTask' && old[0].args[0] === 'original');
    const marked = replay([{ type: 'NotifyHasPatch', patchId: 'new-greeting' }]);
    assert.deepEqual(
      marked.map((c) => c.type),
      ['RecordMarker', 'ScheduleActivityTask'],
      'a history recorded without core flag 2: no upsert',
    );
    const run = sandbox.createRun(1, T0);
    const flagged = run.activate({
      ...makeActivation([makeStart('versioned'), { type: 'NotifyHasPatch', patchId: 'new-greeting' }]),
      isReplaying: true,
      sdkMetadata: { sdkName: 'rewind-typescript', coreUsedFlags: [2] },
    });
    assert.deepEqual(
      commands(flagged).map((c) => c.type),
      ['RecordMarker', 'UpsertWorkflowSearchAttributes', 'ScheduleActivityTask'],
      'a Rewind history that recorded core flag 2',
    );
  });

  it('makes setTimeout a durable timer, and clearTimeout cancel it', function () {
    const { run, first } = start('withSetTimeout');
    assert.deepEqual(commands(first), [
      { type: 'StartTimer', seq: 1, startToFireTimeoutMs: 1000 },
      { type: 'StartTimer', seq: 3, startToFireTimeoutMs: 3000 },
    ]);
    assert.deepEqual(commands(run.activate(makeActivation([makeFireTimer(1)]))), []);
    assert.deepEqual(commands(run.activate(makeActivation([makeFireTimer(3)]))), [{ type: 'CompleteWorkflowExecution', result: ['a'] }]);
  });

  it('bundles a pure npm package imported by workflow code; it sees workflow time', async function () {
    const npm = await WorkflowSandbox.create(await bundleWorkflowCode({ workflowsPath: path.join(__dirname, 'fixtures/imports-npm.ts') }));
    const run = npm.createRun(7, T0);
    const [timer] = commands(run.activate(makeActivation([makeStart('dueDate', [3], 7)])));
    assert.equal(timer?.type, 'StartTimer');
    const oneDayLater = T0 + 24 * 3600_000;
    const done = commands(run.activate(makeActivation([makeFireTimer(1)], oneDayLater)));
    assert.deepEqual(done, [{ type: 'CompleteWorkflowExecution', result: dayjs(oneDayLater + 3 * 24 * 3600_000).format('YYYY-MM-DD') }]);
  });

  it('refuses Node built-ins in workflow code, naming the import', async function () {
    const bad = path.join(__dirname, 'fixtures/imports-fs.ts');
    await assert.rejects(bundleWorkflowCode({ workflowsPath: bad }), (err: Error) => {
      assert.ok(err instanceof WorkflowBundleError);
      assert.match(err.message, /cannot import the Node built-in 'node:fs'/);
      assert.match(err.message, /imports-fs\.ts:\d+/);
      return true;
    });
  });
});
