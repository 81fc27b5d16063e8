// Temporal's own client sends updates over gRPC (UpdateWorkflowExecution, PollWorkflowExecutionUpdate) to a run on
// Temporal's worker: executeUpdate, startUpdate at ACCEPTED then result(), getUpdateHandle(...).result(), a
// validator's rejection and a handler's failure as WorkflowUpdateFailedError, a closed or unknown run as
// WorkflowNotFoundError (so is one from a handle whose workflow id was started again), an update that waits for a
// worker to come; raw calls: a wait cut short by the caller's deadline, a poll without a stage, ADMITTED refused
// (PERMISSION_DENIED, as Temporal's), a request without meta.
import assert from 'node:assert/strict';
import { WorkflowNotFoundError, WorkflowUpdateFailedError, WorkflowUpdateStage } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import * as workflows from '../fixtures/temporal-sdk/workflows';
import { RawGrpc, pollAdmitted, req, ws } from '../helpers/grpc-raw';
import { EventType, eventsOf, historyOf, useTemporalSdk } from '../helpers/temporal-sdk';

const taskQueue = 'temporal-client-updates';
const Stage = temporal.api.enums.v1.UpdateWorkflowExecutionLifecycleStage;

/** The update failed with an ApplicationFailure whose message matches. */
const failedWith =
  (message: RegExp) =>
  (err: unknown): boolean => {
    assert.ok(err instanceof WorkflowUpdateFailedError, String(err));
    assert.ok(err.cause instanceof ApplicationFailure, String(err.cause));
    assert.match(err.cause.message, message);
    return true;
  };

