// An activity's outcome and heartbeats, from its worker (by task token) or from a client that completes
// it asynchronously (the `…ById` forms: by workflow id, run id and activity id). Both reach the same
// worker operations with the token of the running attempt: a finished or retrying attempt is NOT_FOUND.
import * as grpc from '@grpc/grpc-js';
import type { Failure } from '@rewind/sdk/protocol';
import { TEMPORAL_WORKERS } from '../../service/matching/pollers';
import type { RewindService } from '../../service/rewind-service';
import { failureIn } from '../failures';
import { RequestError } from '../grpc-errors';
import { payloadsIn, resultIn } from '../payloads';
import { temporal } from '../proto';
import { method, type GrpcMethod } from './method';
import { requireNamespace, tokenIn } from './task-methods';

const ws = temporal.api.workflowservice.v1;
type Payloads = temporal.api.common.v1.Payloads.$Properties;

/** What names an activity in a `…ById` request. */
interface ActivityIds {
  namespace?: string | null;
  workflowId?: string | null;
  runId?: string | null;
  activityId?: string | null;
}

const noFailureGiven: Failure = {
  message: 'The activity failed.',
  info: { type: 'application', errorType: 'Error', nonRetryable: false },
};

/** Details, or nothing when there are none (Rewind leaves an empty list out). */
function detailsIn(p: Payloads | null | undefined): { details?: ReturnType<typeof payloadsIn> } {
  const details = payloadsIn(p);
  return details.length > 0 ? { details } : {};
}

export function activityMethods(service: RewindService): Record<string, GrpcMethod> {
  const { workers } = service;

  const byId = (req: ActivityIds): string => {
    // Temporal's frontend: "WorkflowId is not set on request.", "ActivityId is not set on request."
    if (!req.workflowId)
      throw new RequestError(grpc.status.INVALID_ARGUMENT, "workflowId: not set on request; name the activity's workflow.");
    if (!req.activityId)
      throw new RequestError(grpc.status.INVALID_ARGUMENT, 'activityId: not set on request; name the activity to answer for.');
    return workers.activityTokenById({
      namespace: requireNamespace(service, req.namespace),
      workflowId: req.workflowId,
      activityId: req.activityId,
      ...(req.runId ? { runId: req.runId } : {}),
    });
  };

  const complete = (taskToken: string, result: Payloads | null | undefined) =>
    workers.completeActivity(TEMPORAL_WORKERS, { taskToken, result: resultIn(result) });

  const fail = async (
    taskToken: string,
    failure: temporal.api.failure.v1.IFailure | null | undefined,
    heartbeat: Payloads | null | undefined,
  ) => {
    const { details } = detailsIn(heartbeat);
    await workers.failActivity(TEMPORAL_WORKERS, {
      taskToken,
      failure: failure ? failureIn(failure) : noFailureGiven,
      ...(details ? { lastHeartbeatDetails: details } : {}),
    });
  };

  const cancelled = (taskToken: string, details: Payloads | null | undefined) =>
    workers.activityCancelled(TEMPORAL_WORKERS, { taskToken, ...detailsIn(details) });

  const heartbeat = async (taskToken: string, details: Payloads | null | undefined) => {
    const { cancelRequested } = await workers.heartbeat(TEMPORAL_WORKERS, { taskToken, ...detailsIn(details) });
    return { cancelRequested, activityPaused: false, activityReset: false };
  };

  return {
    RespondActivityTaskCompleted: method(ws.RespondActivityTaskCompletedRequest, ws.RespondActivityTaskCompletedResponse, async (req) => {
      await complete(tokenIn(req.taskToken), req.result);
      return {};
    }),
    RespondActivityTaskCompletedById: method(
      ws.RespondActivityTaskCompletedByIdRequest,
      ws.RespondActivityTaskCompletedByIdResponse,
      async (req) => {
        await complete(byId(req), req.result);
        return {};
      },
    ),

    RespondActivityTaskFailed: method(ws.RespondActivityTaskFailedRequest, ws.RespondActivityTaskFailedResponse, async (req) => {
      await fail(tokenIn(req.taskToken), req.failure, req.lastHeartbeatDetails);
      return {};
    }),
    RespondActivityTaskFailedById: method(
      ws.RespondActivityTaskFailedByIdRequest,
      ws.RespondActivityTaskFailedByIdResponse,
      async (req) => {
        await fail(byId(req), req.failure, req.lastHeartbeatDetails);
        return {};
      },
    ),

    RespondActivityTaskCanceled: method(ws.RespondActivityTaskCanceledRequest, ws.RespondActivityTaskCanceledResponse, async (req) => {
      await cancelled(tokenIn(req.taskToken), req.details);
      return {};
    }),
    RespondActivityTaskCanceledById: method(
      ws.RespondActivityTaskCanceledByIdRequest,
      ws.RespondActivityTaskCanceledByIdResponse,
      async (req) => {
        await cancelled(byId(req), req.details);
        return {};
      },
    ),

    RecordActivityTaskHeartbeat: method(ws.RecordActivityTaskHeartbeatRequest, ws.RecordActivityTaskHeartbeatResponse, (req) =>
      heartbeat(tokenIn(req.taskToken), req.details),
    ),
    RecordActivityTaskHeartbeatById: method(ws.RecordActivityTaskHeartbeatByIdRequest, ws.RecordActivityTaskHeartbeatByIdResponse, (req) =>
      heartbeat(byId(req), req.details),
    ),
  };
}
