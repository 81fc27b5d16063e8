// The cronSchedule and startDelay start options (Temporal's semantics), on the time-skipping
// environment for hours of cron time, and on a real server and clock across a restart.
import assert from 'node:assert/strict';
import path from 'node:path';
import { ChildWorkflowFailure, TerminatedFailure, TimeoutFailure, WorkflowFailedError } from '@rewind/sdk/client';
import { TestWorkflowEnvironment } from '@rewind/sdk/testing';
import { DefaultLogger, Runtime, Worker } from '@rewind/sdk/worker';
import type { Client } from '@rewind/sdk/client';
import type { HistoryEvent, WorkflowExecutionInfo } from '@rewind/sdk/protocol';
import { cronCounter, cronParent, delayed, wake, type CronRunReport } from '../fixtures/cron';
import { eventually, startServer, startWorker, type TestServer } from '../helpers/server';

const workflowsPath = path.join(__dirname, '../fixtures/cron.ts');
const HOUR = 3600_000;

/** Every run of a workflow id, oldest first. */
async function runsOf(client: Client, workflowId: string): Promise<WorkflowExecutionInfo[]> {
  const runs: WorkflowExecutionInfo[] = [];
  for await (const run of client.workflow.list({ query: `WorkflowId = '${workflowId}'` })) runs.push(run);
  return runs.sort((a, b) => Date.parse(a.startTime) - Date.parse(b.startTime));
}

/** Workflow time is the time its task started: a moment after the timer that woke it. */
function assertJustAfter(iso: string, expectedMs: number, what: string): void {
  const late = Date.parse(iso) - expectedMs;
  assert.ok(late >= 0 && late < 1000, `${what}: ${iso} should be just after ${new Date(expectedMs).toISOString()}`);
}

async function historyOf(client: Client, workflowId: string, runId: string): Promise<HistoryEvent[]> {
  return (await client.workflow.getHandle(workflowId, runId).fetchHistory()).events;
}

