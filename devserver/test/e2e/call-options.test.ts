// Temporal's per-call option variants in a live run, and the run's history replayed: signalWithOptions
// on a child's and an external workflow's handle, executeWithOptions on activity and local activity stubs.
import assert from 'node:assert/strict';
import path from 'node:path';
import { Worker } from '@rewind/sdk/worker';
import * as activities from '../fixtures/activities';
import type { callsWithOptions } from '../fixtures/call-options';
import { useServerAndWorker } from '../helpers/server';

describe('per-call options in workflows (signalWithOptions, executeWithOptions)', function () {
  const taskQueue = 'call-options';
  const workflowsPath = path.join(__dirname, '../fixtures/call-options.ts');
  const env = useServerAndWorker({ taskQueue, activities, workflowsPath });

  it('signals by name with args, overrides activity options for one call (retry merged), and replays', async function () {
    const handle = await env.srv.client.workflow.start<typeof callsWithOptions>('callsWithOptions', {
      taskQueue,
      workflowId: 'call-options-1',
    });
    const result = await handle.result();
    assert.deepEqual(result.pokes, ['the handle', 'afar']);
    assert.match(
      result.refused,
      /^signalWithOptions\('poke'\): typeInfo is not supported.* \/ proxyActivities: activityTypeInfo is not supported/,
    );
    assert.equal(result.remote, 'ok after 3 attempts');
    assert.equal(result.local, 'hello local');

    const { events } = await handle.fetchHistory();
    const scheduled = events.find((e) => e.type === 'ActivityTaskScheduled');
    assert.ok(scheduled?.type === 'ActivityTaskScheduled');
    assert.equal(scheduled.activityId, 'flaky-with-options');
    assert.equal(scheduled.startToCloseTimeoutMs, 10_000);
    assert.deepEqual([scheduled.retryPolicy.initialIntervalMs, scheduled.retryPolicy.maximumAttempts], [10, 3]);
    const marker = events.find((e) => e.type === 'MarkerRecorded');
    assert.ok(marker?.type === 'MarkerRecorded');
    assert.equal(marker.details.activityId, 'greet-with-options');
    const signalled = events.filter((e) => e.type === 'SignalExternalWorkflowExecutionInitiated');
    assert.deepEqual(
      signalled.map((e) => e.type === 'SignalExternalWorkflowExecutionInitiated' && e.signalName),
      ['poke', 'poke'],
    );
    await Worker.runReplayHistory({ workflowsPath }, { events });
  });
});
