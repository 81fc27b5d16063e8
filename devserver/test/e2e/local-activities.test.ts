// Local activities end to end: run inside the workflow task, recorded as markers, retried locally or
// on a timer, replayed from their markers without running again.
import assert from 'node:assert/strict';
import path from 'node:path';
import { Worker } from '@rewind/sdk/worker';
import * as activities from '../fixtures/activities';
import { useServerAndWorker } from '../helpers/server';

const workflowsPath = path.join(__dirname, '../fixtures/workflows.ts');

describe('local activities', function () {
  const taskQueue = 'local-activities';
  const env = useServerAndWorker({ taskQueue, activities });

  const calls = (name: string, key?: string) => activities.calls.filter((c) => c.name === name && (key === undefined || c.args[0] === key));

  it('runs the steps in one workflow task, records each as a marker, and replays without running them', async function () {
    const handle = await env.srv.client.workflow.start('localSteps', { taskQueue, workflowId: 'local-1', args: ['ada'] });
    assert.deepEqual(await handle.result(), ['hello ada', 'ok after 3 attempts', 'hello x', 'hello y']);
    assert.equal(calls('flaky', 'local-ada').length, 3, 'retried in the worker until it succeeded');
    const { events } = await handle.fetchHistory();
    assert.equal(events.filter((e) => e.type === 'WorkflowTaskCompleted').length, 1, 'everything in one workflow task');
    assert.equal(events.filter((e) => e.type.startsWith('ActivityTask')).length, 0, 'no activity task went through the server');
    const markers = events.filter((e) => e.type === 'MarkerRecorded');
    assert.deepEqual(
      markers.map((e) => e.type === 'MarkerRecorded' && [e.details.activityType, e.details.attempt, e.details.result]),
      [
        ['greet', 1, 'hello ada'],
        ['flaky', 3, 'ok after 3 attempts'],
        ['greet', 1, 'hello x'],
        ['greet', 1, 'hello y'],
      ],
    );
    const before = activities.calls.length;
    await Worker.runReplayHistory({ workflowsPath }, { events });
    assert.equal(activities.calls.length, before, 'the replay read the markers and ran nothing');
  });

  it('hands a failure for good to the workflow as an ActivityFailure (non-retryable types at once)', async function () {
    const nope = await env.srv.client.workflow.execute('localBroken', { taskQueue, workflowId: 'local-2', args: ['Nope'] });
    assert.equal(nope, 'broken failed (NON_RETRYABLE_FAILURE): Nope: broken (Nope)');
    const other = await env.srv.client.workflow.execute('localBroken', { taskQueue, workflowId: 'local-3', args: ['Flat'] });
    assert.equal(other, 'broken failed (MAXIMUM_ATTEMPTS_REACHED): Flat: broken (Flat)');
    assert.equal(calls('broken', 'Nope').length, 1);
    assert.equal(calls('broken', 'Flat').length, 5);
  });

  it('waits out a backoff longer than the local retry threshold on a durable timer', async function () {
    const handle = await env.srv.client.workflow.start('localLongBackoff', { taskQueue, workflowId: 'local-4', args: ['long-backoff'] });
    assert.equal(await handle.result(), 'ok after 2 attempts');
    const { events } = await handle.fetchHistory();
    assert.deepEqual(
      events.filter((e) => ['MarkerRecorded', 'TimerStarted', 'TimerFired'].includes(e.type)).map((e) => e.type),
      ['MarkerRecorded', 'TimerStarted', 'TimerFired', 'MarkerRecorded'],
    );
    const first = events.find((e) => e.type === 'MarkerRecorded');
    assert.ok(first?.type === 'MarkerRecorded' && first.details.backoffMs === 1000 && first.failure?.message === 'flaky failure 1 of 1');
    await Worker.runReplayHistory({ workflowsPath }, { events });
  });

  it('does not run a local activity whose scope was cancelled first', async function () {
    assert.equal(await env.srv.client.workflow.execute('localCancelled', { taskQueue, workflowId: 'local-5' }), 'cancelled');
    assert.equal(calls('greet', 'never').length, 0);
  });
});
