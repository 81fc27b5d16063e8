// The server's timeouts, retries and lease rules, on the real service and store with a hand-moved
// clock: what takes minutes in real time is checked to the millisecond here.
import assert from 'node:assert/strict';
import type {
  ActivityTask,
  Command,
  HistoryEvent,
  NotificationMethod,
  Notifications,
  RequestParams,
  WorkflowTask,
} from '@rewind/sdk/protocol';
import { MAX_SIGNAL_REQUEST_IDS } from '../../src/engine/execution';
import { RewindService } from '../../src/service/rewind-service';
import { silentLogger } from '../../src/service/logger';
import { SqliteStore } from '../../src/store/sqlite-store';
import type { WorkerConnection } from '../../src/service/matching/workers';
import { FakeClock, settle } from '../helpers/fake-clock';

interface Received {
  method: NotificationMethod;
  params: Notifications[NotificationMethod];
}

let nextConnectionId = 1;

/** A worker as the server sees it: a connection that records what it is sent. */
class TestWorker implements WorkerConnection {
  readonly id = nextConnectionId++;
  readonly received: Received[] = [];
  constructor(
    readonly svc: RewindService,
    readonly workerId: string,
  ) {}
  notify = <M extends NotificationMethod>(method: M, params: Notifications[M]): void => {
    this.received.push({ method, params });
  };
  async register(overrides: Partial<RequestParams<'worker.register'>> = {}): Promise<void> {
    await this.svc.workers.register(this, {
      namespace: 'default',
      taskQueue: 'q',
      workerId: this.workerId,
      workflowTypes: ['wf'],
      activityTypes: ['act'],
      maxConcurrentWorkflowTasks: 10,
      maxConcurrentActivities: 10,
      runningTasks: [],
      ...overrides,
    });
    await settle();
  }
  take<M extends NotificationMethod>(method: M): Notifications[M][] {
    const out = this.received.filter((r) => r.method === method).map((r) => r.params as Notifications[M]);
    this.received.splice(0, this.received.length, ...this.received.filter((r) => r.method !== method));
    return out;
  }
  async complete(task: WorkflowTask, commands: Command[]): Promise<void> {
    await this.svc.workers.completeWorkflowTask(this, { taskToken: task.taskToken, commands });
    await settle();
  }
}

const schedule = (seq: number, extra: Partial<Extract<Command, { type: 'ScheduleActivityTask' }>> = {}): Command => ({
  type: 'ScheduleActivityTask',
  seq,
  activityId: String(seq),
  activityType: 'act',
  taskQueue: 'q',
  args: [],
  startToCloseTimeoutMs: 60_000,
  ...extra,
});

