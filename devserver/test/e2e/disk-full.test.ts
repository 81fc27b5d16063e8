// A full disk (the database capped at its size: SQLite fails the write with SQLITE_FULL, as on a full
// disk): each change that cannot be saved gets a clear error and leaves nothing half-written; the
// server, its workflows and the worker carry on once space is back.
import assert from 'node:assert/strict';
import type { HistoryEvent } from '@rewind/sdk/protocol';
import * as activities from '../fixtures/activities';
import { startServer, startWorker, type TestServer } from '../helpers/server';

describe('a full disk', function () {
  this.timeout(30_000);
  const taskQueue = 'disk-full';
  let srv: TestServer;
  let stopWorker: () => Promise<void>;

  before(async function () {
    srv = await startServer();
    stopWorker = (await startWorker(srv.address, { taskQueue, activities })).stop;
  });
  after(async function () {
    await stopWorker?.();
    await srv?.close();
  });

  const gapFree = (events: HistoryEvent[]): boolean => events.every((e, i) => e.eventId === i + 1);

  it('refuses what it cannot save, clearly, saves nothing of it, and carries on when space is back', async function () {
    const waiting = await srv.client.workflow.start('approval', { taskQueue, workflowId: 'waits-through-it', args: [1] });
    const filled = await srv.client.workflow.start('approval', { taskQueue, workflowId: 'fills-the-disk', args: [1000] });
    await srv.client.workflow.execute('order', { taskQueue, workflowId: 'before-full', args: ['o-1', '1 millisecond'] });

    srv.server.store.capSize(0);
    const big = 'x'.repeat(16 * 1024);
    let refused: Error | undefined;
    let saved = 0;
    for (let i = 0; i < 1000 && !refused; i++) {
      await filled.signal('approve', `${i}:${big}`).then(
        () => saved++,
        (err: Error) => (refused = err),
      );
    }
    assert.ok(refused, 'a signal was refused once the disk was full');
    assert.match(refused.message, /The disk holding .*rewind\.db is full: the change was not saved\. Free some space/);
    await assert.rejects(
      srv.client.workflow.start('approval', { taskQueue, workflowId: 'started-when-full', args: [1, big] }),
      /disk holding .* is full/,
    );
    // Nothing of what was refused exists; the server answers reads.
    await assert.rejects(srv.client.workflow.getHandle('started-when-full').describe(), /not found/i);
    const signaled = (await filled.fetchHistory()).events.filter((e) => e.type === 'WorkflowExecutionSignaled');
    assert.equal(signaled.length, saved, 'the signals saved, not the refused one');
    assert.equal((await srv.client.workflow.count()).count, 3);

    srv.server.store.capSize(undefined);
    await srv.client.workflow.start('approval', { taskQueue, workflowId: 'started-when-full', args: [1] });
    await waiting.signal('approve', 'bob');
    assert.equal(await waiting.result(), 'approved by bob');
    assert.match(
      String(await srv.client.workflow.execute('order', { taskQueue, workflowId: 'after-full', args: ['o-2', '1 millisecond'] })),
      /o-2/,
    );
    for (const id of ['waits-through-it', 'fills-the-disk', 'before-full', 'after-full', 'started-when-full']) {
      assert.ok(gapFree((await srv.client.workflow.getHandle(id).fetchHistory()).events), `${id}: event ids without gaps`);
    }
  });
});