describe("updates sent by Temporal's client over gRPC", function () {
  this.timeout(60_000);
  const sdk = useTemporalSdk({ taskQueue });

  it('executeUpdate, startUpdate (ACCEPTED) and result(), getUpdateHandle(...).result(); the run goes on', async function () {
    const handle = await sdk.client.workflow.start(workflows.counter, { taskQueue, workflowId: 'client-updates' });
    assert.equal(await handle.executeUpdate(workflows.add, { args: [2] }), 2);
    const started = await handle.startUpdate(workflows.addLater, {
      args: [3],
      updateId: 'later',
      waitForStage: WorkflowUpdateStage.ACCEPTED,
    });
    assert.equal(started.updateId, 'later');
    assert.equal(started.workflowRunId, handle.firstExecutionRunId);
    assert.equal(await started.result(), 5);
    assert.equal(await handle.getUpdateHandle<number>('later').result(), 5, 'a completed update polled again');
    await handle.signal(workflows.stopCounting);
    assert.equal(await handle.result(), 5);
    const events = await historyOf(handle);
    assert.equal(eventsOf(events, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED).length, 2);
  });

  it("a validator's rejection and a handler's failure are WorkflowUpdateFailedError with the workflow's failure", async function () {
    const handle = await sdk.client.workflow.start(workflows.counter, { taskQueue, workflowId: 'client-update-failures' });
    await assert.rejects(handle.executeUpdate(workflows.add, { args: [-1] }), failedWith(/^cannot add -1: amounts are not negative$/));
    const refused = await handle.startUpdate(workflows.refuse, { args: ['not now'], waitForStage: WorkflowUpdateStage.ACCEPTED });
    await assert.rejects(refused.result(), failedWith(/^not now$/));
    await handle.signal(workflows.stopCounting);
    assert.equal(await handle.result(), 0);
    const events = await historyOf(handle);
    assert.equal(
      eventsOf(events, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED).length,
      1,
      'only the failed handler was accepted',
    );
  });

  it('an update to a closed run, to an unknown workflow, or of an unknown id: WorkflowNotFoundError, as on Temporal', async function () {
    const handle = await sdk.client.workflow.start(workflows.counter, { taskQueue, workflowId: 'client-update-closed' });
    await handle.signal(workflows.stopCounting);
    await handle.result();
    await assert.rejects(handle.executeUpdate(workflows.add, { args: [1] }), (err: unknown) => {
      assert.ok(err instanceof WorkflowNotFoundError, String(err));
      assert.match(err.message, /^Workflow execution already completed/);
      return true;
    });
    await assert.rejects(
      sdk.client.workflow.getHandle('no-such-workflow').executeUpdate(workflows.add, { args: [1] }),
      WorkflowNotFoundError,
    );
    await assert.rejects(handle.getUpdateHandle('never-sent').result(), (err: unknown) => {
      assert.ok(err instanceof WorkflowNotFoundError, String(err));
      assert.match(err.message, /has no update with id never-sent/);
      return true;
    });
  });

  it("a handle's update goes to its own chain: after the id was started again, WorkflowNotFoundError, as on Temporal", async function () {
    const workflowId = 'client-update-chain';
    const first = await sdk.client.workflow.start(workflows.counter, { taskQueue, workflowId });
    await first.terminate('started again below');
    const second = await sdk.client.workflow.start(workflows.counter, { taskQueue, workflowId });
    await assert.rejects(first.executeUpdate(workflows.add, { args: [1] }), (err: unknown) => {
      assert.ok(err instanceof WorkflowNotFoundError, String(err));
      assert.match(err.message, /is not of the chain that run .* began/);
      return true;
    });
    assert.equal(await second.executeUpdate(workflows.add, { args: [2] }), 2, 'the new run took no update before');
    await second.signal(workflows.stopCounting);
    assert.equal(await second.result(), 2);
  });

  it('an update to a run no worker serves waits, admitted, and is answered once a worker comes', async function () {
    const lateQueue = 'client-updates-late-worker';
    const handle = await sdk.client.workflow.start(workflows.counter, { taskQueue: lateQueue, workflowId: 'client-update-late-worker' });
    const result = handle.executeUpdate(workflows.add, { args: [7], updateId: 'late' });
    const raw = new RawGrpc(sdk.server.address);
    try {
      // Polled at ADMITTED: the server has the update (once the client's call reached it), and it waits.
      const admitted = await pollAdmitted(raw, 'client-update-late-worker', 'late');
      assert.equal(admitted.stage, Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ADMITTED);
      assert.equal(admitted.outcome, null);
    } finally {
      raw.close();
    }
    const worker = await Worker.create({ connection: sdk.nativeConnection, workflowBundle: sdk.bundle, taskQueue: lateQueue });
    assert.equal(await worker.runUntil(result), 7);
  });

  describe('raw calls', function () {
    let raw: RawGrpc;
    before(function () {
      raw = new RawGrpc(sdk.server.address);
    });
    after(function () {
      raw?.close();
    });
    const update = (
      workflowId: string,
      updateId: string,
      lifecycleStage: temporal.api.enums.v1.UpdateWorkflowExecutionLifecycleStage,
      timeoutMs?: number,
    ) =>
      raw.send(
        'UpdateWorkflowExecution',
        req(ws.UpdateWorkflowExecutionRequest, {
          namespace: 'default',
          workflowExecution: { workflowId },
          waitPolicy: { lifecycleStage },
          request: {
            meta: { updateId },
            input: { name: 'add', args: { payloads: [{ metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from('1') }] } },
          },
        }),
        ws.UpdateWorkflowExecutionResponse,
        timeoutMs,
      );

    it('a wait the caller cannot outlast answers with the stage reached; a poll without a stage answers at once; waiting for ADMITTED is refused as Temporal refuses it', async function () {
      // No worker polls this queue: the update is admitted and stays so.
      await sdk.client.workflow.start(workflows.counter, { taskQueue: 'nobody-polls', workflowId: 'client-update-admitted' });
      const sent = Date.now();
      const cut = await update('client-update-admitted', 'u-admitted', Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED, 6_000);
      assert.ok(cut.ok, JSON.stringify(cut));
      assert.equal(cut.response.stage, Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ADMITTED);
      assert.equal(cut.response.updateRef?.updateId, 'u-admitted');
      assert.equal(cut.response.outcome, null);
      assert.ok(Date.now() - sent < 5_000, `answered after ${Date.now() - sent} ms`);

      const polled = await raw.send(
        'PollWorkflowExecutionUpdate',
        req(ws.PollWorkflowExecutionUpdateRequest, {
          namespace: 'default',
          updateRef: { workflowExecution: { workflowId: 'client-update-admitted' }, updateId: 'u-admitted' },
        }),
        ws.PollWorkflowExecutionUpdateResponse,
      );
      assert.ok(polled.ok, JSON.stringify(polled));
      assert.equal(polled.response.stage, Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ADMITTED);

      const admitted = await update('client-update-admitted', 'u-admitted', Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ADMITTED);
      assert.ok(!admitted.ok);
      assert.equal(admitted.status, 'PERMISSION_DENIED', admitted.details);
      assert.match(admitted.details, /waiting on update admitted is not supported/);
    });

    it("a request without meta, input or name: INVALID_ARGUMENT with Temporal's messages", async function () {
      const cases: [temporal.api.update.v1.IRequest, RegExp][] = [
        [{ input: { name: 'add' } }, /Update meta is not set on request\./],
        [{ meta: { updateId: 'x' } }, /Update input is not set on request\./],
        [{ meta: { updateId: 'x' }, input: { name: '' } }, /Update name is not set on request\./],
      ];
      for (const [request, message] of cases) {
        const answer = await raw.send(
          'UpdateWorkflowExecution',
          req(ws.UpdateWorkflowExecutionRequest, {
            namespace: 'default',
            workflowExecution: { workflowId: 'client-update-admitted' },
            request,
          }),
          ws.UpdateWorkflowExecutionResponse,
        );
        assert.ok(!answer.ok);
        assert.equal(answer.status, 'INVALID_ARGUMENT', answer.details);
        assert.match(answer.details, message);
      }
    });
  });
});
