// What Temporal's CLI does to a run's life beyond cancel and terminate: reset it to a workflow task
// (a new run, signals after that point delivered again) and delete it, on the engine's reset and delete.
import * as grpc from '@grpc/grpc-js';
import { requestSchemas } from '@rewind/sdk/protocol';
import { definedFields } from '@rewind/sdk/internal/common/defined-fields';
import type { RewindService } from '../../service/rewind-service';
import { executionIn } from '../execution-in';
import { RequestError } from '../grpc-errors';
import { num, temporal } from '../proto';
import { method, type GrpcMethod } from './method';

const ws = temporal.api.workflowservice.v1;
const enums = temporal.api.enums.v1;

type ResetRequest = temporal.api.workflowservice.v1.ResetWorkflowExecutionRequest;

/** What of a reset request Rewind's reset cannot do (it reapplies signals, always), said so; undefined if none. */
function unsupportedReset(req: ResetRequest): string | undefined {
  if (req.resetReapplyType === enums.ResetReapplyType.RESET_REAPPLY_TYPE_NONE)
    return 'reset_reapply_type NONE: Rewind always delivers the signals received after the reset point to the new run';
  if (req.resetReapplyExcludeTypes.includes(enums.ResetReapplyExcludeType.RESET_REAPPLY_EXCLUDE_TYPE_SIGNAL))
    return 'reset_reapply_exclude_types SIGNAL: Rewind always delivers the signals received after the reset point to the new run';
  if (req.postResetOperations.length > 0) return 'post_reset_operations: send the signal or update to the new run after the reset';
  return undefined;
}

export function resetDeleteMethods(service: RewindService): Record<string, GrpcMethod> {
  const { workflows } = service;
  return {
    ResetWorkflowExecution: method(ws.ResetWorkflowExecutionRequest, ws.ResetWorkflowExecutionResponse, async (req) => {
      const unsupported = unsupportedReset(req);
      if (unsupported) throw new RequestError(grpc.status.INVALID_ARGUMENT, `Rewind's reset does not take ${unsupported}.`);
      const eventId = num(req.workflowTaskFinishEventId);
      if (eventId < 1) {
        throw new RequestError(
          grpc.status.INVALID_ARGUMENT,
          'workflow_task_finish_event_id: not set; give the id of the WorkflowTaskCompleted event to reset to.',
        );
      }
      const params = requestSchemas['workflow.reset'].parse(
        {
          ...executionIn(req.namespace, req.workflowExecution),
          eventId,
          ...definedFields({ reason: req.reason || undefined, identity: req.identity || undefined }),
        },
        '',
      );
      return workflows.reset(params);
    }),

    DeleteWorkflowExecution: method(ws.DeleteWorkflowExecutionRequest, ws.DeleteWorkflowExecutionResponse, async (req) => {
      const params = requestSchemas['workflow.delete'].parse(executionIn(req.namespace, req.workflowExecution), '');
      await workflows.delete(params);
      return {};
    }),
  };
}
