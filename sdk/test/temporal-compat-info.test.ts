// workflowInfo() in replay of a Temporal history, as Temporal's: a child knows its parent (namespace,
// workflow id, run id) from parentWorkflowExecution / parentWorkflowNamespace of its started event.
import assert from 'node:assert/strict';
import path from 'node:path';
import { Worker, bundleWorkflowCode, type WorkflowBundle } from '@rewind/sdk/worker';
import { temporalRun } from './temporal-history-factories';

const WORKFLOWS = path.join(__dirname, 'fixtures/compat-workflows.ts');

describe('workflowInfo() as Temporal gives it (replay of Temporal histories)', function () {
  let bundle: WorkflowBundle;
  before(async function () {
    bundle = await bundleWorkflowCode({ workflowsPath: WORKFLOWS });
  });

  it("gives a child its parent, read from the history's started event", async function () {
    const history = temporalRun('reportsParent', {
      started: {
        parentWorkflowNamespace: 'orders',
        parentWorkflowExecution: { workflowId: 'parent-1', runId: 'parent-run-1' },
        parentInitiatedEventId: '5',
      },
      result: 'orders/parent-1/parent-run-1',
    });
    // Without the parent, the code fails the workflow where the history completed it.
    await Worker.runReplayHistory({ workflowBundle: bundle }, history);
  });

  it('gives no parent to a workflow started by a client', async function () {
    await assert.rejects(
      Worker.runReplayHistory({ workflowBundle: bundle }, temporalRun('reportsParent', { result: 'x' })),
      /FailWorkflowExecution/,
    );
  });
});
