// taskQueue.list: the namespace's task queues that live workers poll, with the types they registered
// (what VS Code's Start Workflow offers) and where their workflow code is (what its Debug Replay looks
// for), gone when their workers go.
import assert from 'node:assert/strict';
import path from 'node:path';
import { RpcClient } from '@rewind/sdk/internal/transport/rpc-client';
import { bundleWorkflowCode } from '@rewind/sdk/worker';
import * as activities from '../fixtures/activities';
import { eventually, startWorker, useServerAndWorker } from '../helpers/server';

describe('taskQueue.list', function () {
  const env = useServerAndWorker({ taskQueue: 'listed', activities });

  const list = () => env.srv.connection.call('taskQueue.list', { namespace: 'default' });

  it('lists the queues with workers, by name, with their workflow and activity types', async function () {
    const second = await startWorker(env.srv.address, {
      taskQueue: 'also-listed',
      activities,
      workflowsPath: path.join(__dirname, '../fixtures/updates.ts'),
    });
    try {
      const { taskQueues } = await list();
      assert.deepEqual(
        taskQueues.map((q) => [q.name, q.pollers]),
        [
          ['also-listed', 1],
          ['listed', 1],
        ],
      );
      const listed = taskQueues[1]!;
      assert.ok(listed.workflowTypes.includes('order') && listed.workflowTypes.includes('approval'), listed.workflowTypes.join());
      assert.deepEqual(listed.workflowTypes, [...listed.workflowTypes].sort());
      assert.ok(listed.activityTypes.includes('greet'));
      assert.ok(taskQueues[0]!.workflowTypes.includes('counter'));
      assert.ok(!taskQueues[0]!.workflowTypes.includes('order'), 'types are per queue');
    } finally {
      await second.stop();
    }
    await eventually(async () => ((await list()).taskQueues.length === 1 ? true : undefined), 10_000, 'the stopped worker’s queue to go');
    assert.equal((await list()).taskQueues[0]!.name, 'listed');
  });

  it("carries where each worker's workflow code is, from its registration to the description of its queue", async function () {
    const listed = (await list()).taskQueues.find((q) => q.name === 'listed')!;
    const fixtures = path.join(__dirname, '../fixtures');
    assert.deepEqual(listed.workflowCode, [{ workflowsPath: path.join(fixtures, 'workflows.ts'), workflowTypes: listed.workflowTypes }]);
    const { pollers } = await env.srv.connection.call('taskQueue.describe', { namespace: 'default', taskQueue: 'listed' });
    assert.equal(pollers[0]!.workflowsPath, path.join(fixtures, 'workflows.ts'));

    // A worker given a bundle reports the module it was made from when its source map says, else nothing.
    const bundle = await bundleWorkflowCode({ workflowsPath: path.join(fixtures, 'updates.ts') });
    const withMap = await startWorker(env.srv.address, { taskQueue: 'bundled', workflowsPath: undefined, workflowBundle: bundle });
    const codeOnly = await startWorker(env.srv.address, {
      taskQueue: 'code-only',
      workflowsPath: undefined,
      workflowBundle: { code: bundle.code },
    });
    try {
      const { taskQueues } = await list();
      const bundled = taskQueues.find((q) => q.name === 'bundled')!;
      assert.deepEqual(bundled.workflowCode, [{ workflowsPath: path.join(fixtures, 'updates.ts'), workflowTypes: bundled.workflowTypes }]);
      assert.equal(taskQueues.find((q) => q.name === 'code-only')!.workflowCode, undefined, 'a bundle without its source map says nothing');
    } finally {
      await withMap.stop();
      await codeOnly.stop();
    }
  });

  it('takes the registration of an older worker, which does not say where its code is', async function () {
    const peer = await RpcClient.connect({ address: env.srv.address, clientName: 'old-worker' });
    try {
      await peer.request('worker.register', {
        namespace: 'default',
        taskQueue: 'old-worker',
        workerId: 'old-worker-1',
        workflowTypes: ['order'],
        activityTypes: [],
        maxConcurrentWorkflowTasks: 1,
        maxConcurrentActivities: 0,
        runningTasks: [],
      });
      const old = (await list()).taskQueues.find((q) => q.name === 'old-worker')!;
      assert.deepEqual(old.workflowTypes, ['order']);
      assert.equal(old.workflowCode, undefined);
    } finally {
      peer.close();
    }
  });

  it('refuses an unknown namespace, saying how to make it', async function () {
    await assert.rejects(
      env.srv.connection.call('taskQueue.list', { namespace: 'nope' }),
      /Namespace nope not found\. Create it with: rewind namespace create -n nope/,
    );
  });
});
