// taskQueue.list: the namespace's task queues that live workers poll, with the types they registered
// (what VS Code's Start Workflow offers), gone when their workers go.
import assert from 'node:assert/strict';
import path from 'node:path';
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

  it('refuses an unknown namespace, saying how to make it', async function () {
    await assert.rejects(
      env.srv.connection.call('taskQueue.list', { namespace: 'nope' }),
      /Namespace nope not found\. Create it with: rewind namespace create -n nope/,
    );
  });
});
