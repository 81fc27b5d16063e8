// What a server restart does to the tasks a Temporal worker held (fake clock, the real service and
// store): such a worker never registers again, it polls again and still runs them, so they end with its
// answer or their timeout, as on Temporal's server; a Rewind worker's wait for it to reconnect.
import assert from 'node:assert/strict';
import type { ActivityTask, Command, HistoryEvent, NotificationMethod, Notifications, WorkflowTask } from '@rewind/sdk/protocol';
import { RewindService } from '../../src/service/rewind-service';
import { silentLogger } from '../../src/service/logger';
import { TEMPORAL_WORKERS, type PolledTask } from '../../src/service/matching/pollers';
import type { WorkerConnection } from '../../src/service/matching/workers';
import type { TaskKind } from '../../src/engine/derive';
import { SqliteStore } from '../../src/store/sqlite-store';
import { FakeClock, settle } from '../helpers/fake-clock';

const GRACE_MS = 1_000;
const START_TO_CLOSE_MS = 60_000;
const schedule: Command = {
  type: 'ScheduleActivityTask',
  seq: 1,
  activityId: '1',
  activityType: 'charge',
  taskQueue: 'q',
  args: [],
  startToCloseTimeoutMs: START_TO_CLOSE_MS,
  retryPolicy: { initialIntervalMs: 1_000 },
};

