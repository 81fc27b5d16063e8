// Heartbeat details given just before a worker shuts down reach the server (the throttle's held-back
// details are flushed before the attempt's outcome and before the connection closes), so the retry on
// another worker resumes from the last details, as with Temporal's worker.
import assert from 'node:assert/strict';
import path from 'node:path';
import { Context } from '@rewind/sdk/activity';
import { eventually, startServer, startWorker, type TestServer } from '../helpers/server';

const workflowsPath = path.join(__dirname, '../fixtures/heartbeat-shutdown.ts');
const taskQueue = 'heartbeat-shutdown';

/** A promise with its resolver, to hand control between the test and the activity. */
function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('heartbeats when a worker shuts down', function () {
  let srv: TestServer;
  before(async function () {
    srv = await startServer();
  });
  after(async function () {
    await srv.close();
  });

  it('the next attempt, on a new worker, sees the last details given before the shutdown', async function () {
    const firstSent = deferred();
    const lastGiven = deferred();
    const activities = {
      async resumable(): Promise<string> {
        const ctx = Context.current();
        if (ctx.info.heartbeatDetails !== undefined)
          return `attempt ${ctx.info.attempt} resumed from step ${String(ctx.info.heartbeatDetails)}`;
        ctx.heartbeat(1); // Sent at once.
        await firstSent.promise;
        ctx.heartbeat(2); // Held back by the throttle (48 s)…
        ctx.heartbeat(3);
        lastGiven.resolve();
        await ctx.cancelled; // …when the worker shuts down, which cancels the attempt.
        return 'not reached';
      },
    };
    const first = await startWorker(srv.address, { taskQueue, workflowsPath, activities });
    const handle = await srv.client.workflow.start('resumingWork', { taskQueue, workflowId: 'resuming-1' });
    await eventually(
      async () => ((await handle.describe()).raw.pendingActivities[0]?.heartbeatDetails?.[0] === 1 ? true : undefined),
      5000,
      'the first heartbeat',
    );
    firstSent.resolve();
    await lastGiven.promise;
    await first.stop(); // Graceful: the activity is cancelled (WORKER_SHUTDOWN), the worker closes its connection.

    const second = await startWorker(srv.address, { taskQueue, workflowsPath, activities });
    try {
      assert.equal(await handle.result(), 'attempt 2 resumed from step 3');
    } finally {
      await second.stop();
    }
  });

  it('flushes the held-back details of an activity that ignores the cancellation before the worker closes its connection', async function () {
    const firstSent = deferred();
    const lastGiven = deferred();
    const release = deferred();
    const activities = {
      async resumable(): Promise<string> {
        const ctx = Context.current();
        if (ctx.info.heartbeatDetails !== undefined)
          return `attempt ${ctx.info.attempt} resumed from step ${String(ctx.info.heartbeatDetails)}`;
        ctx.heartbeat(1);
        await firstSent.promise;
        ctx.heartbeat(2);
        ctx.heartbeat(3); // Held back by the throttle; the activity then ignores the worker's cancellation.
        lastGiven.resolve();
        await release.promise;
        return 'finished too late';
      },
    };
    const first = await startWorker(srv.address, { taskQueue, workflowsPath, activities });
    const handle = await srv.client.workflow.start('resumingWork', { taskQueue, workflowId: 'resuming-2' });
    await eventually(
      async () => ((await handle.describe()).raw.pendingActivities[0]?.heartbeatDetails?.[0] === 1 ? true : undefined),
      5000,
      'the first heartbeat',
    );
    firstSent.resolve();
    await lastGiven.promise;
    await first.stop(); // Gives up on the activity after its report wait, flushing its heartbeat first.
    release.resolve();

    const second = await startWorker(srv.address, { taskQueue, workflowsPath, activities });
    try {
      assert.equal(await handle.result(), 'attempt 2 resumed from step 3');
    } finally {
      await second.stop();
    }
  });
});
