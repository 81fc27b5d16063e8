// Queries from a Temporal client, answered by a worker: QueryWorkflow asks Rewind's Queries service,
// which hands the query to a worker (a Temporal worker polls it as a workflow task carrying `query`,
// with the token `query:<queryId>`); RespondQueryTaskCompleted brings the answer back.
import type { ExecutionStatus } from '@rewind/sdk/protocol';
import { requestSchemas } from '@rewind/sdk/protocol';
import { definedFields } from '@rewind/sdk/internal/common/defined-fields';
import { EngineError } from '../../engine/transition';
import { TEMPORAL_WORKERS } from '../../service/matching/pollers';
import type { RewindService } from '../../service/rewind-service';
import { QueryFailedError } from '../../service/workflows/queries';
import { STATUS_OUT } from '../executions-out';
import { failureIn } from '../failures';
import { headerIn } from '../headers';
import { payloadsIn, resultIn, resultOut } from '../payloads';
import { temporal } from '../proto';
import { executionIn } from '../execution-in';
import { method, type GrpcMethod } from './method';
import { tokenIn } from './task-methods';

const ws = temporal.api.workflowservice.v1;
const enums = temporal.api.enums.v1;
const QUERY_TOKEN = /^query:(.+)$/;

/** Whether the client's reject condition turns the query away from a run in this status (Temporal: only closed runs are). */
function rejected(condition: temporal.api.enums.v1.QueryRejectCondition | null | undefined, status: ExecutionStatus): boolean {
  if (status === 'RUNNING') return false;
  if (condition === enums.QueryRejectCondition.QUERY_REJECT_CONDITION_NOT_OPEN) return true;
  return condition === enums.QueryRejectCondition.QUERY_REJECT_CONDITION_NOT_COMPLETED_CLEANLY && status !== 'COMPLETED';
}

export function queryMethods(service: RewindService): Record<string, GrpcMethod> {
  const { workflows, queries } = service;
  return {
    QueryWorkflow: method(ws.QueryWorkflowRequest, ws.QueryWorkflowResponse, async (req) => {
      const params = requestSchemas['workflow.query'].parse(
        {
          ...executionIn(req.namespace, req.execution),
          queryType: req.query?.queryType ?? '',
          args: payloadsIn(req.query?.queryArgs),
          ...definedFields({ header: headerIn(req.query?.header) }),
        },
        '',
      );
      const run = workflows.find(params);
      if (rejected(req.queryRejectCondition, run.status)) return { queryRejected: { status: STATUS_OUT[run.status] } };
      try {
        const { result } = await queries.ask(run, params);
        return definedFields({ queryResult: resultOut(result) });
      } catch (err) {
        // Temporal answers a query the workflow failed (or has no handler for) with INVALID_ARGUMENT and its message.
        if (err instanceof QueryFailedError) throw new EngineError('INVALID_ARGUMENT', err.message);
        throw err;
      }
    }),

    RespondQueryTaskCompleted: method(ws.RespondQueryTaskCompletedRequest, ws.RespondQueryTaskCompletedResponse, (req) => {
      const queryId = QUERY_TOKEN.exec(tokenIn(req.taskToken))?.[1];
      if (!queryId) throw new EngineError('INVALID_ARGUMENT', 'RespondQueryTaskCompleted: taskToken is not a query task token.');
      const failed = req.completedType === enums.QueryResultType.QUERY_RESULT_TYPE_FAILED;
      const params = requestSchemas['queryTask.respond'].parse(
        {
          queryId,
          ...definedFields({ result: failed ? undefined : resultIn(req.queryResult) }),
          ...(failed
            ? {
                failure: req.failure
                  ? failureIn(req.failure)
                  : {
                      message: req.errorMessage || 'The query failed.',
                      info: { type: 'application', errorType: 'QueryFailed', nonRetryable: true },
                    },
              }
            : {}),
        },
        '',
      );
      // Temporal's matching: "query task not found, or already expired".
      if (!queries.respond(TEMPORAL_WORKERS, params)) {
        throw new EngineError('NOT_FOUND', `Query task ${queryId} not found, or already expired: its query timed out or was answered.`);
      }
      return {};
    }),
  };
}