describe('service: a Temporal worker’s tasks across a server restart (fake clock)', function () {
  let clock: FakeClock;
  let store: SqliteStore;
  let svc: RewindService;
  const polls: AbortController[] = [];

  beforeEach(function () {
    clock = new FakeClock();
    store = SqliteStore.open({ path: ':memory:' });
    svc = new RewindService({ store, clock, log: silentLogger, leaseGraceMs: GRACE_MS });
  });

  afterEach(function () {
    for (const p of polls.splice(0)) p.abort();
    svc.close();
    store.close();
  });

  /** One long poll of the Temporal worker `1@host`, answered with what comes. */
  async function poll(kind: TaskKind): Promise<PolledTask | undefined> {
    const controller = new AbortController();
    polls.push(controller);
    const polled = svc.pollers.poll({
      namespace: 'default',
      taskQueue: 'q',
      kind,
      identity: '1@host',
      signal: controller.signal,
      answerBy: Date.now() + 60_000,
    });
    await settle();
    return polled;
  }

  /** A run whose first workflow task, done by the Temporal worker, scheduled an activity it now runs (its lease written by a signal). */
  async function activityRunning(): Promise<{ runId: string; task: ActivityTask }> {
    const { runId } = await svc.workflows.start({
      namespace: 'default',
      workflowId: 'wf',
      workflowType: 'wf',
      taskQueue: 'q',
      args: [],
      requestId: 'r-1',
    });
    const wt = await poll('workflow');
    assert.equal(wt?.type, 'workflow');
    await svc.workers.completeWorkflowTask(TEMPORAL_WORKERS, { taskToken: (wt.task as WorkflowTask).taskToken, commands: [schedule] });
    const at = await poll('activity');
    assert.equal(at?.type, 'activity');
    // The lease is written as the task goes out; a later change of the run (a signal) keeps it.
    await svc.workflows.signal({ namespace: 'default', workflowId: 'wf', signalName: 'nudge', args: [] });
    await settle();
    return { runId, task: at.task as ActivityTask };
  }

  /** The same, but nothing written after the activity was handed out (the server stops, or is killed, right then). */
  async function activityJustHandedOut(extra: Partial<typeof schedule> = {}): Promise<{ runId: string; task: ActivityTask }> {
    const { runId } = await svc.workflows.start({
      namespace: 'default',
      workflowId: 'wf',
      workflowType: 'wf',
      taskQueue: 'q',
      args: [],
      requestId: 'r-1',
    });
    const wt = await poll('workflow');
    assert.equal(wt?.type, 'workflow');
    const command = { ...schedule, ...extra } as Command;
    await svc.workers.completeWorkflowTask(TEMPORAL_WORKERS, { taskToken: (wt.task as WorkflowTask).taskToken, commands: [command] });
    const at = await poll('activity');
    assert.equal(at?.type, 'activity');
    return { runId, task: at.task as ActivityTask };
  }

  /** Whether a poll gets a task within a few turns of the event loop (it is aborted if not). */
  async function pollGetsNothing(kind: TaskKind): Promise<boolean> {
    const controller = new AbortController();
    const polled = svc.pollers.poll({
      namespace: 'default',
      taskQueue: 'q',
      kind,
      identity: '1@host',
      signal: controller.signal,
      answerBy: Date.now() + 60_000,
    });
    await settle();
    controller.abort();
    return (await polled) === undefined;
  }

  function restart(): void {
    svc.close();
    svc = new RewindService({ store, clock, log: silentLogger, leaseGraceMs: GRACE_MS });
  }

  const events = (runId: string): HistoryEvent[] => store.readEvents({ runId, fromEventId: 1 });

  it('keeps the activity it ran past the lease grace: its completion after the restart is the attempt’s', async function () {
    const { runId, task } = await activityRunning();
    restart();
    await clock.advance(GRACE_MS * 10);
    await svc.workers.completeActivity(TEMPORAL_WORKERS, { taskToken: task.taskToken, result: 'charged' });
    await settle();
    const started = events(runId).find((e) => e.type === 'ActivityTaskStarted');
    assert.ok(started?.type === 'ActivityTaskStarted');
    assert.deepEqual({ attempt: started.attempt, lastFailure: started.lastFailure }, { attempt: 1, lastFailure: undefined });
    assert.ok(events(runId).some((e) => e.type === 'ActivityTaskCompleted' && e.result === 'charged'));
  });

  it('ends it by its start-to-close timeout if no answer comes, and retries it', async function () {
    const { runId } = await activityRunning();
    restart();
    await clock.advance(START_TO_CLOSE_MS - 1);
    assert.equal(svc.workflows.describe({ namespace: 'default', workflowId: 'wf' }).pendingActivities[0]?.attempt, 1);
    await clock.advance(1 + 1_000); // timed out, then the retry's backoff
    const retried = await poll('activity');
    assert.equal(retried?.type === 'activity' ? retried.task.attempt : undefined, 2);
    assert.ok(!events(runId).some((e) => e.type === 'ActivityTaskStarted'), 'nothing written for the timed-out attempt');
  });

  it('an activity handed out just before the server stopped is still its worker’s: not handed out again, and its completion is recorded', async function () {
    const { runId, task } = await activityJustHandedOut();
    restart();
    await clock.advance(GRACE_MS * 10);
    assert.ok(await pollGetsNothing('activity'), 'the running attempt is not handed out again');
    assert.equal(svc.workflows.describe({ namespace: 'default', workflowId: 'wf' }).pendingActivities[0]?.state, 'STARTED');
    await svc.workers.completeActivity(TEMPORAL_WORKERS, { taskToken: task.taskToken, result: 'charged' });
    await settle();
    const started = events(runId).find((e) => e.type === 'ActivityTaskStarted');
    assert.equal(started?.type === 'ActivityTaskStarted' ? started.attempt : undefined, 1);
    assert.ok(events(runId).some((e) => e.type === 'ActivityTaskCompleted' && e.result === 'charged'));
  });

  it('an activity handed out just before the server stopped ends by its heartbeat timeout if its worker is gone, then retries', async function () {
    const { task } = await activityJustHandedOut({ heartbeatTimeoutMs: 10_000 });
    restart();
    await clock.advance(9_999);
    assert.ok(await pollGetsNothing('activity'), 'not handed out again before its heartbeat timeout');
    await clock.advance(1 + 1_000); // timed out, then the retry's backoff
    const retried = await poll('activity');
    assert.equal(retried?.type === 'activity' ? retried.task.attempt : undefined, 2);
    await assert.rejects(
      svc.workers.completeActivity(TEMPORAL_WORKERS, { taskToken: task.taskToken, result: 'late' }),
      /this attempt already finished, timed out or was cancelled/,
    );
  });

  it('a token of an attempt the server never handed out is refused as such', async function () {
    const { runId, task } = await activityJustHandedOut();
    const forged = task.taskToken.replace(/^a:(\d+):1:/, 'a:$1:2:');
    assert.notEqual(forged, task.taskToken);
    await assert.rejects(
      svc.workers.completeActivity(TEMPORAL_WORKERS, { taskToken: forged, result: 'forged' }),
      /attempt 2 of activity 1 has not started/,
    );
    assert.ok(!events(runId).some((e) => e.type === 'ActivityTaskCompleted'));
  });

  it('a Rewind worker’s activity handed out just before the server stopped stays its own when it registers again with it running', async function () {
    const received: ActivityTask[] = [];
    const conn = (id: number): WorkerConnection => ({
      id,
      notify: <M extends NotificationMethod>(method: M, params: Notifications[M]): void => {
        if (method === 'task.activity') received.push(params as ActivityTask);
      },
    });
    const register = async (c: WorkerConnection, runningTasks: string[]): Promise<void> => {
      await svc.workers.register(c, {
        namespace: 'default',
        taskQueue: 'q',
        workerId: 'rewind-worker',
        workflowTypes: [],
        activityTypes: ['charge'],
        maxConcurrentWorkflowTasks: 1,
        maxConcurrentActivities: 10,
        runningTasks,
      });
      await settle();
    };
    const { runId } = await svc.workflows.start({
      namespace: 'default',
      workflowId: 'wf',
      workflowType: 'wf',
      taskQueue: 'q',
      args: [],
      requestId: 'r-1',
    });
    const wt = await poll('workflow');
    assert.equal(wt?.type, 'workflow');
    await register(conn(1), []);
    await svc.workers.completeWorkflowTask(TEMPORAL_WORKERS, { taskToken: (wt.task as WorkflowTask).taskToken, commands: [schedule] });
    await settle();
    assert.equal(received.length, 1);
    const token = received[0]!.taskToken;
    restart();
    const again = conn(2);
    await register(again, [token]);
    await clock.advance(GRACE_MS * 10);
    assert.equal(received.length, 1, 'not handed out again');
    await svc.workers.completeActivity(again, { taskToken: token, result: 'charged' });
    await settle();
    assert.ok(events(runId).some((e) => e.type === 'ActivityTaskCompleted' && e.result === 'charged'));
  });
});
