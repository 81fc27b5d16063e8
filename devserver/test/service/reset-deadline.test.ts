// Reset keeps the execution's deadline: on the real service and a :memory: store with a hand-moved clock,
// a reset of a run that continued another still times out when the whole execution's timeout passes.
import assert from 'node:assert/strict';
import type { Command, NotificationMethod, Notifications, WorkflowTask } from '@rewind/sdk/protocol';
import { RewindService } from '../../src/service/rewind-service';
import { silentLogger } from '../../src/service/logger';
import type { WorkerConnection } from '../../src/service/matching/workers';
import { SqliteStore } from '../../src/store/sqlite-store';
import { FakeClock, settle } from '../helpers/fake-clock';

/** A worker as the server sees it: it keeps the workflow tasks it is sent. */
class TaskInbox implements WorkerConnection {
  readonly id = 1;
  readonly tasks: WorkflowTask[] = [];
  notify = <M extends NotificationMethod>(method: M, params: Notifications[M]): void => {
    if (method === 'task.workflow') this.tasks.push(params as WorkflowTask);
  };
}

describe('service: reset keeps the execution deadline', function () {
  let clock: FakeClock;
  let store: SqliteStore;
  let svc: RewindService;
  const worker = new TaskInbox();

  beforeEach(async function () {
    clock = new FakeClock();
    store = SqliteStore.open({ path: ':memory:' });
    svc = new RewindService({ store, clock, log: silentLogger, leaseGraceMs: 1000 });
    await svc.workers.register(worker, {
      namespace: 'default',
      taskQueue: 'q',
      workerId: 'worker-1',
      workflowTypes: ['wf'],
      activityTypes: [],
      maxConcurrentWorkflowTasks: 10,
      maxConcurrentActivities: 10,
      runningTasks: [],
    });
  });

  afterEach(function () {
    svc.close();
    store.close();
  });

  async function completeNextTask(commands: Command[]): Promise<void> {
    await settle();
    const task = worker.tasks.shift();
    assert.ok(task, 'a workflow task was handed out');
    await svc.workers.completeWorkflowTask(worker, { taskToken: task.taskToken, commands });
    await settle();
  }

  const status = (runId: string): string => svc.workflows.describe({ namespace: 'default', workflowId: 'chain', runId }).status;

  it('a reset of a continued run times out at the first run’s start plus the execution timeout', async function () {
    await svc.workflows.start({
      namespace: 'default',
      workflowId: 'chain',
      workflowType: 'wf',
      taskQueue: 'q',
      args: [],
      requestId: 'start',
      workflowExecutionTimeoutMs: 60_000,
      workflowTaskTimeoutMs: 3_600_000, // No task times out while the clock moves.
    });
    await clock.advance(30_000);
    await completeNextTask([{ type: 'ContinueAsNewWorkflowExecution', workflowType: 'wf', taskQueue: 'q', args: [] }]);
    await completeNextTask([{ type: 'StartTimer', seq: 1, startToFireTimeoutMs: 3_600_000 }]);
    await clock.advance(10_000);
    const { runId } = await svc.workflows.reset({ namespace: 'default', workflowId: 'chain', type: 'FirstWorkflowTask' });
    await completeNextTask([{ type: 'StartTimer', seq: 1, startToFireTimeoutMs: 3_600_000 }]);
    await clock.advance(19_999);
    assert.equal(status(runId), 'RUNNING');
    await clock.advance(1); // 60 s after the first run started
    assert.equal(status(runId), 'TIMED_OUT');
  });
});
