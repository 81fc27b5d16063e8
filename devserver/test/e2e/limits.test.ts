// What one run may hold: too many pending activities or children fails the task with a message that
// says what to change (the run waits for fixed code, as with Temporal); a history past its limit ends
// the run, terminated with a hint to continue as new.
import assert from 'node:assert/strict';
import path from 'node:path';
import { WorkflowFailedError } from '@rewind/sdk/client';
import type { HistoryEvent } from '@rewind/sdk/protocol';
import * as activities from '../fixtures/activities';
import { silentLogger } from '../../src/service/logger';
import { handshaken } from '../helpers/raw-session';
import { eventually, startServer, startWorker, type TestServer } from '../helpers/server';

describe('run limits', function () {
  this.timeout(30_000);
  const taskQueue = 'limits';
  let srv: TestServer;
  let stopWorker: () => Promise<void>;
  const warnings: string[] = [];

  before(async function () {
    srv = await startServer({
      limits: { historyEvents: 60, pendingActivities: 5, pendingChildren: 3 },
      log: { ...silentLogger, warn: (m) => warnings.push(m) },
    });
    stopWorker = (await startWorker(srv.address, { taskQueue, activities, workflowsPath: path.join(__dirname, '../fixtures/limits.ts') }))
      .stop;
  });
  after(async function () {
    await stopWorker?.();
    await srv?.close();
  });

  /** The first failed workflow task of a run, once there is one. */
  const taskFailure = (workflowId: string): Promise<Extract<HistoryEvent, { type: 'WorkflowTaskFailed' }>> =>
    eventually(async () => {
      const { events } = await srv.client.workflow.getHandle(workflowId).fetchHistory();
      return events.find((e): e is Extract<HistoryEvent, { type: 'WorkflowTaskFailed' }> => e.type === 'WorkflowTaskFailed');
    });

  it('runs as many activities at once as the limit allows', async function () {
    assert.equal(await srv.client.workflow.execute('fanOutActivities', { taskQueue, workflowId: 'five-activities', args: [5] }), 5);
  });

  it('fails the task that would leave more activities pending, saying what to change; the run stays open', async function () {
    await srv.client.workflow.start('fanOutActivities', { taskQueue, workflowId: 'six-activities', args: [6] });
    const failed = await taskFailure('six-activities');
    assert.equal(failed.cause, 'PENDING_ACTIVITIES_LIMIT_EXCEEDED');
    assert.match(failed.failure.message, /6 activities pending at once; a run may have at most 5\. Await some before scheduling more/);
    const { events } = await srv.client.workflow.getHandle('six-activities').fetchHistory();
    assert.equal(events.filter((e) => e.type === 'ActivityTaskScheduled').length, 0, 'nothing of the task was applied');
    assert.equal((await srv.client.workflow.getHandle('six-activities').describe()).status.name, 'RUNNING');
    assert.ok(
      warnings.some((w) =>
        /The workflow task of six-activities failed \(PENDING_ACTIVITIES_LIMIT_EXCEEDED\): The workflow would have 6/.test(w),
      ),
      `the server's log says so: ${warnings.join(' | ')}`,
    );
  });

  it('fails the task that would leave more children running, saying so', async function () {
    assert.equal(await srv.client.workflow.execute('fanOutChildren', { taskQueue, workflowId: 'three-children', args: [3] }), 3);
    await srv.client.workflow.start('fanOutChildren', { taskQueue, workflowId: 'four-children', args: [4] });
    const failed = await taskFailure('four-children');
    assert.equal(failed.cause, 'PENDING_CHILD_WORKFLOWS_LIMIT_EXCEEDED');
    assert.match(failed.failure.message, /4 child workflows running at once; a run may have at most 3/);
  });

  it('terminates a run whose history outgrows the limit, with a hint to continue as new', async function () {
    const handle = await srv.client.workflow.start('manySleeps', { taskQueue, workflowId: 'long-history', args: [20] });
    const err = await handle.result().then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(err instanceof WorkflowFailedError, String(err));
    const { events } = await handle.fetchHistory();
    const last = events[events.length - 1]!;
    assert.equal(last.type, 'WorkflowExecutionTerminated');
    assert.match(
      last.type === 'WorkflowExecutionTerminated' ? (last.reason ?? '') : '',
      /exceeds limit: this run has 6\d events, more than 60\. Call continueAsNew/,
    );
    assert.ok(events.length > 60 && events.length < 70, `${events.length} events`);
  });

  it('refuses a value over the payload limit and a request over the message limit, counting UTF-8 bytes; the connection carries on', async function () {
    const handle = await srv.client.workflow.start('fanOutActivities', { taskQueue, workflowId: 'size-limits', args: [1] });
    // 1.5 M characters of '€' are 4.5 MB on the wire: over the 4 MB a value may have.
    await assert.rejects(
      handle.signal('x', '€'.repeat(1_500_000)),
      /Cannot send argument 1 of signal x: it is 4\.3 MB as JSON, and one value may be at most 4 MB/,
    );
    // Five values of 3.4 MB each: 6 M characters, 17 MB on the wire, over the 16 MB a message may have.
    const values = Array.from({ length: 5 }, () => '€'.repeat(1_200_000));
    await assert.rejects(
      handle.signal('x', ...values),
      /request is 17\.2 MB, more than the server takes \(16 MB\): send less data at once/,
    );
    assert.equal(await handle.result(), 1);
  });

  it('refuses a payload over the limit from a client that skips the SDK, naming it, and stores nothing', async function () {
    const peer = await handshaken(srv.address);
    try {
      const args = [{ list: Array.from({ length: 3 }, () => 'é'.repeat(800_000)) }]; // 2.4 M characters, 4.8 MB
      const reply = await peer.call(2, 'workflow.start', {
        namespace: 'default',
        workflowId: 'raw-huge',
        workflowType: 'x',
        taskQueue,
        args,
        requestId: 'r1',
      });
      assert.match(
        reply.error?.message ?? '',
        /args\[0\]: expected a value of at most 4 MB as JSON \(keep large data elsewhere and pass a reference to it\), got about 4\.6 MB/,
      );
      await assert.rejects(srv.client.workflow.getHandle('raw-huge').describe(), /not found/i);
      const small = await peer.call(3, 'workflow.start', {
        namespace: 'default',
        workflowId: 'raw-small',
        workflowType: 'x',
        taskQueue: 'nobody',
        args: [[1, 2, 3]],
        requestId: 'r2',
      });
      assert.equal(small.error, undefined, JSON.stringify(small.error));
    } finally {
      peer.close();
    }
  });

  it('an error whose message the server would refuse (half an emoji, too long) still arrives, mended and cut', async function () {
    // 'a' and the first half of '😀': a message cut in the middle of an emoji.
    const half = await srv.client.workflow.execute('failureText', { taskQueue, workflowId: 'half-emoji', args: ['a\ud83d', 1] });
    assert.deepEqual(half, { length: 2, start: 'a\ufffd', end: 'a\ufffd' });
    const long = (await srv.client.workflow.execute('failureText', { taskQueue, workflowId: 'long-message', args: ['x', 150_000] })) as {
      length: number;
      end: string;
    };
    assert.equal(long.length, 100_000);
    assert.match(long.end, /… \(50\d\d\d characters cut\)$/);
  });

  it('lets a workflow that continues as new run as long as it likes', async function () {
    assert.equal(await srv.client.workflow.execute('manySleeps', { taskQueue, workflowId: 'long-but-renewed', args: [20, 8] }), 4);
  });
});
