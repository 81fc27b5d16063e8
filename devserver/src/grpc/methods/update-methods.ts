// Temporal's client side of updates: UpdateWorkflowExecution sends one (or finds it, sent again) and waits for the stage asked, PollWorkflowExecutionUpdate waits on one sent before; both on the service's updates (update-wait.ts waits as Temporal's server does).
import { requestSchemas } from '@rewind/sdk/protocol';
import { definedFields } from '@rewind/sdk/internal/common/defined-fields';
import { randomUUID } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import type { RewindService } from '../../service/rewind-service';
import { executionIn } from '../execution-in';
import { RequestError } from '../grpc-errors';
import { headerIn } from '../headers';
import { payloadsIn } from '../payloads';
import { temporal } from '../proto';
import { updateResponseOut, updateWaitStage, updateWaits } from '../update-wait';
import { method, type GrpcMethod } from './method';

const ws = temporal.api.workflowservice.v1;
const Stage = temporal.api.enums.v1.UpdateWorkflowExecutionLifecycleStage;

export function updateMethods(service: RewindService): Record<string, GrpcMethod> {
  const { waitFor } = updateWaits(service);

  /**
   * With `firstExecutionRunId` (Temporal's client sends its handle's), the run the update goes to must be of
   * that chain, as on Temporal's server: a workflow id started again since is another workflow, NOT_FOUND.
   */
  const chainRun = (target: { namespace: string; workflowId: string; runId?: string }, first: string | null | undefined) => {
    if (!first) return target.runId;
    const state = service.workflows.find(target);
    if (state.firstExecutionRunId !== first) {
      throw new RequestError(
        grpc.status.NOT_FOUND,
        `Workflow execution not found: workflow ${target.workflowId} (run ${state.runId}) is not of the chain that run ${first} began (the id was started again since).`,
      );
    }
    return state.runId;
  };

  return {
    UpdateWorkflowExecution: method(ws.UpdateWorkflowExecutionRequest, ws.UpdateWorkflowExecutionResponse, async (req, ctx) => {
      const request = req.request;
      // Temporal's frontend's checks, with its messages.
      if (!request?.meta) throw new RequestError(grpc.status.INVALID_ARGUMENT, 'Update meta is not set on request.');
      if (!request.input) throw new RequestError(grpc.status.INVALID_ARGUMENT, 'Update input is not set on request.');
      if (!request.input.name) throw new RequestError(grpc.status.INVALID_ARGUMENT, 'Update name is not set on request.');
      // Parsed by the schema of Rewind's own request (its waitForStage is replaced by the call's stage).
      const params = requestSchemas['workflow.update'].parse(
        {
          ...executionIn(req.namespace, req.workflowExecution),
          updateId: request.meta.updateId || randomUUID(),
          name: request.input.name,
          args: payloadsIn(request.input.args),
          waitForStage: 'ACCEPTED',
          ...definedFields({ identity: request.meta.identity || undefined, header: headerIn(request.input.header) }),
        },
        '',
      );
      const stage = updateWaitStage(req.waitPolicy);
      const target = { ...params, ...definedFields({ runId: chainRun(params, req.firstExecutionRunId) }) };
      return updateResponseOut(
        params.workflowId,
        params.updateId,
        await waitFor(target, stage, ctx, (waitForStage, cancel) => service.updates.request({ ...target, waitForStage }, cancel)),
      );
    }),

    PollWorkflowExecutionUpdate: method(ws.PollWorkflowExecutionUpdateRequest, ws.PollWorkflowExecutionUpdateResponse, async (req, ctx) => {
      const params = requestSchemas['workflow.update'].parse(
        {
          ...executionIn(req.namespace, req.updateRef?.workflowExecution),
          updateId: req.updateRef?.updateId ?? '',
          waitForStage: 'ACCEPTED',
          ...definedFields({ identity: req.identity || undefined }),
        },
        '',
      );
      // As Temporal's: no stage (or ADMITTED) answers at once with the stage reached; ACCEPTED or COMPLETED waits.
      const stage = req.waitPolicy?.lifecycleStage || Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ADMITTED;
      return updateResponseOut(
        params.workflowId,
        params.updateId,
        await waitFor(params, stage, ctx, (waitForStage, cancel) => service.updates.request({ ...params, waitForStage }, cancel)),
      );
    }),
  };
}
