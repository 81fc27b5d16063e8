// A local activity's originalScheduleTime reaches the outbound interceptors as Temporal's protobuf
// Timestamp (Long seconds and nanos); an interceptor module written for Temporal reads it with
// @temporalio/common's tsToMs, unchanged.
import assert from 'node:assert/strict';
import path from 'node:path';
import type { InjectedSinks } from '@rewind/sdk/worker';
import type { ScheduleSinks } from '../fixtures/local-activity-schedule-time/interceptors';
import * as activities from '../fixtures/local-activity-schedule-time/activities';
import { startServer, startWorker, type TestServer } from '../helpers/server';

const fixtures = path.join(__dirname, '../fixtures/local-activity-schedule-time');
const taskQueue = 'local-activity-schedule-time';

describe("a local activity's originalScheduleTime in the interceptors", function () {
  this.timeout(60_000);
  let srv: TestServer;
  let stop: () => Promise<void>;
  const attempts: [attempt: number, originalScheduleMs: number, secondsIsLong: boolean][] = [];
  const sinks: InjectedSinks<ScheduleSinks> = {
    schedule: { attempt: { fn: (_info, ...seen) => void attempts.push(seen) } },
  };

  before(async function () {
    srv = await startServer();
    ({ stop } = await startWorker(srv.address, {
      taskQueue,
      workflowsPath: path.join(fixtures, 'workflows.ts'),
      activities,
      interceptors: { workflowModules: [path.join(fixtures, 'interceptors.ts')] },
      sinks,
    }));
  });
  after(async function () {
    await stop?.();
    await srv?.close();
  });

  it('is a Timestamp of the time the workflow scheduled it', async function () {
    const [at, result] = (await srv.client.workflow.execute('scheduleTime', { taskQueue, workflowId: 'schedule-time' })) as [
      number,
      string,
    ];
    assert.equal(result, 'attempt 2');
    // The retry after a short backoff runs in the worker, not through the interceptors again (as Temporal's).
    assert.deepEqual(attempts, [[1, at, true]]);
  });
});
