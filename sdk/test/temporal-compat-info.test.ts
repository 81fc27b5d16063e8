// workflowInfo() in replay of a Temporal history, as Temporal's: a child knows its parent (namespace,
// workflow id, run id) from parentWorkflowExecution / parentWorkflowNamespace of its started event; the
// history's length and size come from the task's WorkflowTaskStarted (historySizeBytes), the original run
// id from the started event.
import assert from 'node:assert/strict';
import path from 'node:path';
import { Worker, bundleWorkflowCode, type WorkflowBundle } from '@rewind/sdk/worker';
import { temporalJsonPayload, temporalRun, type TemporalEventJson } from './temporal-history-factories';

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

  /** A run of expectsHistoryInfo(expected) whose first task's WorkflowTaskStarted has `started` (e.g. historySizeBytes). */
  const historyInfoRun = (expected: string, started: Record<string, unknown> = {}): { events: TemporalEventJson[] } => {
    const run = temporalRun('expectsHistoryInfo', {
      started: { input: { payloads: [temporalJsonPayload(expected)] }, originalExecutionRunId: 'original-run' },
      result: expected,
    });
    for (const e of run.events) {
      const attributes = e['workflowTaskStartedEventAttributes'] as Record<string, unknown> | undefined;
      if (attributes) Object.assign(attributes, started);
    }
    return run;
  };

  it("gives the history's size and the continue-as-new suggestion from the task's WorkflowTaskStarted, its length and the original run id", async function () {
    const replay = (expected: string, started: Record<string, unknown>) =>
      Worker.runReplayHistory({ workflowBundle: bundle }, historyInfoRun(expected, started));
    await replay('3/1234/false/original-run/false', { historySizeBytes: '1234', suggestContinueAsNew: false });
    await replay('3/1234/true/original-run/false', { historySizeBytes: '1234', suggestContinueAsNew: true });
    // Another recorded size or suggestion: the code sees it, and fails where the history completed.
    await assert.rejects(replay('3/1234/false/original-run/false', { historySizeBytes: '999' }), /FailWorkflowExecution/);
    await assert.rejects(
      replay('3/1234/false/original-run/false', { historySizeBytes: '1234', suggestContinueAsNew: true }),
      /FailWorkflowExecution/,
    );
  });

  it("gives a size of 0 and the first task's count as the suggestion when the history records neither (older servers)", async function () {
    await Worker.runReplayHistory({ workflowBundle: bundle }, historyInfoRun('3/0/false/original-run/false'));
  });
});
