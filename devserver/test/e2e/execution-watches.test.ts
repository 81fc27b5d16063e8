// Live lists (what the VS Code tree shows): runs that start, close or are deleted are pushed to a
// watching connection, batched, until it stops watching; no polling.
import assert from 'node:assert/strict';
import { Connection } from '@rewind/sdk/client';
import type { Notifications } from '@rewind/sdk/protocol';
import * as activities from '../fixtures/activities';
import { eventually, useServerAndWorker } from '../helpers/server';

describe('executions.watch', function () {
  const taskQueue = 'watched';
  const env = useServerAndWorker({ taskQueue, activities });

  it('pushes starts, closes and deletions of the namespace’s runs, batched, until unwatched', async function () {
    const { srv } = env;
    const watcher = await Connection.connect({ address: srv.address });
    const batches: Notifications['executions.changed'][] = [];
    watcher.onNotification((method, params) => {
      if (method === 'executions.changed') batches.push(params as Notifications['executions.changed']);
    });
    try {
      await watcher.call('executions.watch', { namespace: 'default', watchId: 'tree' });
      const handles = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          srv.client.workflow.start('order', { taskQueue, workflowId: `watched-${i}`, args: [`o-${i}`, '1 ms'] }),
        ),
      );
      await Promise.all(handles.map((h) => h.result()));
      // The latest state of each run: all twenty completed.
      const latest = new Map<string, string>();
      await eventually(() => {
        for (const b of batches) for (const e of b.executions) latest.set(e.workflowId, e.status);
        return [...latest.values()].filter((s) => s === 'COMPLETED').length === 20 ? true : undefined;
      });
      assert.ok(batches.length < 40, `${batches.length} notifications for 20 starts and 20 closes: batched`);
      assert.ok(batches.every((b) => b.watchId === 'tree'));
      const seen = batches.flatMap((b) => b.executions).find((e) => e.workflowId === 'watched-0')!;
      assert.equal(seen.workflowType, 'order');
      assert.equal(seen.taskQueue, taskQueue);

      await srv.connection.call('workflow.delete', { namespace: 'default', workflowId: 'watched-0' });
      await eventually(() => (batches.some((b) => b.deletedRunIds.includes(handles[0]!.firstExecutionRunId)) ? true : undefined));

      await watcher.call('executions.unwatch', { watchId: 'tree' });
      const before = batches.length;
      await srv.client.workflow.execute('order', { taskQueue, workflowId: 'after-unwatch', args: ['x', '1 ms'] });
      await new Promise((r) => setTimeout(r, 50));
      assert.equal(batches.length, before, 'nothing after unwatch');
      assert.equal(srv.server.service.executionWatches.size, 0);
    } finally {
      await watcher.close();
    }
  });

  it('forgets the watch of a connection that closes', async function () {
    const watcher = await Connection.connect({ address: env.srv.address });
    await watcher.call('executions.watch', { namespace: 'default', watchId: 'gone' });
    assert.equal(env.srv.server.service.executionWatches.size, 1);
    await watcher.close();
    await eventually(() => (env.srv.server.service.executionWatches.size === 0 ? true : undefined));
  });

  it('refuses an unknown namespace, saying how to make it', async function () {
    await assert.rejects(
      env.srv.connection.call('executions.watch', { namespace: 'nope', watchId: 'w' }),
      /Namespace nope not found\. Create it with: rewind namespace create -n nope/,
    );
  });
});
