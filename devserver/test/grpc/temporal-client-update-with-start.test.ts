// Update-with-start from Temporal's own client (ExecuteMultiOperation) on a run served by Temporal's worker:
// creating the run, reusing it (USE_EXISTING), startUpdateWithStart at ACCEPTED, FAIL on a running id as
// WorkflowExecutionAlreadyStartedError, a validator's rejection after the start; raw: Temporal's
// MultiOperationExecutionFailure on a refusal, and a request that is not [Start, Update].
import assert from 'node:assert/strict';
import { WithStartWorkflowOperation, WorkflowUpdateFailedError, WorkflowUpdateStage } from '@temporalio/client';
import * as grpc from '@grpc/grpc-js';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { google, temporal } from '@temporalio/proto';
import * as workflows from '../fixtures/temporal-sdk/workflows';
import { RawGrpc, req, ws } from '../helpers/grpc-raw';
import { useTemporalSdk } from '../helpers/temporal-sdk';

const taskQueue = 'temporal-update-with-start';
const enums = temporal.api.enums.v1;

describe("update-with-start from Temporal's client", function () {
  this.timeout(60_000);
  const sdk = useTemporalSdk({ taskQueue });

  const startOp = (workflowId: string, workflowIdConflictPolicy: 'FAIL' | 'USE_EXISTING') =>
    new WithStartWorkflowOperation(workflows.counter, { workflowId, taskQueue, workflowIdConflictPolicy });

  it('creates the run, then updates the same run (USE_EXISTING); startUpdateWithStart returns at ACCEPTED', async function () {
    const workflowId = 'uws-counter';
    const created = startOp(workflowId, 'USE_EXISTING');
    assert.equal(await sdk.client.workflow.executeUpdateWithStart(workflows.add, { args: [2], startWorkflowOperation: created }), 2);
    const handle = await created.workflowHandle();
    const runId = (await handle.describe()).runId;

    const reused = startOp(workflowId, 'USE_EXISTING');
    assert.equal(await sdk.client.workflow.executeUpdateWithStart(workflows.add, { args: [3], startWorkflowOperation: reused }), 5);
    assert.equal((await (await reused.workflowHandle()).describe()).runId, runId, 'the same run');

    const later = await sdk.client.workflow.startUpdateWithStart(workflows.addLater, {
      args: [4],
      waitForStage: WorkflowUpdateStage.ACCEPTED,
      startWorkflowOperation: startOp(workflowId, 'USE_EXISTING'),
    });
    assert.equal(later.workflowRunId, runId);
    assert.equal(await later.result(), 9);
    await handle.signal(workflows.stopCounting);
    assert.equal(await handle.result(), 9);
  });

  it('FAIL on a running id: WorkflowExecutionAlreadyStartedError, and no update is sent', async function () {
    const workflowId = 'uws-fail';
    const handle = await sdk.client.workflow.start(workflows.counter, { taskQueue, workflowId });
    const op = startOp(workflowId, 'FAIL');
    await assert.rejects(
      sdk.client.workflow.executeUpdateWithStart(workflows.add, { args: [1], startWorkflowOperation: op }),
      WorkflowExecutionAlreadyStartedError,
    );
    await assert.rejects(op.workflowHandle(), WorkflowExecutionAlreadyStartedError);
    await handle.signal(workflows.stopCounting);
    assert.equal(await handle.result(), 0, 'the update never ran');
  });

  it("a validator's rejection: WorkflowUpdateFailedError, and the run it started goes on", async function () {
    const op = startOp('uws-rejected', 'FAIL');
    await assert.rejects(
      sdk.client.workflow.executeUpdateWithStart(workflows.add, { args: [-5], startWorkflowOperation: op }),
      (err: unknown) => {
        assert.ok(err instanceof WorkflowUpdateFailedError, String(err));
        assert.match(err.cause?.message ?? '', /cannot add -5/);
        return true;
      },
    );
    const handle = await op.workflowHandle();
    await handle.signal(workflows.stopCounting);
    assert.equal(await handle.result(), 0);
  });

  it("an operation's refusal carries Temporal's MultiOperationExecutionFailure: its status there, the other operation ABORTED", async function () {
    await sdk.client.workflow.start(workflows.counter, { taskQueue, workflowId: 'uws-raw-running' });
    const raw = new RawGrpc(sdk.server.address);
    const send = (request: temporal.api.update.v1.IRequest, conflict: temporal.api.enums.v1.WorkflowIdConflictPolicy) =>
      raw.send(
        'ExecuteMultiOperation',
        req(ws.ExecuteMultiOperationRequest, {
          namespace: 'default',
          operations: [
            {
              startWorkflow: {
                namespace: 'default',
                workflowId: 'uws-raw-running',
                workflowType: { name: 'counter' },
                taskQueue: { name: taskQueue },
                requestId: 'raw-start',
                workflowIdConflictPolicy: conflict,
              },
            },
            { updateWorkflow: { namespace: 'default', workflowExecution: { workflowId: 'uws-raw-running' }, request } },
          ],
        }),
        ws.ExecuteMultiOperationResponse,
      );
    /** The operations' statuses as `CODE message [detail types]`. */
    const statuses = (answer: Awaited<ReturnType<typeof send>>): string[] => {
      assert.ok(!answer.ok, 'refused');
      const bin = answer.metadata.get('grpc-status-details-bin')[0];
      assert.ok(bin instanceof Buffer, 'status details');
      const [detail] = google.rpc.Status.decode(bin).details ?? [];
      assert.equal(detail?.type_url, 'type.googleapis.com/temporal.api.errordetails.v1.MultiOperationExecutionFailure');
      const failure = temporal.api.errordetails.v1.MultiOperationExecutionFailure.decode(detail.value!);
      return (failure.statuses ?? []).map(
        (st) =>
          `${grpc.status[st.code ?? 0]} ${st.message ?? ''} [${(st.details ?? []).map((d) => d.type_url?.split('.').at(-1)).join(', ')}]`,
      );
    };
    try {
      const taken = await send(
        { meta: { updateId: 'u' }, input: { name: 'add' } },
        enums.WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL,
      );
      assert.ok(!taken.ok && taken.status === 'ALREADY_EXISTS', JSON.stringify(taken));
      const [start, update] = statuses(taken);
      assert.match(start!, /^ALREADY_EXISTS .*uws-raw-running.* \[WorkflowExecutionAlreadyStartedFailure\]$/);
      assert.equal(update, 'ABORTED Operation was aborted. []');

      const noMeta = await send({ input: { name: 'add' } }, enums.WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING);
      assert.ok(!noMeta.ok && noMeta.status === 'INVALID_ARGUMENT', JSON.stringify(noMeta));
      assert.deepEqual(statuses(noMeta), [
        'ABORTED Operation was aborted. []',
        'INVALID_ARGUMENT ExecuteMultiOperation: Update meta is not set on request. []',
      ]);
    } finally {
      raw.close();
    }
  });

  it("operations other than [Start, Update]: INVALID_ARGUMENT with Temporal's message", async function () {
    const raw = new RawGrpc(sdk.server.address);
    try {
      const answer = await raw.send(
        'ExecuteMultiOperation',
        req(ws.ExecuteMultiOperationRequest, {
          namespace: 'default',
          operations: [
            { startWorkflow: { namespace: 'default', workflowId: 'x', workflowType: { name: 'counter' }, taskQueue: { name: taskQueue } } },
          ],
        }),
        ws.ExecuteMultiOperationResponse,
      );
      assert.ok(!answer.ok);
      assert.equal(answer.status, 'INVALID_ARGUMENT', answer.details);
      assert.match(answer.details, /Operations have to be exactly \[Start, Update\]\./);
    } finally {
      raw.close();
    }
  });
});
