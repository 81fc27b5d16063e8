// Temporal's update-with-start: ExecuteMultiOperation with exactly [Start, Update], checked as Temporal's frontend checks it, then the service's start-and-admit in one transaction and the update waited on as UpdateWorkflowExecution waits (update-wait.ts).
import type { RequestParams } from '@rewind/sdk/protocol';
import { requestSchemas, SchemaError } from '@rewind/sdk/protocol';
import { definedFields } from '@rewind/sdk/internal/common/defined-fields';
import { randomUUID } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { EngineError } from '../../engine/transition';
import type { RewindService } from '../../service/rewind-service';
import { admitWithStart } from '../../service/workflows/update-with-start';
import { MultiOperationError, RequestError } from '../grpc-errors';
import { headerIn } from '../headers';
import { payloadsIn } from '../payloads';
import { temporal } from '../proto';
import { updateResponseOut, updateWaitStage, updateWaits, type ProtoStage } from '../update-wait';
import { method, type GrpcMethod } from './method';
import { CONFLICT, startFields } from './workflow-methods';

const ws = temporal.api.workflowservice.v1;
const Stage = temporal.api.enums.v1.UpdateWorkflowExecutionLifecycleStage;
type MultiOperationRequest = temporal.api.workflowservice.v1.IExecuteMultiOperationRequest;

const invalid = (message: string): RequestError => new RequestError(grpc.status.INVALID_ARGUMENT, message);
/** A refusal of the start (0) or of the update (1), answered with Temporal's MultiOperationExecutionFailure. */
const refusedAt = (operation: 0 | 1, message: string): MultiOperationError => new MultiOperationError(operation, invalid(message));

/** The request as Rewind's update-with-start, or what is wrong with it in Temporal's words. */
function updateWithStartIn(req: MultiOperationRequest): { params: RequestParams<'workflow.updateWithStart'>; stage: ProtoStage } {
  const [first, second, ...rest] = req.operations ?? [];
  const start = first?.startWorkflow;
  const update = second?.updateWorkflow;
  if (!start || !update || rest.length > 0) throw invalid('Operations have to be exactly [Start, Update].');
  const namespace = req.namespace ?? '';
  for (const [operation, op] of [start, update].entries()) {
    if ((op.namespace ?? '') !== namespace) {
      throw refusedAt(
        operation as 0 | 1,
        `Operation namespace mismatch with request namespace: each operation's namespace must be '${namespace}'.`,
      );
    }
  }
  const workflowId = start.workflowId ?? '';
  if ((update.workflowExecution?.workflowId ?? '') !== workflowId) {
    throw refusedAt(1, `WorkflowId mismatch: the update's workflowExecution.workflowId must be the start's workflowId ('${workflowId}').`);
  }
  if (update.workflowExecution?.runId) throw refusedAt(1, 'RunId is not allowed: an update-with-start goes to the run its start names.');
  if (update.firstExecutionRunId) throw refusedAt(1, 'FirstExecutionRunId is not allowed: leave it out of an update-with-start.');
  if (start.requestEagerExecution) throw refusedAt(0, 'RequestEagerExecution is not supported: leave it out of an update-with-start.');
  const request = update.request;
  if (!request?.meta) throw refusedAt(1, 'Update meta is not set on request.');
  if (!request.input) throw refusedAt(1, 'Update input is not set on request.');
  if (!request.input.name) throw refusedAt(1, 'Update name is not set on request.');
  const updateFields = {
    updateId: request.meta.updateId || randomUUID(),
    name: request.input.name,
    args: payloadsIn(request.input.args),
    ...definedFields({ header: headerIn(request.input.header) }),
  };
  const stage = atOperation(1, () => updateWaitStage(update.waitPolicy));
  const params = atOperation(0, () =>
    requestSchemas['workflow.updateWithStart'].parse(
      {
        ...startFields(start),
        ...definedFields({
          workflowIdConflictPolicy: start.workflowIdConflictPolicy ? CONFLICT[start.workflowIdConflictPolicy] : undefined,
        }),
        update: {
          ...updateFields,
          waitForStage: stage === Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED ? 'COMPLETED' : 'ACCEPTED',
        },
      },
      '',
    ),
  );
  return { params, stage };
}

/** Runs `fn`, its refusal that of `operation` (a schema error of the update's fields, under `update`, is the update's). */
function atOperation<T>(operation: 0 | 1, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof MultiOperationError) throw err;
    throw new MultiOperationError(err instanceof SchemaError && err.path.startsWith('update') ? 1 : operation, err);
  }
}

export function multiOperationMethods(service: RewindService): Record<string, GrpcMethod> {
  const { waitFor } = updateWaits(service);
  return {
    ExecuteMultiOperation: method(ws.ExecuteMultiOperationRequest, ws.ExecuteMultiOperationResponse, async (req, ctx) => {
      const { params, stage } = updateWithStartIn(req);
      // The start's refusals are the start's; the update's only one is its run closed since (a request sent again).
      const { state, result } = await admitWithStart(service, params).catch((err: unknown) => {
        throw new MultiOperationError(err instanceof EngineError && err.errorName === 'WorkflowNotFoundError' ? 1 : 0, err);
      });
      const target = { namespace: params.namespace, workflowId: params.workflowId, runId: state.runId, updateId: params.update.updateId };
      const answer = await waitFor(target, stage, ctx, (waitForStage, cancel) =>
        service.updates.wait(state, params.update.updateId, waitForStage, cancel),
      );
      return {
        responses: [
          { startWorkflow: { runId: result.runId, started: result.started } },
          { updateWorkflow: updateResponseOut(params.workflowId, params.update.updateId, answer) },
        ],
      };
    }),
  };
}
