// Reset (Temporal's ResetWorkflowExecution) on a real server and worker: a new run from a workflow task
// of the old one, replaying what came before; signals after the point delivered again; errors that
// name the events one can reset to.
import assert from 'node:assert/strict';
import type { HistoryEvent } from '@rewind/sdk/protocol';
import { Worker } from '@rewind/sdk/worker';
import path from 'node:path';
import * as activities from '../fixtures/activities';
import { eventually, useServerAndWorker } from '../helpers/server';

describe('workflow reset', function () {
  const taskQueue = 'reset';
  const env = useServerAndWorker({ taskQueue, activities });

  const reset = (workflowId: string, to: { eventId?: number; type?: 'FirstWorkflowTask' | 'LastWorkflowTask' }) =>
    env.srv.connection.call('workflow.reset', { namespace: 'default', workflowId, ...to, reason: 'testing' });
  const charges = (orderId: string) => activities.calls.filter((c) => c.name === 'greet' && c.args[0] === orderId).length;
  const types = (events: HistoryEvent[]) => events.map((e) => e.type);

  it('runs a completed workflow again from its first workflow task: the steps after it run again', async function () {
    const first = await env.srv.client.workflow.start('order', { taskQueue, workflowId: 'reset-first', args: ['reset-o-1', '1 ms'] });
    assert.equal(await first.result(), 'charged 10; hello reset-o-1');
    assert.equal(charges('reset-o-1'), 1);
    const { runId } = await reset('reset-first', { type: 'FirstWorkflowTask' });
    assert.notEqual(runId, first.firstExecutionRunId);
    const again = env.srv.client.workflow.getHandle('reset-first');
    assert.equal(await again.result(), 'charged 10; hello reset-o-1');
    assert.equal(charges('reset-o-1'), 2, 'the steps after the reset point ran again');
    const history = (await again.fetchHistory()).events;
    assert.deepEqual(types(history).slice(0, 5), [
      'WorkflowExecutionStarted',
      'WorkflowTaskScheduled',
      'WorkflowTaskStarted',
      'WorkflowTaskFailed',
      'WorkflowTaskScheduled',
    ]);
    const failed = history[3]!;
    assert.ok(
      failed.type === 'WorkflowTaskFailed' && failed.cause === 'RESET_WORKFLOW' && /reset to event 4: testing/.test(failed.failure.message),
    );
    // The new history replays with the workflow code, like any other.
    await Worker.runReplayHistory({ workflowsPath: path.join(__dirname, '../fixtures/workflows.ts') }, { events: history });
  });

  it('runs only the last workflow task again with LastWorkflowTask: nothing before it runs twice', async function () {
    const h = await env.srv.client.workflow.start('order', { taskQueue, workflowId: 'reset-last', args: ['reset-o-2', '1 ms'] });
    await h.result();
    await reset('reset-last', { type: 'LastWorkflowTask' });
    assert.equal(await env.srv.client.workflow.getHandle('reset-last').result(), 'charged 10; hello reset-o-2');
    assert.equal(charges('reset-o-2'), 1);
  });

  it('terminates a running workflow, and gives the new run the signals that came after the reset point', async function () {
    const old = await env.srv.client.workflow.start('approval', { taskQueue, workflowId: 'reset-running', args: [2] });
    await old.signal('approve', 'ada');
    await eventually(async () => ((await old.query<{ approvals: string[] }>('progress')).approvals.length === 1 ? true : undefined));
    const { runId } = await reset('reset-running', { type: 'FirstWorkflowTask' });
    await assert.rejects(old.result(), /terminated/i);
    const oldHistory = (await env.srv.client.workflow.getHandle('reset-running', old.firstExecutionRunId).fetchHistory()).events;
    const terminated = oldHistory.at(-1)!;
    assert.ok(terminated.type === 'WorkflowExecutionTerminated' && terminated.reason === `reset to event 4: testing (new run ${runId})`);
    const current = env.srv.client.workflow.getHandle('reset-running');
    await eventually(async () => ((await current.query<{ approvals: string[] }>('progress')).approvals.length === 1 ? true : undefined));
    await current.signal('approve', 'bo');
    assert.equal(await current.result(), 'approved by ada, bo');
  });

  it('names the events one can reset to when given another', async function () {
    const h = await env.srv.client.workflow.start('order', { taskQueue, workflowId: 'reset-bad', args: ['reset-o-3', '1 ms'] });
    await h.result();
    await assert.rejects(
      reset('reset-bad', { eventId: 2 }),
      /Event 2 is WorkflowTaskScheduled; reset to a WorkflowTaskCompleted event: 4, \d+, \d+, \d+/,
    );
    await assert.rejects(reset('reset-bad', { eventId: 999 }), /Event 999 is not in the history/);
    await assert.rejects(reset('reset-bad', {}), /exactly one of eventId/);
  });
});
