// Waiting on an update for a gRPC call, as Temporal's server waits: until the stage asked (ADMITTED: once the server has it), or until the call must answer, then with the stage reached; and the answer as Temporal's UpdateWorkflowExecutionResponse. No rule of updates lives here: the service's updates decide, this only waits and translates.
import type { RequestParams, UpdateOutcome } from '@rewind/sdk/protocol';
import { definedFields } from '@rewind/sdk/internal/common/defined-fields';
import { updateOf } from '../engine/updates';
import type { RewindService } from '../service/rewind-service';
import * as grpc from '@grpc/grpc-js';
import { failureOut } from './failures';
import { RequestError } from './grpc-errors';
import type { GrpcCall } from './methods/method';
import { answerBy } from './methods/task-methods';
import { resultOut } from './payloads';
import { temporal } from './proto';

const Stage = temporal.api.enums.v1.UpdateWorkflowExecutionLifecycleStage;
export type ProtoStage = temporal.api.enums.v1.UpdateWorkflowExecutionLifecycleStage;

/**
 * The stage an UpdateWorkflowExecution (alone or in an update-with-start) waits for, as Temporal's frontend
 * reads its wait policy: none is COMPLETED, and ADMITTED is refused with Temporal's PERMISSION_DENIED.
 */
export function updateWaitStage(policy: temporal.api.update.v1.IWaitPolicy | null | undefined): ProtoStage {
  const stage = policy?.lifecycleStage || Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED;
  if (stage === Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ADMITTED) {
    throw new RequestError(
      grpc.status.PERMISSION_DENIED,
      'UpdateWorkflowExecution issued asynchronously and waiting on update admitted is not supported. Wait for ACCEPTED or COMPLETED.',
    );
  }
  return stage;
}

/** Sends or finds the update and resolves at `waitForStage`; gives `cancelWait` a function that stops waiting. */
export type UpdateSend = (waitForStage: 'ACCEPTED' | 'COMPLETED', cancelWait: (stop: () => void) => void) => Promise<UpdateOutcome>;

/** The update a call waits on. */
type UpdateParams = Pick<RequestParams<'workflow.update'>, 'namespace' | 'workflowId' | 'runId' | 'updateId'>;

/** Where an update is, as Temporal's response says it: the stage reached, the run, and the outcome once completed. */
export interface UpdateAnswer {
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

/** An update's answer as Temporal's UpdateWorkflowExecutionResponse (a PollWorkflowExecutionUpdateResponse has the same fields). */
export function updateResponseOut(
  workflowId: string,
  updateId: string,
  a: UpdateAnswer,
): temporal.api.workflowservice.v1.IUpdateWorkflowExecutionResponse {
  return {
    updateRef: { workflowExecution: { workflowId, runId: a.runId }, updateId },
    stage: a.stage,
    ...(a.outcome?.stage === 'COMPLETED' ? { outcome: outcomeOut(a.outcome) } : {}),
  };
}

/** Waits on updates for the calls of one service. */
export function updateWaits(service: RewindService) {
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
  const waitFor = async (p: UpdateParams, stage: ProtoStage, ctx: GrpcCall, send: UpdateSend): Promise<UpdateAnswer> => {
    let stop: (() => void) | undefined;
    let admitted: (() => void) | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const waiting = new Promise<'waiting'>((resolve) => {
      if (stage === Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ADMITTED) admitted = () => resolve('waiting');
      timer = setTimeout(() => resolve('waiting'), Math.max(0, answerBy(ctx) - Date.now()));
      ctx.signal.addEventListener('abort', () => resolve('waiting'));
    });
    const waitForStage = stage === Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED ? 'COMPLETED' : 'ACCEPTED';
    const reached = send(waitForStage, (s) => {
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

  return { waitFor };
}
