// The media-sync sample on the time-skipping environment, with a scripted network: failures retry
// with backoff and resume from the last heartbeat; a missing file ends the sync without retries.
import assert from 'node:assert/strict';
import { ActivityFailure, ApplicationFailure, WorkflowFailedError } from '@rewind/sdk/client';
import { TestWorkflowEnvironment } from '@rewind/sdk/testing';
import { DefaultLogger, Runtime, Worker } from '@rewind/sdk/worker';
import { createActivities, type Network } from './activities';
import { mediaSync } from './workflows';

Runtime.install({ logger: new DefaultLogger('ERROR'), shutdownSignals: [] });

/** A network that fails the given chunks once each, and records every copy attempt. */
function scriptedNetwork(failOnce: Record<string, number[]>): Network & { copies: string[] } {
  const failed = new Set<string>();
  const copies: string[] = [];
  return {
    copies,
    async sizeOf(file) {
      return file.startsWith('missing') ? -1 : 5;
    },
    async copyChunk(file, chunk) {
      copies.push(`${file}#${chunk}`);
      const key = `${file}#${chunk}`;
      if ((failOnce[file] ?? []).includes(chunk) && !failed.has(key)) {
        failed.add(key);
        throw new Error(`connection reset at ${key}`);
      }
    },
  };
}

describe('sample: media-sync', function () {
  let env: TestWorkflowEnvironment;
  before(async function () {
    env = await TestWorkflowEnvironment.createTimeSkipping();
  });
  after(async function () {
    await env.teardown();
  });

  async function run(network: Network, files: string[], workflowId: string) {
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: workflowId,
      workflowsPath: require.resolve('./workflows'),
      activities: createActivities(network),
    });
    return worker.runUntil(env.client.workflow.execute(mediaSync, { taskQueue: workflowId, workflowId, args: [files] }));
  }

  it('retries a file whose copy failed, resuming from the last chunk it finished', async function () {
    const network = scriptedNetwork({ 'b.mp4': [3] });
    const results = await run(network, ['a.mp4', 'b.mp4'], 'sync-1');
    assert.deepEqual(results, [
      { file: 'a.mp4', chunks: 5, attempt: 1, resumedFrom: 0 },
      { file: 'b.mp4', chunks: 5, attempt: 2, resumedFrom: 3 },
    ]);
    assert.deepEqual(
      network.copies.filter((c) => c.startsWith('b.mp4')),
      ['b.mp4#0', 'b.mp4#1', 'b.mp4#2', 'b.mp4#3', 'b.mp4#3', 'b.mp4#4'],
      'chunks 0 to 2 were not copied again',
    );
  });

  it('ends the sync at once when a source file is missing (not retryable)', async function () {
    const network = scriptedNetwork({});
    const err = await run(network, ['a.mp4', 'missing.mp4', 'c.mp4'], 'sync-2').then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(err instanceof WorkflowFailedError && err.cause instanceof ActivityFailure, String(err));
    assert.equal(err.cause.retryState, 'NON_RETRYABLE_FAILURE');
    assert.ok(err.cause.cause instanceof ApplicationFailure && err.cause.cause.type === 'SourceMissing');
    assert.ok(!network.copies.some((c) => c.startsWith('c.mp4')), 'the files after it were not copied');
  });
});
