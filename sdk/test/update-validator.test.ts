// An update validator as Temporal runs it: called before the update is accepted, what it returns ignored
// (an async validator is not awaited); only a synchronous throw rejects the update.
import assert from 'node:assert/strict';
import path from 'node:path';
import type { ActivationJob, ActivationResult } from '@rewind/sdk/protocol';
import { bundleWorkflowCode } from '@rewind/sdk/worker';
import { WorkflowSandbox } from '@rewind/sdk/internal/worker/sandbox/sandbox';
import { makeActivation, makeStartInfo, T0 } from './factories';

const WORKFLOWS = path.join(__dirname, 'fixtures/compat-workflows.ts');

const doUpdate = (updateId: string, value: string): ActivationJob => ({
  type: 'DoUpdate',
  updateId,
  name: 'setName',
  args: [value],
  runValidator: true,
});

describe('update validators (as Temporal runs them)', function () {
  let sandbox: WorkflowSandbox;
  before(async function () {
    sandbox = await WorkflowSandbox.create(await bundleWorkflowCode({ workflowsPath: WORKFLOWS }));
  });

  function started(): (jobs: ActivationJob[]) => ActivationResult {
    const run = sandbox.createRun(7, T0);
    const first = run.activate(
      makeActivation([{ type: 'InitializeWorkflow', info: makeStartInfo('asyncValidated'), args: [], randomnessSeed: 7 }]),
    );
    assert.deepEqual(first.status === 'ok' && first.commands, []);
    return (jobs) => run.activate(makeActivation(jobs));
  }

  it('accepts an update whose validator is async, without awaiting it', function () {
    const activate = started();
    const result = activate([doUpdate('u1', 'Ada')]);
    assert.deepEqual(result.status === 'ok' ? result.commands : result.failure.message, [
      { type: 'AcceptWorkflowUpdate', updateId: 'u1' },
      { type: 'CompleteWorkflowUpdate', updateId: 'u1', result: 'Ada' },
      { type: 'CompleteWorkflowExecution', result: 'Ada' },
    ]);
  });

  it('fails the workflow task when the Promise of an async validator rejects (an unhandled rejection, as in Temporal)', function () {
    const activate = started();
    const result = activate([doUpdate('u2', 'reject-later')]);
    assert.equal(result.status, 'failed');
    assert.match(result.status === 'failed' ? result.failure.message : '', /validator of update 'setName'.*refused too late/);
  });
});
