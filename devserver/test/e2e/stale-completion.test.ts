// A workflow task handed out again (its worker went away past the lease grace, or the server
// restarted) gets a token of its own: a completion the first worker computed from the older history
// (and its connection re-sent after reconnecting) is refused and changes nothing; the new one lands.
// Likewise an activity attempt whose worker went away: its late completion is refused.
import assert from 'node:assert/strict';
import { Client, Connection } from '@rewind/sdk/client';
import { RewindServer } from '../../src/server';
import { silentLogger } from '../../src/service/logger';
import type { RawPeer } from '../helpers/raw-peer';
import { rawWorker } from '../helpers/raw-session';
import { startServer, type TestServer } from '../helpers/server';

const QUEUE = 'stale-completion';

/** A worker by hand on the queue, for `approval` workflow tasks (and `greet` activities if asked). */
const worker = (address: string, workerId: string, activities = false): Promise<RawPeer> =>
  rawWorker(address, { taskQueue: QUEUE, workerId, workflowTypes: ['approval'], activityTypes: activities ? ['greet'] : [], capacity: 1 });

const COMPLETE = [{ type: 'CompleteWorkflowExecution', result: 'done' }];

describe('a stale workflow task completion', function () {
  let srv: TestServer;
  beforeEach(async function () {
    srv = await startServer({ leaseGraceMs: 50 });
  });
  afterEach(async function () {
    await srv.close();
  });

  /** A task handed to a worker that goes away; then the history moves on (a signal it never saw). */
  async function startedThenLeft(workflowId: string) {
    const handle = await srv.client.workflow.start('approval', { taskQueue: QUEUE, workflowId, args: [1] });
    const first = await worker(srv.address, 'w1');
    const t1 = String((await first.notification('task.workflow')).params.taskToken);
    first.close();
    return { handle, t1 };
  }

  async function refusedThenCompleted(
    second: RawPeer,
    t1: string,
    handle: Pick<ReturnType<Client['workflow']['getHandle']>, 'fetchHistory' | 'result'>,
  ) {
    const task = (await second.notification('task.workflow')).params;
    const types0 = (await handle.fetchHistory()).events.map((e) => e.type);
    assert.ok(types0.includes('WorkflowExecutionSignaled'));
    const t2 = String(task.taskToken);
    assert.notEqual(t2, t1, 'the task handed out again has a token of its own');

    const stale = await second.call(3, 'workflowTask.complete', { taskToken: t1, commands: COMPLETE });
    assert.equal(stale.error?.data?.status, 'NOT_FOUND', JSON.stringify(stale));
    const fresh = await second.call(4, 'workflowTask.complete', { taskToken: t2, commands: COMPLETE });
    assert.equal(fresh.error, undefined, JSON.stringify(fresh.error));
    assert.equal(await handle.result(), 'done');
    const types = (await handle.fetchHistory()).events.map((e) => e.type);
    assert.equal(types.filter((t) => t === 'WorkflowTaskCompleted').length, 1, 'one completion: the stale one changed nothing');
    second.close();
  }

  it('after the worker went away past its lease: refused; the new one completes the run', async function () {
    const { handle, t1 } = await startedThenLeft('stale-lease');
    await handle.signal('approve', 'ada');
    await refusedThenCompleted(await worker(srv.address, 'w1'), t1, handle);
  });

  it('after a server restart (the start was not durable): refused; the new one completes the run', async function () {
    const { t1 } = await startedThenLeft('stale-restart');
    const { port } = srv.server;
    await srv.close();
    const again = await RewindServer.start({ db: srv.dbPath, port, log: silentLogger, leaseGraceMs: 50 });
    try {
      const connection = await Connection.connect({ address: again.address });
      try {
        const h = new Client({ connection }).workflow.getHandle('stale-restart');
        await h.signal('approve', 'ada');
        await refusedThenCompleted(await worker(again.address, 'w1'), t1, h);
      } finally {
        await connection.close();
      }
    } finally {
      await again.close();
      srv = await startServer({ leaseGraceMs: 50 }); // for afterEach
    }
  });
});

describe('a stale activity completion', function () {
  let srv: TestServer;
  before(async function () {
    srv = await startServer({ leaseGraceMs: 50 });
  });
  after(async function () {
    await srv.close();
  });

  it("from a worker that went away while the attempt ran: refused; the next attempt's result is the one recorded", async function () {
    const handle = await srv.client.workflow.start('approval', { taskQueue: QUEUE, workflowId: 'stale-activity', args: [1] });
    const first = await worker(srv.address, 'a1', true);
    const wt = String((await first.notification('task.workflow')).params.taskToken);
    const schedule = {
      type: 'ScheduleActivityTask',
      seq: 1,
      activityId: '1',
      activityType: 'greet',
      taskQueue: QUEUE,
      args: ['ada'],
      startToCloseTimeoutMs: 60_000,
      retryPolicy: { initialIntervalMs: 10 },
    };
    assert.equal((await first.call(3, 'workflowTask.complete', { taskToken: wt, commands: [schedule] })).error, undefined);
    const a1 = String((await first.notification('task.activity')).params.taskToken);
    first.close(); // The worker is gone mid-attempt: the attempt fails and is retried.

    const second = await worker(srv.address, 'a2', true);
    const a2 = String((await second.notification('task.activity')).params.taskToken);
    assert.notEqual(a2, a1);
    const stale = await second.call(3, 'activityTask.complete', { taskToken: a1, result: 'stale' });
    assert.equal(stale.error?.data?.status, 'NOT_FOUND', JSON.stringify(stale));
    assert.equal((await second.call(4, 'activityTask.complete', { taskToken: a2, result: 'fresh' })).error, undefined);
    const wt2 = String((await second.notification('task.workflow')).params.taskToken);
    assert.equal((await second.call(5, 'workflowTask.complete', { taskToken: wt2, commands: COMPLETE })).error, undefined);
    assert.equal(await handle.result(), 'done');
    const events = (await handle.fetchHistory()).events;
    const completed = events.filter((e) => e.type === 'ActivityTaskCompleted');
    assert.deepEqual(
      completed.map((e) => (e.type === 'ActivityTaskCompleted' ? e.result : undefined)),
      ['fresh'],
      "one completion, the live attempt's",
    );
    second.close();
  });
});
