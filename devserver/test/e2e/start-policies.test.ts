// signalWithStart, and what a start does when the workflow id is taken (conflict and reuse policies).
import assert from 'node:assert/strict';
import { WorkflowExecutionAlreadyStartedError } from '@rewind/sdk/client';
import * as activities from '../fixtures/activities';
import type * as workflows from '../fixtures/workflows';
import { useServerAndWorker } from '../helpers/server';

type W = typeof workflows;

describe('starting a workflow whose id is taken', function () {
  const taskQueue = 'policies';
  const env = useServerAndWorker({ taskQueue, activities });

  it('signalWithStart starts the workflow with the signal in its first task, then signals the running one', async function () {
    const first = await env.srv.client.workflow.signalWithStart<W['approval']>('approval', {
      taskQueue,
      workflowId: 'sws-1',
      args: [2],
      signal: 'approve',
      signalArgs: ['ana'],
    });
    const second = await env.srv.client.workflow.signalWithStart<W['approval']>('approval', {
      taskQueue,
      workflowId: 'sws-1',
      args: [2],
      signal: 'approve',
      signalArgs: ['bo'],
    });
    assert.equal(second.signaledRunId, first.signaledRunId, 'the second call signalled the same run');
    assert.equal(await first.result(), 'approved by ana, bo');
    const { events } = await first.fetchHistory();
    assert.deepEqual(
      events.slice(0, 3).map((e) => e.type),
      ['WorkflowExecutionStarted', 'WorkflowTaskScheduled', 'WorkflowExecutionSignaled'],
    );
  });

  it('USE_EXISTING returns the running run; TERMINATE_EXISTING replaces it; FAIL (the default) refuses', async function () {
    const a = await env.srv.client.workflow.start<W['approval']>('approval', { taskQueue, workflowId: 'conflict-1', args: [1] });
    const same = await env.srv.client.workflow.start<W['approval']>('approval', {
      taskQueue,
      workflowId: 'conflict-1',
      args: [1],
      workflowIdConflictPolicy: 'USE_EXISTING',
    });
    assert.equal(same.firstExecutionRunId, a.firstExecutionRunId);
    await assert.rejects(
      env.srv.client.workflow.start<W['approval']>('approval', { taskQueue, workflowId: 'conflict-1', args: [1] }),
      WorkflowExecutionAlreadyStartedError,
    );
    const b = await env.srv.client.workflow.start<W['approval']>('approval', {
      taskQueue,
      workflowId: 'conflict-1',
      args: [1],
      workflowIdConflictPolicy: 'TERMINATE_EXISTING',
    });
    assert.notEqual(b.firstExecutionRunId, a.firstExecutionRunId);
    assert.equal((await env.srv.client.workflow.getHandle('conflict-1', a.firstExecutionRunId).describe()).status.name, 'TERMINATED');
    await b.terminate();
  });

  it('REJECT_DUPLICATE refuses an id that ran before; ALLOW_DUPLICATE_FAILED_ONLY refuses one that completed', async function () {
    await env.srv.client.workflow.execute<W['fanOut']>('fanOut', { taskQueue, workflowId: 'reuse-1', args: [[]] });
    await assert.rejects(
      env.srv.client.workflow.start<W['fanOut']>('fanOut', {
        taskQueue,
        workflowId: 'reuse-1',
        args: [[]],
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      }),
      /reuse policy is REJECT_DUPLICATE/,
    );
    await assert.rejects(
      env.srv.client.workflow.start<W['fanOut']>('fanOut', {
        taskQueue,
        workflowId: 'reuse-1',
        args: [[]],
        workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY',
      }),
      /ALLOW_DUPLICATE_FAILED_ONLY/,
    );
    const again = await env.srv.client.workflow.start<W['fanOut']>('fanOut', { taskQueue, workflowId: 'reuse-1', args: [[]] });
    assert.deepEqual(await again.result(), []);
  });
});
