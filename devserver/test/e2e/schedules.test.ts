// Schedules on a real server and clock: intervals, a restart in between (the schedule is in the
// database and goes on), update, and a buffered start (BUFFER_ONE) that waits for the running run.
import assert from 'node:assert/strict';
import { ScheduleOverlapPolicy } from '@rewind/sdk/client';
import * as activities from '../fixtures/activities';
import { eventually, startServer, startWorker, type TestServer } from '../helpers/server';

describe('schedules', function () {
  const taskQueue = 'schedules';

  it('keeps acting across a server restart, and takes an update', async function () {
    let srv: TestServer = await startServer();
    const dbPath = srv.dbPath;
    let worker = await startWorker(srv.address, { taskQueue, activities });
    try {
      const handle = await srv.client.schedule.create({
        scheduleId: 'every-second',
        spec: { intervals: [{ every: '1 second' }] },
        action: { type: 'startWorkflow', workflowType: 'fanOut', taskQueue, args: [['tick']] },
        policies: { overlap: ScheduleOverlapPolicy.ALLOW_ALL },
      });
      await eventually(async () => ((await handle.describe()).info.numActionsTaken >= 1 ? true : undefined), 5000, 'a first action');
      await worker.stop();
      await srv.close();

      srv = await startServer({ db: dbPath });
      worker = await startWorker(srv.address, { taskQueue, activities });
      const again = srv.client.schedule.getHandle('every-second');
      const before = (await again.describe()).info.numActionsTaken;
      await eventually(
        async () => ((await again.describe()).info.numActionsTaken > before ? true : undefined),
        5000,
        'an action after the restart',
      );
      const d = await again.describe();
      const last = d.info.recentActions.at(-1)!;
      assert.deepEqual(await srv.client.workflow.getHandle(last.action.workflow.workflowId).result(), ['hello tick']);
      const started = (await srv.client.workflow.getHandle(last.action.workflow.workflowId).describe()).searchAttributes;
      assert.deepEqual(started?.TemporalScheduledById, ['every-second']);

      await again.update((prev) => ({
        spec: { cronExpressions: ['0 0 1 1 *'] },
        action: { type: 'startWorkflow', workflowType: prev.action.workflowType, taskQueue, args: ['new year'] },
        state: prev.state,
      }));
      const updated = await again.describe();
      assert.deepEqual(updated.spec, { cronExpressions: ['0 0 1 1 *'] });
      assert.equal(updated.info.nextActionTimes[0]!.toISOString().slice(5), '01-01T00:00:00.000Z');
      await again.delete();
    } finally {
      await worker.stop();
      await srv.close();
    }
  });

  it('BUFFER_ONE starts a triggered action when the running run ends, and drops a second one', async function () {
    const srv = await startServer();
    const worker = await startWorker(srv.address, { taskQueue, activities });
    try {
      const handle = await srv.client.schedule.create({
        scheduleId: 'buffered',
        spec: { cronExpressions: ['0 0 1 1 *'] },
        action: { type: 'startWorkflow', workflowType: 'waitingChild', taskQueue },
        policies: { overlap: ScheduleOverlapPolicy.BUFFER_ONE },
      });
      await handle.trigger();
      await handle.trigger();
      await handle.trigger();
      let d = await handle.describe();
      assert.equal(d.info.numActionsTaken, 1);
      assert.equal(d.raw.info.bufferedActions, 1);
      assert.equal(d.info.numActionsSkippedOverlap, 1);
      await srv.client.workflow.getHandle(d.info.runningActions[0]!.workflow.workflowId).signal('poke', 'go');
      await eventually(async () => ((await handle.describe()).info.numActionsTaken === 2 ? true : undefined), 5000, 'the buffered start');
      d = await handle.describe();
      assert.equal(d.raw.info.bufferedActions, 0);
      await srv.client.workflow.getHandle(d.info.runningActions[0]!.workflow.workflowId).terminate();
      await handle.delete();
    } finally {
      await worker.stop();
      await srv.close();
    }
  });
});
