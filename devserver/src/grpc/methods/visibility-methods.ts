// What a Temporal client reads about runs without touching them: one run described (its pending
// activities, children and workflow task), runs listed and counted with Temporal's list query
// language, which Rewind's store already speaks (store/query-parser.ts).
import { requestSchemas } from '@rewind/sdk/protocol';
import { definedFields } from '@rewind/sdk/internal/common/defined-fields';
import type { RewindService } from '../../service/rewind-service';
import { describedOut, executionInfoOut } from '../executions-out';
import { long, temporal } from '../proto';
import { executionIn } from '../execution-in';
import { method, type GrpcMethod } from './method';

const ws = temporal.api.workflowservice.v1;

/** Rewind's largest page; Temporal's server also caps what a client asks for. */
const MAX_PAGE = 1000;

export function visibilityMethods(service: RewindService): Record<string, GrpcMethod> {
  const { workflows } = service;
  return {
    DescribeWorkflowExecution: method(ws.DescribeWorkflowExecutionRequest, ws.DescribeWorkflowExecutionResponse, (req) => {
      const params = requestSchemas['workflow.describe'].parse(
        {
          ...executionIn(req.namespace, req.execution),
        },
        '',
      );
      return describedOut(workflows.describe(params), service.searchAttributes.typesOf(params.namespace));
    }),

    ListWorkflowExecutions: method(ws.ListWorkflowExecutionsRequest, ws.ListWorkflowExecutionsResponse, (req) => {
      const token = Buffer.from(req.nextPageToken ?? new Uint8Array()).toString('utf8');
      const params = requestSchemas['workflow.list'].parse(
        {
          namespace: req.namespace ?? '',
          pageSize: Math.min(req.pageSize && req.pageSize > 0 ? req.pageSize : MAX_PAGE, MAX_PAGE),
          ...definedFields({ nextPageToken: token || undefined, query: req.query || undefined }),
        },
        '',
      );
      const { executions, nextPageToken } = workflows.list(params);
      return {
        executions: executions.map((e) => executionInfoOut(e, service.searchAttributes.typesOf(params.namespace))),
        nextPageToken: nextPageToken ? Buffer.from(nextPageToken, 'utf8') : new Uint8Array(),
      };
    }),

    CountWorkflowExecutions: method(ws.CountWorkflowExecutionsRequest, ws.CountWorkflowExecutionsResponse, (req) => {
      const params = requestSchemas['workflow.count'].parse(
        { namespace: req.namespace ?? '', ...definedFields({ query: req.query || undefined }) },
        '',
      );
      return { count: long(workflows.count(params).count), groups: [] };
    }),
  };
}
