// Child workflows, parent close policies, and signals and cancels between workflows, end to end.
import assert from 'node:assert/strict';
import path from 'node:path';
import { WorkflowFailedError, type WorkflowHandle } from '@rewind/sdk/client';
import { Worker } from '@rewind/sdk/worker';
import * as activities from '../fixtures/activities';
import { eventually, useServerAndWorker } from '../helpers/server';

describe('child workflows', function () {
  const taskQueue = 'children';
  const env = useServerAndWorker({ taskQueue, activities });

  const status = async (workflowId: string): Promise<string> =>
    (await env.srv.client.workflow.getHandle(workflowId).describe()).status.name;

  it('runs a child and returns its result; the child knows its parent; the history replays', async function () {
    const handle = await env.srv.client.workflow.start('parentOfOne', { taskQueue, workflowId: 'parent-1', args: ['ada'] });
    assert.equal(await handle.result(), 'child ada of child-ada');
    const { events } = await handle.fetchHistory();
    assert.deepEqual(
      events.filter((e) => e.type.includes('Child')).map((e) => e.type),
      ['StartChildWorkflowExecutionInitiated', 'ChildWorkflowExecutionStarted', 'ChildWorkflowExecutionCompleted'],
    );
    const childStart = (await env.srv.client.workflow.getHandle('child-ada').fetchHistory()).events[0];
    assert.ok(childStart?.type === 'WorkflowExecutionStarted' && childStart.parent?.workflowId === 'parent-1');
    await Worker.runReplayHistory({ workflowsPath: path.join(__dirname, '../fixtures/workflows.ts') }, { events });
  });

  it('gives a child its parent in workflowInfo().parent (namespace, workflow id, run id); one started by a client has none', async function () {
    const handle = await env.srv.client.workflow.start('parentAskingChild', { taskQueue, workflowId: 'asking-1' });
    const { runId } = await handle.describe();
    assert.equal(await handle.result(), `default/asking-1/${runId}`);
    assert.equal(await env.srv.client.workflow.execute('childTellingParent', { taskQueue, workflowId: 'orphan-1' }), 'none');
  });

  it("starts and executes a child with no options: a generated (uuid4) id, on the parent's task queue", async function () {
    const handle = await env.srv.client.workflow.start('parentOfUnnamedChildren', { taskQueue, workflowId: 'unnamed-1' });
    const { runId } = await handle.describe();
    const [childId, startedResult, executedResult] = (await handle.result()) as string[];
    assert.match(String(childId), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(startedResult, `default/unnamed-1/${runId}`);
    assert.equal(executedResult, `default/unnamed-1/${runId}`);
    const started = (await handle.fetchHistory()).events.filter((e) => e.type === 'StartChildWorkflowExecutionInitiated');
    assert.deepEqual(
      started.map((e) => e.type === 'StartChildWorkflowExecutionInitiated' && e.taskQueue),
      [taskQueue, taskQueue],
    );
    assert.notEqual(
      started[0]?.type === 'StartChildWorkflowExecutionInitiated' && started[0].workflowId,
      started[1]?.type === 'StartChildWorkflowExecutionInitiated' && started[1].workflowId,
    );
    await Worker.runReplayHistory({ workflowsPath: path.join(__dirname, '../fixtures/workflows.ts') }, await handle.fetchHistory());
  });

  it('hands a child failure to the parent as ChildWorkflowFailure with the cause', async function () {
    const result = await env.srv.client.workflow.execute('parentOfOne', { taskQueue, workflowId: 'parent-2', args: ['bo', true] });
    assert.equal(result, 'caught: child bo failed (child-bo)');
  });

  it('signals a child through its handle', async function () {
    assert.equal(await env.srv.client.workflow.execute('parentPokingChild', { taskQueue, workflowId: 'parent-3' }), 'poked with hello');
  });

  it('terminates, cancels or abandons the children of a parent that closes, as its policy says', async function () {
    for (const policy of ['TERMINATE', 'REQUEST_CANCEL', 'ABANDON'] as const) {
      await env.srv.client.workflow.execute('parentLeaving', { taskQueue, workflowId: `leaving-${policy}`, args: [policy] });
    }
    await eventually(
      async () => ((await status('left-TERMINATE')) === 'TERMINATED' ? true : undefined),
      5000,
      'the child to be terminated',
    );
    const cancelled = env.srv.client.workflow.getHandle('left-REQUEST_CANCEL');
    assert.equal(await cancelled.result(), 'cancelled child cleaned up');
    assert.equal(await status('left-ABANDON'), 'RUNNING');
    await env.srv.client.workflow.getHandle('left-ABANDON').terminate('test over');
  });

  it('cancels the child of a cancelled parent and waits for it', async function () {
    const parent: WorkflowHandle = await env.srv.client.workflow.start('parentCancelled', { taskQueue, workflowId: 'parent-5' });
    await eventually(async () => ((await status('child-of-parent-5').catch(() => '')) === 'RUNNING' ? true : undefined), 5000, 'the child');
    await parent.cancel();
    await assert.rejects(parent.result(), WorkflowFailedError);
    assert.equal(await status('parent-5'), 'CANCELLED');
    assert.equal(await status('child-of-parent-5'), 'CANCELLED', 'the child ran its cleanup and ended as cancelled');
    const { events } = await parent.fetchHistory();
    assert.ok(events.some((e) => e.type === 'RequestCancelExternalWorkflowExecutionInitiated'));
    assert.ok(
      events.some((e) => e.type === 'ChildWorkflowExecutionCanceled'),
      'the parent waited for the child to finish',
    );
  });

  it('refuses a second child with the id of a running one', async function () {
    const result = (await env.srv.client.workflow.execute('duplicateChildren', { taskQueue, workflowId: 'parent-6' })) as string;
    assert.match(result, /^refused: Workflow execution already started: a workflow with id only-one is running/);
    await env.srv.client.workflow.getHandle('only-one').terminate();
  });

  it('signals and cancels other workflows by id; a missing one fails the signal', async function () {
    const target = await env.srv.client.workflow.start('waitingChild', { taskQueue, workflowId: 'target-1' });
    const result = await env.srv.client.workflow.execute('signaller', { taskQueue, workflowId: 'signaller-1', args: ['target-1', false] });
    assert.match(String(result), /^signalled target-1; missing one: Unable to signal external workflow nobody-here: it was not found/);
    assert.equal(await target.result(), 'poked with from afar');
  });
});
