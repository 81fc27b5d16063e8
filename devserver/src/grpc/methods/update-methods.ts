// Temporal's client side of updates: UpdateWorkflowExecution sends one (or finds it, sent again) and waits for the stage asked, PollWorkflowExecutionUpdate waits on one sent before; both on the service's updates, answering by the caller's deadline with the stage reached, as Temporal's server does.
import type { RequestParams, UpdateOutcome } from '@rewind/sdk/protocol';
import { requestSchemas } from '@rewind/sdk/protocol';
import { definedFields } from '@rewind/sdk/internal/common/defined-fields';
import { randomUUID } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { updateOf } from '../../engine/updates';
import type { RewindService } from '../../service/rewind-service';
import { executionIn } from '../execution-in';
import { failureOut } from '../failures';
import { RequestError } from '../grpc-errors';
import { payloadsIn, resultOut } from '../payloads';
import { temporal } from '../proto';
import { method, type GrpcCall, type GrpcMethod } from './method';
import { answerBy } from './task-methods';

const ws = temporal.api.workflowservice.v1;
const Stage = temporal.api.enums.v1.UpdateWorkflowExecutionLifecycleStage;
type ProtoStage = temporal.api.enums.v1.UpdateWorkflowExecutionLifecycleStage;
/** The update as the request names it (its wait stage is the call's, below). */
type UpdateParams = RequestParams<'workflow.update'>;

/** Where an update is, as Temporal's response says it: the stage reached, the run, and the outcome once completed. */
interface UpdateAnswer {
  runId: string;
  stage: ProtoStage;
  outcome?: UpdateOutcome;
}

/** Rewind's update status as Temporal's lifecycle stage. */
const STAGE_OF = {
  requested: Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ADMITTED,
  accepted: Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ACCEPTED,
  completed: Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED,
} as const;

function outcomeOut(o: UpdateOutcome): temporal.api.update.v1.IOutcome {
  // A rejected update is completed with its validator's failure, as on Temporal's server.
  return o.failure ? { failure: failureOut(o.failure) } : { success: resultOut(o.result) ?? { payloads: [] } };
}

function responseOut(workflowId: string, updateId: string, a: UpdateAnswer) {
  return {
    updateRef: { workflowExecution: { workflowId, runId: a.runId }, updateId },
    stage: a.stage,
    ...(a.outcome?.stage === 'COMPLETED' ? { outcome: outcomeOut(a.outcome) } : {}),
  };
}

export function updateMethods(service: RewindService): Record<string, GrpcMethod> {
  /** The update as it is now (a wait that gave up, or one that asked only for admission). */
  const current = (p: UpdateParams): UpdateAnswer => {
    const state = service.workflows.find(p);
    const u = updateOf(state, p.updateId);
    const stage = u ? STAGE_OF[u.status] : Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_UNSPECIFIED;
    if (u?.status !== 'completed') return { runId: state.runId, stage };
    const outcome: UpdateOutcome = {
      updateId: p.updateId,
      runId: state.runId,
      stage: 'COMPLETED',
      ...definedFields({ result: u.result, failure: u.failure }),
    };
    return { runId: state.runId, stage, outcome };
  };

  /**
   * Sends the update (or finds it) and waits until it reaches `stage` (ADMITTED: once the server has it), or
   * until the call must answer: then the stage it has reached, which Temporal's client asks again after.
   */
  const waitFor = async (p: UpdateParams, stage: ProtoStage, ctx: GrpcCall): Promise<UpdateAnswer> => {
    let stop: (() => void) | undefined;
    let admitted: (() => void) | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const waiting = new Promise<'waiting'>((resolve) => {
      if (stage === Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ADMITTED) admitted = () => resolve('waiting');
      timer = setTimeout(() => resolve('waiting'), Math.max(0, answerBy(ctx) - Date.now()));
      ctx.signal.addEventListener('abort', () => resolve('waiting'));
    });
    const waitForStage = stage === Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED ? 'COMPLETED' : 'ACCEPTED';
    const reached = service.updates.request({ ...p, waitForStage }, (s) => {
      stop = s;
      admitted?.();
    });
    try {
      const first = await Promise.race([reached, waiting]);
      if (first === 'waiting') return current(p);
      return { runId: first.runId, stage: STAGE_OF[first.stage === 'COMPLETED' ? 'completed' : 'accepted'], outcome: first };
    } finally {
      clearTimeout(timer);
      stop?.();
    }
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
          ...definedFields({ identity: request.meta.identity || undefined }),
        },
        '',
      );
      const stage = req.waitPolicy?.lifecycleStage || Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ADMITTED;
      return responseOut(params.workflowId, params.updateId, await waitFor(params, stage, ctx));
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
      const stage = req.waitPolicy?.lifecycleStage || Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ACCEPTED;
      return responseOut(params.workflowId, params.updateId, await waitFor(params, stage, ctx));
    }),
  };
}
