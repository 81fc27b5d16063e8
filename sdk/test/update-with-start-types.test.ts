// Update-with-start's types are Temporal's (issue 17): Temporal's own calls type-check against
// @rewind/sdk/client with only the import changed, and an operation without a conflict policy does not.
import assert from 'node:assert/strict';
import { typeErrorsOf } from './types/check-virtual-project';

const temporalUsage = `
import { Client, WithStartWorkflowOperation, WorkflowUpdateStage, type WorkflowHandleWithStartDetails } from '@rewind/sdk/client';
import { defineUpdate } from '@rewind/sdk/workflow';

const update = defineUpdate<string[], [string]>('update');
async function workflowWithArg(arg: string): Promise<string> { return arg; }

export async function uses(client: Client): Promise<void> {
  const startOp = new WithStartWorkflowOperation(workflowWithArg, {
    workflowId: 'wf', taskQueue: 'q', args: ['a'], workflowIdConflictPolicy: 'USE_EXISTING',
  });
  const updHandle = await client.workflow.startUpdateWithStart(update, {
    args: ['1'], waitForStage: WorkflowUpdateStage.ACCEPTED, startWorkflowOperation: startOp,
  });
  const r1: string[] = await updHandle.result();
  const r2: string[] = await client.workflow.executeUpdateWithStart(update, { args: ['2'], startWorkflowOperation: startOp });
  const id: string = (await startOp.workflowHandle()).workflowId;
  const same: string = startOp.options.workflowId;
  const started: WorkflowHandleWithStartDetails<typeof workflowWithArg> = await client.workflow.start(workflowWithArg, {
    workflowId: 'wf2', taskQueue: 'q', args: ['b'],
  });
  const eager: boolean = started.eagerlyStarted;
  void [r1, r2, id, same, eager];
}
`;

describe("update-with-start's types", function () {
  this.timeout(60_000);

  it("accepts Temporal's calls with only the import changed", function () {
    assert.deepEqual(typeErrorsOf({ 'uws-temporal.ts': temporalUsage }), []);
  });

  it('requires workflowIdConflictPolicy, as Temporal does', function () {
    const errors = typeErrorsOf({
      'uws-no-policy.ts': `
import { WithStartWorkflowOperation } from '@rewind/sdk/client';
export const op = new WithStartWorkflowOperation('counter', { workflowId: 'wf', taskQueue: 'q' });
`,
    });
    assert.equal(errors.length, 1, errors.join('\n'));
    assert.match(errors[0]!, /workflowIdConflictPolicy/);
  });
});
