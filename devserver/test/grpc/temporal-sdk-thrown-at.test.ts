// `rewind workflow describe` of a run that Temporal's SDK worker failed: "Thrown At" is the line of the
// workflow code that threw, not a frame of Temporal's SDK (ApplicationFailure.retryable and its kin, in
// node_modules/@temporalio/), as it is never one of Rewind's SDK.
import assert from 'node:assert/strict';
import { WorkflowFailedError } from '@temporalio/client';
import type { WorkflowDescription } from '@rewind/sdk/protocol';
import * as workflows from '../fixtures/temporal-sdk/workflows';
import { runCli, type CliRun } from '../cli/run-cli';
import { useTemporalSdk } from '../helpers/temporal-sdk';

const taskQueue = 'temporal-sdk-thrown-at';

describe("rewind workflow describe of a run Temporal's SDK worker failed", function () {
  this.timeout(60_000);
  const sdk = useTemporalSdk({ taskQueue });

  const described = async (...args: string[]): Promise<string> => {
    const run: CliRun = await runCli(['workflow', 'describe', ...args], { REWIND_ADDRESS: sdk.server.address, REWIND_NAMESPACE: '' });
    assert.equal(run.code, 0, run.stderr);
    return run.stdout;
  };

  it("says where the workflow code threw, past Temporal's SDK frames", async function () {
    const workflowId = 'thrown-at';
    // Its first attempt throws ApplicationFailure.retryable(…); with no retry policy, the run fails.
    const handle = await sdk.client.workflow.start(workflows.failsUntilAttempt, { taskQueue, workflowId, args: [1] });
    await assert.rejects(handle.result(), WorkflowFailedError);

    // The stack as the worker sent it: Temporal's factory first, then the workflow's line.
    const json = JSON.parse(await described('-w', workflowId, '-o', 'json')) as WorkflowDescription;
    const frames = json.closeReason?.failure.stackTrace?.split('\n').slice(1) ?? [];
    assert.match(frames[0] ?? '', /^\s+at \S+ \(.*[\\/]node_modules[\\/]@temporalio[\\/]common[\\/]/, 'the first frame is the SDK');

    const table = await described('-w', workflowId);
    assert.match(table, /^Thrown At +\S+ \(.*devserver[\\/]test[\\/]fixtures[\\/]temporal-sdk[\\/]start-workflows\.ts:8:\d+\)$/m);
  });
});