describe('cronSchedule and startDelay', function () {
  describe('on the time-skipping environment', function () {
    let env: TestWorkflowEnvironment;
    let worker: Worker;
    let running: Promise<void>;
    const taskQueue = 'cron';

    before(async function () {
      Runtime.install({ logger: new DefaultLogger('ERROR'), shutdownSignals: [] });
      env = await TestWorkflowEnvironment.createTimeSkipping();
      worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowsPath });
      running = worker.run();
    });
    after(async function () {
      worker.shutdown();
      await running;
      await env.teardown();
    });

    it('runs at each matching time with lastResult and lastFailure, goes on after a failed run, and stops when terminated', async function () {
      const startedAt = await env.currentTimeMs();
      const handle = await env.client.workflow.start(cronCounter, {
        taskQueue,
        workflowId: 'hourly',
        args: [2],
        cronSchedule: '0 * * * *',
      });

      // The first run waits for the next full hour: no workflow task yet, and describe says why.
      const firstHour = Math.floor(startedAt / HOUR) * HOUR + HOUR;
      const [started] = await historyOf(env.client, 'hourly', handle.firstExecutionRunId);
      assert.equal(started!.type, 'WorkflowExecutionStarted');
      assert.equal(
        started!.type === 'WorkflowExecutionStarted' && started!.firstWorkflowTaskBackoffMs,
        firstHour - Date.parse(started!.eventTime),
      );
      const waiting = await handle.describe();
      assert.equal(waiting.raw.pendingWorkflowTask?.state, 'BACKOFF');
      assert.equal(waiting.raw.pendingWorkflowTask?.nextAttemptScheduleTime, new Date(firstHour).toISOString());
      assert.match(waiting.raw.pendingWorkflowTask?.waitingReason ?? '', /cron schedule "0 \* \* \* \*"/);

      await env.sleep(3 * HOUR);
      const runs = await runsOf(env.client, 'hourly');
      assert.deepEqual(
        runs.map((r) => r.status),
        ['COMPLETED', 'FAILED', 'COMPLETED', 'RUNNING'],
      );
      const report = (runId: string) =>
        env.client.workflow.getHandle('hourly', runId).result({ followRuns: false }) as Promise<CronRunReport>;
      const first = await report(runs[0]!.runId);
      assert.deepEqual({ ...first, startedAt: undefined }, { count: 1, cronSchedule: '0 * * * *', startedAt: undefined });
      assertJustAfter(first.startedAt, firstHour, 'the first run');
      await assert.rejects(
        report(runs[1]!.runId),
        (err: unknown) => err instanceof WorkflowFailedError && /run 2 fails/.test(String(err.cause?.message)),
      );
      const third = await report(runs[2]!.runId);
      // The run after the failure sees it, and the result of the last run that completed (count 1).
      assert.equal(third.count, 2);
      assert.equal(third.lastFailure, 'run 2 fails');
      assertJustAfter(third.startedAt, firstHour + 2 * HOUR, 'the third run');

      // Each closed run names the next; each next run says the cron schedule started it.
      for (let i = 0; i < 3; i++) {
        const closing = (await historyOf(env.client, 'hourly', runs[i]!.runId)).at(-1)!;
        assert.ok('newExecutionRunId' in closing && closing.newExecutionRunId === runs[i + 1]!.runId, `run ${i + 1} names the next run`);
        const [next] = await historyOf(env.client, 'hourly', runs[i + 1]!.runId);
        assert.ok(next!.type === 'WorkflowExecutionStarted');
        assert.equal(next.initiator, 'CRON_SCHEDULE');
        assert.equal(next.continuedExecutionRunId, runs[i]!.runId);
        assert.equal(next.firstExecutionRunId, handle.firstExecutionRunId);
      }

      // Terminating ends the chain; result() follows the runs from the first to that end.
      await handle.terminate('enough');
      await env.sleep(2 * HOUR);
      assert.deepEqual(
        (await runsOf(env.client, 'hourly')).map((r) => r.status),
        ['COMPLETED', 'FAILED', 'COMPLETED', 'TERMINATED'],
      );
      await assert.rejects(
        env.client.workflow.getHandle('hourly', handle.firstExecutionRunId).result(),
        (err: unknown) => err instanceof WorkflowFailedError && err.cause instanceof TerminatedFailure,
      );
    });

    it('ends the chain TIMED_OUT when the workflow execution timeout passes', async function () {
      const handle = await env.client.workflow.start(cronCounter, {
        taskQueue,
        workflowId: 'for-150-minutes',
        args: [0],
        cronSchedule: '0 * * * *',
        workflowExecutionTimeout: '150 minutes',
      });
      await assert.rejects(handle.result(), (err: unknown) => err instanceof WorkflowFailedError && err.cause instanceof TimeoutFailure);
      const runs = await runsOf(env.client, 'for-150-minutes');
      const startedAt = Date.parse(runs[0]!.startTime);
      let fullHours = 0;
      for (let t = Math.floor(startedAt / HOUR) * HOUR + HOUR; t < startedAt + 150 * 60_000; t += HOUR) fullHours++;
      assert.deepEqual(
        runs.map((r) => r.status),
        [...Array<string>(fullHours).fill('COMPLETED'), 'TIMED_OUT'],
      );
      assertJustAfter(runs.at(-1)!.closeTime!, startedAt + 150 * 60_000, 'the time out');
    });

    it('tells a parent of its cron child only when the chain ends', async function () {
      const parent = await env.client.workflow.start(cronParent, { taskQueue, workflowId: 'cron-parent', args: ['cron-child'] });
      await assert.rejects(
        parent.result(),
        (err: unknown) =>
          err instanceof WorkflowFailedError && err.cause instanceof ChildWorkflowFailure && err.cause.cause instanceof TimeoutFailure,
      );
      const childRuns = await runsOf(env.client, 'cron-child');
      assert.ok(childRuns.length >= 3, `the child ran ${childRuns.length} times`);
      const closings = (await parent.fetchHistory()).events.filter(
        (e) => e.type.startsWith('ChildWorkflowExecution') && e.type !== 'ChildWorkflowExecutionStarted',
      );
      assert.deepEqual(
        closings.map((e) => e.type),
        ['ChildWorkflowExecutionTimedOut'],
      );
    });

    it('waits for startDelay; a signal does not end the wait, a signalWithStart does', async function () {
      const later = await env.client.workflow.start(delayed, { taskQueue, workflowId: 'delayed', startDelay: '2 hours' });
      const ran = (await later.result()) as { startedAt: string };
      assertJustAfter(ran.startedAt, Date.parse((await later.describe()).raw.startTime) + 2 * HOUR, 'the delayed run');

      const handle = await env.client.workflow.start(delayed, { taskQueue, workflowId: 'delayed-2', startDelay: '2 hours' });
      const t1 = Date.parse((await handle.describe()).raw.startTime);
      await handle.signal(wake, 'plain signal');
      await env.sleep('1 hour');
      assert.deepEqual(
        (await handle.fetchHistory()).events.map((e) => e.type),
        ['WorkflowExecutionStarted', 'WorkflowExecutionSignaled'],
      );
      await env.client.workflow.signalWithStart(delayed, {
        taskQueue,
        workflowId: 'delayed-2',
        startDelay: '2 hours',
        signal: wake,
        signalArgs: ['with start'],
      });
      const woken = (await handle.result()) as { startedAt: string; signal: string };
      assertJustAfter(woken.startedAt, t1 + HOUR, 'the run woken by signalWithStart');
      assert.equal(woken.signal, 'plain signal');
    });

    it('refuses a cron expression that does not parse, and startDelay with cronSchedule, saying what is wrong', async function () {
      await assert.rejects(
        env.client.workflow.start(cronCounter, { taskQueue, workflowId: 'bad-cron', args: [0], cronSchedule: '0 25 * * *' }),
        (err: Error) => /cronSchedule/.test(err.message) && /hour/.test(err.message) && /0-23/.test(err.message),
      );
      await assert.rejects(
        env.client.workflow.start(cronCounter, {
          taskQueue,
          workflowId: 'bad-cron',
          args: [0],
          cronSchedule: '@hourly',
          startDelay: '1 minute',
        }),
        /startDelay cannot be used with cronSchedule/,
      );
      // Nothing was started, and the server goes on.
      assert.equal((await runsOf(env.client, 'bad-cron')).length, 0);
      const ok = await env.client.workflow.start(cronCounter, { taskQueue, workflowId: 'bad-cron', args: [0], cronSchedule: '@hourly' });
      await ok.terminate();
    });
  });

  it('keeps a cron chain going across a server restart (real clock, every second)', async function () {
    let srv: TestServer = await startServer();
    let worker = await startWorker(srv.address, { taskQueue: 'cron-restart', workflowsPath });
    try {
      await srv.client.workflow.start(cronCounter, {
        taskQueue: 'cron-restart',
        workflowId: 'every-second',
        args: [0],
        cronSchedule: '* * * * * *',
      });
      await eventually(async () => ((await runsOf(srv.client, 'every-second')).length >= 3 ? true : undefined), 8000, 'two finished runs');
      await worker.stop();
      await srv.close();

      srv = await startServer({ db: srv.dbPath });
      worker = await startWorker(srv.address, { taskQueue: 'cron-restart', workflowsPath });
      const before = (await runsOf(srv.client, 'every-second')).length;
      await eventually(
        async () => ((await runsOf(srv.client, 'every-second')).length >= before + 2 ? true : undefined),
        8000,
        'runs after the restart',
      );
      const runs = await runsOf(srv.client, 'every-second');
      const counts: number[] = [];
      for (const run of runs.filter((r) => r.status === 'COMPLETED')) {
        counts.push(
          ((await srv.client.workflow.getHandle('every-second', run.runId).result({ followRuns: false })) as CronRunReport).count,
        );
      }
      // lastResult carried every run's count to the next, across the restart.
      assert.deepEqual(
        counts,
        counts.map((_, i) => i + 1),
      );
      await srv.client.workflow.getHandle('every-second').terminate();
    } finally {
      await worker.stop();
      await srv.close();
    }
  });
});