describe('service: timeouts, retries and leases (fake clock)', function () {
  let clock: FakeClock;
  let svc: RewindService;
  let store: SqliteStore;
  let worker: TestWorker;
  let n = 0;

  beforeEach(async function () {
    clock = new FakeClock();
    store = SqliteStore.open({ path: ':memory:' });
    svc = new RewindService({ store, clock, log: silentLogger, leaseGraceMs: 1000 });
    worker = new TestWorker(svc, 'worker-1');
    await worker.register();
  });

  afterEach(function () {
    svc.close();
    store.close();
  });

  async function start(options: Partial<RequestParams<'workflow.start'>> = {}): Promise<{ runId: string; workflowId: string }> {
    const workflowId = `wf-${++n}`;
    const { runId } = await svc.workflows.start({
      namespace: 'default',
      workflowId,
      workflowType: 'wf',
      taskQueue: 'q',
      args: [],
      requestId: `req-${n}`,
      ...options,
    });
    await settle();
    return { runId, workflowId };
  }

  function events(runId: string): HistoryEvent[] {
    return store.readEvents({ runId, fromEventId: 1 });
  }

  /** Starts a workflow whose first task schedules one activity; returns the activity task. */
  async function startActivity(
    extra: Partial<Extract<Command, { type: 'ScheduleActivityTask' }>>,
  ): Promise<{ runId: string; task: ActivityTask }> {
    const { runId } = await start();
    const [wt] = worker.take('task.workflow');
    await worker.complete(wt!, [schedule(1, extra)]);
    const [task] = worker.take('task.activity');
    assert.ok(task, 'the activity was dispatched');
    return { runId, task };
  }

  it('retries an activity after a start-to-close timeout, with the policy backoff', async function () {
    const { runId, task } = await startActivity({
      startToCloseTimeoutMs: 5_000,
      retryPolicy: { initialIntervalMs: 2_000, backoffCoefficient: 3 },
    });
    assert.equal(task.attempt, 1);
    await clock.advance(4_999);
    assert.equal(worker.take('task.activity').length, 0);
    await clock.advance(1); // timed out: attempt 2 after 2 s
    assert.deepEqual(
      worker.take('activity.cancel').map((c) => c.taskToken),
      [task.taskToken],
      'the worker is told to stop',
    );
    await clock.advance(1_999);
    assert.equal(worker.take('task.activity').length, 0);
    await clock.advance(1);
    const [second] = worker.take('task.activity');
    assert.equal(second?.attempt, 2);
    await clock.advance(5_000); // timed out again: attempt 3 after 6 s
    await clock.advance(5_999);
    assert.equal(worker.take('task.activity').length, 0);
    await clock.advance(1);
    assert.equal(worker.take('task.activity')[0]?.attempt, 3);
    assert.equal(events(runId).filter((e) => e.type.startsWith('Activity')).length, 1, 'attempts write no events');
  });

  it('a late completion of a timed-out attempt changes nothing', async function () {
    const { runId, task } = await startActivity({ startToCloseTimeoutMs: 1_000 });
    await clock.advance(1_000);
    const before = events(runId).length;
    await assert.rejects(svc.workers.completeActivity(worker, { taskToken: task.taskToken, result: 'late' }), /Activity task not found/);
    assert.equal(events(runId).length, before);
  });

  it('fails an attempt that stops heartbeating, and keeps one alive that heartbeats', async function () {
    const { task } = await startActivity({
      startToCloseTimeoutMs: 600_000,
      heartbeatTimeoutMs: 10_000,
      retryPolicy: { maximumAttempts: 1 },
    });
    for (let i = 0; i < 5; i++) {
      await clock.advance(9_000);
      const { cancelRequested } = await svc.workers.heartbeat(worker, { taskToken: task.taskToken, details: [i] });
      assert.equal(cancelRequested, false);
    }
    await clock.advance(10_000);
    const [wt] = worker.take('task.workflow');
    const timedOut = wt!.events.find((e) => e.type === 'ActivityTaskTimedOut');
    assert.ok(timedOut?.type === 'ActivityTaskTimedOut');
    assert.equal(timedOut.failure.info.type === 'timeout' && timedOut.failure.info.timeoutType, 'HEARTBEAT');
    assert.deepEqual(timedOut.failure.info.type === 'timeout' && timedOut.failure.info.lastHeartbeatDetails, [4]);
    assert.equal(timedOut.retryState, 'MAXIMUM_ATTEMPTS_REACHED');
  });

  it('gives the next attempt the heartbeat details of the last one', async function () {
    const { task } = await startActivity({ startToCloseTimeoutMs: 60_000 });
    await svc.workers.heartbeat(worker, { taskToken: task.taskToken, details: [{ processed: 40 }] });
    await svc.workers.failActivity(worker, {
      taskToken: task.taskToken,
      failure: { message: 'network', info: { type: 'application', errorType: 'Error', nonRetryable: false } },
    });
    await clock.advance(1_000);
    const [second] = worker.take('task.activity');
    assert.deepEqual(second?.heartbeatDetails, [{ processed: 40 }]);
  });

  it('stops retrying when the schedule-to-close timeout would pass', async function () {
    const { runId } = await startActivity({
      startToCloseTimeoutMs: 10_000,
      scheduleToCloseTimeoutMs: 25_000,
      retryPolicy: { initialIntervalMs: 1_000, backoffCoefficient: 1 },
    });
    await clock.advance(10_000); // attempt 1 times out, retry at 11 s
    await clock.advance(11_000); // attempt 2 (started 11 s) times out at 21 s; a retry at 22 s is still before 25 s
    await clock.advance(4_000); // schedule-to-close at 25 s
    const closed = events(runId).find((e) => e.type === 'ActivityTaskTimedOut');
    assert.ok(closed?.type === 'ActivityTaskTimedOut');
    assert.equal(closed.failure.info.type === 'timeout' && closed.failure.info.timeoutType, 'SCHEDULE_TO_CLOSE');
  });

  it('times out an activity that no worker picks up (schedule-to-start), without retrying', async function () {
    const { runId } = await start();
    const [wt] = worker.take('task.workflow');
    await worker.complete(wt!, [schedule(1, { activityType: 'nobodyHasThis', scheduleToStartTimeoutMs: 30_000 })]);
    await clock.advance(30_000);
    const timedOut = events(runId).find((e) => e.type === 'ActivityTaskTimedOut');
    assert.ok(timedOut?.type === 'ActivityTaskTimedOut');
    assert.equal(timedOut.retryState, 'TIMEOUT');
    assert.equal(timedOut.failure.info.type === 'timeout' && timedOut.failure.info.timeoutType, 'SCHEDULE_TO_START');
  });

  it('times out a workflow task after 10 s and hands it out again', async function () {
    const { runId } = await start();
    const [first] = worker.take('task.workflow');
    await clock.advance(10_000);
    const [second] = worker.take('task.workflow');
    assert.equal(second?.attempt, 2);
    assert.ok(events(runId).some((e) => e.type === 'WorkflowTaskTimedOut'));
    await assert.rejects(
      svc.workers.completeWorkflowTask(worker, { taskToken: first!.taskToken, commands: [] }),
      /Workflow task not found/,
    );
  });

  it('backs off a failing workflow task: 1 s, 2 s, 4 s …', async function () {
    const { runId } = await start();
    const failure = { message: 'bug', info: { type: 'application' as const, errorType: 'TypeError', nonRetryable: false } };
    for (const wait of [1_000, 2_000, 4_000]) {
      const [wt] = worker.take('task.workflow');
      await svc.workers.failWorkflowTask(worker, { taskToken: wt!.taskToken, cause: 'WORKFLOW_WORKER_UNHANDLED_FAILURE', failure });
      await settle();
      await clock.advance(wait - 1);
      assert.equal(worker.take('task.workflow').length, 0, `not before ${wait} ms`);
      await clock.advance(1);
    }
    assert.equal(worker.take('task.workflow')[0]?.attempt, 4);
    const d = svc.workflows.describe({ namespace: 'default', workflowId: `wf-${n}` });
    assert.equal(d.status, 'RUNNING');
    assert.equal(d.pendingWorkflowTask?.lastFailure?.message, 'bug');
    assert.equal(events(runId).filter((e) => e.type === 'WorkflowTaskFailed').length, 3);
  });

  it('backs off attempts that time out after a failed one, as it does failures (a Temporal worker answers only the first)', async function () {
    const { runId } = await start();
    const failure = { message: 'bug', info: { type: 'application' as const, errorType: 'TypeError', nonRetryable: false } };
    const [first] = worker.take('task.workflow');
    await svc.workers.failWorkflowTask(worker, { taskToken: first!.taskToken, cause: 'WORKFLOW_WORKER_UNHANDLED_FAILURE', failure });
    await settle();
    await clock.advance(1_000);
    // Attempts 2 and 3 are not answered: each times out after 10 s, then waits 2 s, then 4 s.
    for (const [attempt, wait] of [
      [2, 2_000],
      [3, 4_000],
    ] as const) {
      assert.equal(worker.take('task.workflow')[0]?.attempt, attempt);
      await clock.advance(10_000);
      await clock.advance(wait - 1);
      assert.equal(worker.take('task.workflow').length, 0, `attempt ${attempt + 1} not before ${wait} ms`);
      await clock.advance(1);
    }
    assert.equal(worker.take('task.workflow')[0]?.attempt, 4);
    const d = svc.workflows.describe({ namespace: 'default', workflowId: `wf-${n}` });
    assert.equal(d.pendingWorkflowTask?.lastFailure?.message, 'bug', 'the failure stays the reason the run waits');
    assert.equal(events(runId).filter((e) => e.type === 'WorkflowTaskTimedOut').length, 2);
  });

  it('hands a disconnected worker’s workflow task to another worker at once', async function () {
    const { runId } = await start();
    assert.equal(worker.take('task.workflow').length, 1);
    const other = new TestWorker(svc, 'worker-2');
    await other.register();
    await svc.workers.connectionClosed(worker.id);
    await settle();
    const [again] = other.take('task.workflow');
    assert.ok(again, 'the other worker got the task without waiting for a timeout');
    const failed = events(runId).find((e) => e.type === 'WorkflowTaskFailed');
    assert.ok(failed?.type === 'WorkflowTaskFailed' && failed.cause === 'WORKER_LOST');
  });

  it('makes a workflow see a signal that came while its task ran before it may complete', async function () {
    const { runId, workflowId } = await start();
    const [wt] = worker.take('task.workflow');
    await svc.workflows.signal({ namespace: 'default', workflowId, signalName: 'go', args: [] });
    await worker.complete(wt!, [{ type: 'CompleteWorkflowExecution', result: 'done' }]);
    const failed = events(runId).find((e) => e.type === 'WorkflowTaskFailed');
    assert.ok(failed?.type === 'WorkflowTaskFailed' && failed.cause === 'UNHANDLED_COMMAND');
    const [next] = worker.take('task.workflow');
    assert.ok(next?.events.some((e) => e.type === 'WorkflowExecutionSignaled'));
    await worker.complete(next!, [{ type: 'CompleteWorkflowExecution', result: 'done' }]);
    assert.equal(svc.workflows.describe({ namespace: 'default', workflowId }).status, 'COMPLETED');
  });

  /** Completes the worker's latest workflow task with no commands: what was held back meanwhile reaches history. */
  const finishLatestTask = async (): Promise<void> => {
    const latest = worker.take('task.workflow').at(-1);
    if (latest) await worker.complete(latest, []);
  };

  it('holds back what arrives while a task runs until its outcome is recorded, as Temporal does', async function () {
    const { runId, workflowId } = await start();
    const [wt] = worker.take('task.workflow');
    await svc.workflows.signal({ namespace: 'default', workflowId, signalName: 'go', args: [1] });
    assert.equal(events(runId).at(-1)?.type, 'WorkflowTaskStarted', 'the signal waits: the task is running');
    await worker.complete(wt!, [{ type: 'StartTimer', seq: 1, startToFireTimeoutMs: 60_000 }]);
    // The task's Started, its Completed and its commands' events, then what arrived meanwhile, then the next task.
    assert.deepEqual(
      events(runId)
        .map((e) => e.type)
        .slice(0, 7),
      [
        'WorkflowExecutionStarted',
        'WorkflowTaskScheduled',
        'WorkflowTaskStarted',
        'WorkflowTaskCompleted',
        'TimerStarted',
        'WorkflowExecutionSignaled',
        'WorkflowTaskScheduled',
      ],
    );
  });

  it('ends a task that 100 events arrived during, so that a new task shows them (Temporal: FORCE_CLOSE_COMMAND)', async function () {
    const { runId, workflowId } = await start();
    for (let i = 0; i < 100; i++) await svc.workflows.signal({ namespace: 'default', workflowId, signalName: 'go', args: [i] });
    const history = events(runId);
    const failed = history.find((e) => e.type === 'WorkflowTaskFailed');
    assert.ok(failed?.type === 'WorkflowTaskFailed' && failed.cause === 'FORCE_CLOSE_COMMAND');
    assert.equal(history.filter((e) => e.type === 'WorkflowExecutionSignaled').length, 100);
    assert.ok(history.findIndex((e) => e.type === 'WorkflowExecutionSignaled') > history.indexOf(failed));
    const [, next] = worker.take('task.workflow');
    assert.ok(
      next?.events.some((e) => e.type === 'WorkflowExecutionSignaled'),
      'a new task shows them',
    );
  });

  it('delivers a retried signal (same request id) once', async function () {
    const { runId, workflowId } = await start();
    for (let i = 0; i < 3; i++)
      await svc.workflows.signal({ namespace: 'default', workflowId, signalName: 'go', args: [i], requestId: 'same' });
    await finishLatestTask();
    assert.equal(events(runId).filter((e) => e.type === 'WorkflowExecutionSignaled').length, 1);
  });

  it('remembers the latest signal request ids only, so that a run with many signals stays small', async function () {
    const { runId, workflowId } = await start();
    const signal = (requestId: string) => svc.workflows.signal({ namespace: 'default', workflowId, signalName: 'go', args: [], requestId });
    for (let i = 0; i < MAX_SIGNAL_REQUEST_IDS + 10; i++) await signal(`r-${i}`);
    const state = store.getRun(runId)!;
    assert.equal(state.signalRequestIds.length, MAX_SIGNAL_REQUEST_IDS);
    assert.equal(state.signalRequestIds[0], 'r-10');
    await signal(`r-${MAX_SIGNAL_REQUEST_IDS + 9}`); // A recent one, retried: still delivered once.
    await finishLatestTask();
    assert.equal(events(runId).filter((e) => e.type === 'WorkflowExecutionSignaled').length, MAX_SIGNAL_REQUEST_IDS + 10);
  });

  it('hands a task every event that came while no task could run, also more than it keeps in memory', async function () {
    const { workflowId } = await start();
    await finishLatestTask();
    svc.workers.unregister(worker, 'worker-1'); // No worker takes tasks: the signals wait in history.
    const count = 10_050; // More than the 10,000 events a run keeps in memory for its next task.
    for (let i = 0; i < count; i++) await svc.workflows.signal({ namespace: 'default', workflowId, signalName: 'go', args: [i] });
    const other = new TestWorker(svc, 'worker-2');
    await other.register();
    const [next] = other.take('task.workflow');
    const signals = next!.events.filter((e) => e.type === 'WorkflowExecutionSignaled');
    assert.equal(signals.length, count);
    assert.deepEqual(
      signals.slice(0, 2).map((e) => e.type === 'WorkflowExecutionSignaled' && e.input),
      [[0], [1]],
    );
  });

  it('times out the whole run after its run timeout', async function () {
    const { runId, workflowId } = await start({ workflowRunTimeoutMs: 60_000 });
    await clock.advance(60_000);
    assert.equal(svc.workflows.describe({ namespace: 'default', workflowId }).status, 'TIMED_OUT');
    assert.equal(events(runId).at(-1)?.type, 'WorkflowExecutionTimedOut');
  });

  it('fires durable timers at their time, also after a restart of the service', async function () {
    const { runId } = await start();
    const [wt] = worker.take('task.workflow');
    await worker.complete(wt!, [{ type: 'StartTimer', seq: 1, startToFireTimeoutMs: 3_600_000 }]);
    await clock.advance(1_800_000);
    svc.close();
    svc = new RewindService({ store, clock, log: silentLogger, leaseGraceMs: 1000 });
    worker = new TestWorker(svc, 'worker-1');
    await worker.register();
    await clock.advance(1_799_999);
    assert.ok(!events(runId).some((e) => e.type === 'TimerFired'));
    await clock.advance(1);
    assert.ok(events(runId).some((e) => e.type === 'TimerFired'));
    assert.equal(worker.take('task.workflow').length, 1);
  });

  it('keeps working when the cache of open runs holds fewer runs than are open', async function () {
    svc.close();
    svc = new RewindService({ store, clock, log: silentLogger, leaseGraceMs: 1000, runCacheSize: 2 });
    worker = new TestWorker(svc, 'worker-1');
    await worker.register();
    const runs: string[] = [];
    for (let i = 0; i < 6; i++) {
      const { runId } = await start();
      runs.push(runId);
      const [wt] = worker.take('task.workflow');
      await worker.complete(wt!, [{ type: 'StartTimer', seq: 1, startToFireTimeoutMs: 60_000 + i }]);
    }
    await clock.advance(60_010);
    const next = worker.take('task.workflow');
    assert.equal(next.length, 6, 'every timer fired and its task was handed out');
    for (const wt of next) await worker.complete(wt, [{ type: 'CompleteWorkflowExecution', result: wt.runId }]);
    for (const runId of runs) assert.equal(events(runId).at(-1)?.type, 'WorkflowExecutionCompleted');
  });

  it('releases what a worker held on its old connection when it registers again on a new one', async function () {
    const { task } = await startActivity({ startToCloseTimeoutMs: 3_600_000 });
    const again = new TestWorker(svc, 'worker-1'); // same worker id, a new connection
    await again.register({ runningTasks: [] });
    await clock.advance(1_000); // the attempt failed as lost: retried after the policy's first backoff
    const [retried] = again.take('task.activity');
    assert.equal(retried?.attempt, 2);
    assert.equal(retried?.activityId, task.activityId);
  });

  it('keeps what a re-registering worker says it still runs', async function () {
    const { task } = await startActivity({ startToCloseTimeoutMs: 3_600_000 });
    const again = new TestWorker(svc, 'worker-1');
    await again.register({ runningTasks: [task.taskToken] });
    await svc.workers.completeActivity(again, { taskToken: task.taskToken, result: 'done' });
    await settle();
    assert.equal(again.take('task.activity').length, 0, 'nothing was handed out again');
  });

  it('warns when workers on one queue run different workflow code for the same types', async function () {
    const lines: string[] = [];
    svc.close();
    svc = new RewindService({ store, clock, log: { ...silentLogger, warn: (m) => lines.push(m) }, leaseGraceMs: 1000 });
    await new TestWorker(svc, 'old').register({ buildId: 'aaaa', identity: 'old-worker' });
    await new TestWorker(svc, 'same').register({ buildId: 'aaaa', identity: 'same-worker' });
    assert.deepEqual(lines, []);
    await new TestWorker(svc, 'new').register({ buildId: 'bbbb', identity: 'new-worker' });
    assert.equal(lines.length, 2);
    assert.match(
      lines[0]!,
      /Workers on task queue 'q' run different workflow code for wf: new-worker \(build bbbb\) and old-worker \(build aaaa\)/,
    );
  });

  it('gives a worker only the types it registered, and explains the wait otherwise', async function () {
    const { workflowId } = await start({ workflowType: 'other' });
    assert.equal(worker.take('task.workflow').length, 0);
    assert.match(
      svc.workflows.describe({ namespace: 'default', workflowId }).pendingWorkflowTask?.waitingReason ?? '',
      /has workflow type 'other'; the workers there have: wf/,
    );
    const other = new TestWorker(svc, 'worker-other');
    await other.register({ workflowTypes: ['other'] });
    assert.equal(other.take('task.workflow').length, 1);
  });

  it('refuses commands that cannot be applied, failing the task with the reason', async function () {
    const { runId } = await start();
    const [wt] = worker.take('task.workflow');
    await worker.complete(wt!, [schedule(1, { startToCloseTimeoutMs: undefined })]);
    const failed = events(runId).find((e) => e.type === 'WorkflowTaskFailed');
    assert.ok(failed?.type === 'WorkflowTaskFailed' && failed.cause === 'BAD_COMMAND');
    assert.match(failed.failure.message, /neither startToCloseTimeout nor scheduleToCloseTimeout/);
  });
});
