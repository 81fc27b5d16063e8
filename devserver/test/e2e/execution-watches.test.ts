// Live lists (what the VS Code tree shows): runs that start, close or are deleted are pushed to a
// watching connection, batched, until it stops watching; no polling. A watch with a query gets only
// the runs that match it.
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

  it('with a query, pushes only the runs that match it, and says when a run stops matching', async function () {
    const { srv } = env;
    const watcher = await Connection.connect({ address: srv.address });
    const batches: Notifications['executions.changed'][] = [];
    watcher.onNotification((method, params) => {
      if (method === 'executions.changed') batches.push(params as Notifications['executions.changed']);
    });
    const pushed = (): string[] => batches.flatMap((b) => b.executions.map((e) => `${e.workflowId} ${e.status}`));
    const left = (): string[] => batches.flatMap((b) => b.deletedRunIds);
    try {
      const query = "ExecutionStatus = 'Running' AND WorkflowId STARTS_WITH 'kept-'";
      await watcher.call('executions.watch', { namespace: 'default', watchId: 'filtered', query });
      const other = await srv.client.workflow.start('order', { taskQueue, workflowId: 'other-1', args: ['o', '1 hour'] });
      const kept = await srv.client.workflow.start('order', { taskQueue, workflowId: 'kept-1', args: ['k', '1 hour'] });
      await eventually(() => (pushed().includes('kept-1 RUNNING') ? true : undefined), 10_000, 'kept-1 pushed');
      assert.ok(!pushed().some((p) => p.startsWith('other-1')), `a run that does not match is not pushed: ${pushed().join(', ')}`);

      // Closed, it no longer matches: it leaves the list.
      await kept.terminate('test');
      await eventually(() => (left().includes(kept.firstExecutionRunId) ? true : undefined), 10_000, 'kept-1 leaving');
      assert.ok(!pushed().includes('kept-1 TERMINATED'));

      // Watching again with the same id replaces the query.
      await watcher.call('executions.watch', { namespace: 'default', watchId: 'filtered', query: "WorkflowId = 'other-1'" });
      await other.terminate('test');
      await eventually(() => (pushed().includes('other-1 TERMINATED') ? true : undefined), 10_000, 'other-1 pushed');
      assert.equal(srv.server.service.executionWatches.size, 1);
    } finally {
      await watcher.close();
    }
  });

  it('refuses a query that does not parse, with the parser’s message, and keeps no watch', async function () {
    await assert.rejects(
      env.srv.connection.call('executions.watch', { namespace: 'default', watchId: 'bad', query: "ExecutionStatus = 'Sleeping'" }),
      /"Sleeping" is not an ExecutionStatus/,
    );
    await assert.rejects(
      env.srv.connection.call('executions.watch', { namespace: 'default', watchId: 'bad', query: 'WorkflowType =' }),
      /expected a value .* at position 15/,
    );
    assert.equal(env.srv.server.service.executionWatches.size, 0);
  });

  it('forgets the watch of a connection that closes', async function () {
    const watcher = await Connection.connect({ address: env.srv.address });
    await watcher.call('executions.watch', { namespace: 'default', watchId: 'gone' });
    assert.equal(env.srv.server.service.executionWatches.size, 1);
    await watcher.close();
    await eventually(() => (env.srv.server.service.executionWatches.size === 0 ? true : undefined));
  });

  it('keeps the watches of two connections that chose the same id apart (two VS Code windows)', async function () {
    const { srv } = env;
    const [first, second] = await Promise.all([Connection.connect({ address: srv.address }), Connection.connect({ address: srv.address })]);
    const seenBy = (c: Connection): string[] => {
      const ids: string[] = [];
      c.onNotification((method, params) => {
        if (method === 'executions.changed')
          ids.push(...(params as Notifications['executions.changed']).executions.map((e) => e.workflowId));
      });
      return ids;
    };
    const [firstSaw, secondSaw] = [seenBy(first), seenBy(second)];
    try {
      await first.call('executions.watch', { namespace: 'default', watchId: 'rewind-vscode-tree' });
      await second.call('executions.watch', { namespace: 'default', watchId: 'rewind-vscode-tree' });
      await srv.client.workflow.start('order', { taskQueue, workflowId: 'two-windows-1', args: ['a', '1 hour'] });
      await eventually(
        () => (firstSaw.includes('two-windows-1') && secondSaw.includes('two-windows-1') ? true : undefined),
        10_000,
        'both',
      );

      await first.close();
      await srv.client.workflow.start('order', { taskQueue, workflowId: 'two-windows-2', args: ['b', '1 hour'] });
      await eventually(() => (secondSaw.includes('two-windows-2') ? true : undefined), 10_000, 'the second window after the first closed');
    } finally {
      await first.close();
      await second.close();
    }
  });

  it('keeps two connections’ history watches of the same id apart', async function () {
    const { srv } = env;
    const handle = await srv.client.workflow.start('order', { taskQueue, workflowId: 'two-history-watchers', args: ['h', '1 hour'] });
    const [first, second] = await Promise.all([Connection.connect({ address: srv.address }), Connection.connect({ address: srv.address })]);
    let secondClosed = false;
    second.onNotification((method, params) => {
      if (method === 'history.events' && (params as Notifications['history.events']).closed) secondClosed = true;
    });
    try {
      const execution = { namespace: 'default', workflowId: 'two-history-watchers', runId: handle.firstExecutionRunId };
      await first.call('workflow.watch', { ...execution, watchId: 'history' });
      await second.call('workflow.watch', { ...execution, watchId: 'history' });
      await first.call('workflow.unwatch', { watchId: 'history' });
      await handle.terminate('test');
      await eventually(() => (secondClosed ? true : undefined), 10_000, 'the second watcher told of the close');
    } finally {
      await first.close();
      await second.close();
    }
  });

  it('refuses an unknown namespace, saying how to make it', async function () {
    await assert.rejects(
      env.srv.connection.call('executions.watch', { namespace: 'nope', watchId: 'w' }),
      /Namespace nope not found\. Create it with: rewind namespace create -n nope/,
    );
  });
});
