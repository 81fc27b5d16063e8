// A Temporal client's side of the API for workflows: start, signal, signal-with-start, cancel,
// terminate, and reading a history (in pages, or waiting for the close event as `result()` does, or
// newest first).
// Each request is checked by the schema of the same request in Rewind's protocol, then served by the
// same service method (a start asking for eager execution by eager-start.ts, which leases its first task).
import type { RequestParams, WorkflowIdConflictPolicy, WorkflowIdReusePolicy } from '@rewind/sdk/protocol';
import { requestSchemas } from '@rewind/sdk/protocol';
import { definedFields } from '@rewind/sdk/internal/common/defined-fields';
import type { RewindService } from '../../service/rewind-service';
import { headerIn, userMetadataIn } from '../headers';
import { historyEventsOut } from '../history-out';
import { payloadMapIn, payloadsIn } from '../payloads';
import { durationMs, temporal } from '../proto';
import { retryPolicyIn } from '../retry-policy-in';
import { searchAttributesIn, searchAttributeTypesIn } from '../search-attributes';
import { executionIn } from '../execution-in';
import { method, type GrpcCall, type GrpcMethod } from './method';
import { answerBy, TEMPORAL_IDENTITY } from './task-methods';
import { startEagerly } from '../../service/workflows/eager-start';
import { workflowTaskOut } from '../workflow-task-out';

const ws = temporal.api.workflowservice.v1;
const enums = temporal.api.enums.v1;

const REUSE: Partial<Record<temporal.api.enums.v1.WorkflowIdReusePolicy, WorkflowIdReusePolicy>> = {
  [enums.WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE]: 'ALLOW_DUPLICATE',
  [enums.WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE_FAILED_ONLY]: 'ALLOW_DUPLICATE_FAILED_ONLY',
  [enums.WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE]: 'REJECT_DUPLICATE',
  [enums.WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_TERMINATE_IF_RUNNING]: 'TERMINATE_IF_RUNNING',
};

export const CONFLICT: Partial<Record<temporal.api.enums.v1.WorkflowIdConflictPolicy, WorkflowIdConflictPolicy>> = {
  [enums.WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL]: 'FAIL',
  [enums.WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING]: 'USE_EXISTING',
  [enums.WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_TERMINATE_EXISTING]: 'TERMINATE_EXISTING',
};

type StartRequest = temporal.api.workflowservice.v1.IStartWorkflowExecutionRequest;

/** The parts of a start both StartWorkflowExecution and SignalWithStartWorkflowExecution carry, as Rewind's. */
export function startFields(req: StartRequest): Omit<RequestParams<'workflow.start'>, 'workflowIdConflictPolicy'> {
  return {
    namespace: req.namespace ?? '',
    workflowId: req.workflowId ?? '',
    workflowType: req.workflowType?.name ?? '',
    taskQueue: req.taskQueue?.name ?? '',
    args: payloadsIn(req.input),
    requestId: req.requestId || `${req.workflowId ?? ''}-${Date.now()}`,
    ...definedFields({
      identity: req.identity || undefined,
      workflowExecutionTimeoutMs: durationMs(req.workflowExecutionTimeout),
      workflowRunTimeoutMs: durationMs(req.workflowRunTimeout),
      workflowTaskTimeoutMs: durationMs(req.workflowTaskTimeout),
      workflowIdReusePolicy: req.workflowIdReusePolicy ? REUSE[req.workflowIdReusePolicy] : undefined,
      cronSchedule: req.cronSchedule || undefined,
      startDelayMs: durationMs(req.workflowStartDelay),
      retryPolicy: req.retryPolicy ? retryPolicyIn(req.retryPolicy) : undefined,
      memo: payloadMapIn(req.memo?.fields),
      searchAttributes: searchAttributesIn(req.searchAttributes),
      searchAttributeTypes: searchAttributeTypesIn(req.searchAttributes),
      header: headerIn(req.header),
      userMetadata: userMetadataIn(req.userMetadata),
    }),
  };
}

const pageTokenOut = (nextEventId: number): Buffer => Buffer.from(String(nextEventId));
const pageTokenIn = (token: Uint8Array | null | undefined): number => {
  const n = Number(Buffer.from(token ?? new Uint8Array()).toString());
  return Number.isSafeInteger(n) && n >= 1 ? n : 1;
};

export function workflowMethods(service: RewindService): Record<string, GrpcMethod> {
  const { workflows } = service;

  /** Waits for the run to close, until the poll must answer; true if it closed. */
  const closedBy = async (target: { namespace: string; workflowId: string; runId?: string }, ctx: GrpcCall): Promise<boolean> => {
    let stop: (() => void) | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const gaveUp = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), Math.max(0, answerBy(ctx) - Date.now()));
      ctx.signal.addEventListener('abort', () => resolve(false));
    });
    try {
      return await Promise.race([workflows.result({ ...target, followRuns: false }, (s) => (stop = s)).then(() => true), gaveUp]);
    } finally {
      clearTimeout(timer);
      stop?.();
    }
  };

  /** What Temporal's events repeat from elsewhere in the run: its namespace and id, and its earlier events. */
  const context = (runId: string) => {
    const run = service.ctx.runs.get(runId);
    return {
      ...definedFields({
        namespace: run?.namespace,
        workflowId: run?.workflowId,
        searchAttributeType: run ? service.searchAttributes.typesOf(run.namespace) : undefined,
      }),
      event: (eventId: number) => service.ctx.runs.readEvents(runId, eventId, eventId)[0],
    };
  };

  return {
    StartWorkflowExecution: method(ws.StartWorkflowExecutionRequest, ws.StartWorkflowExecutionResponse, async (req) => {
      const params = requestSchemas['workflow.start'].parse(
        {
          ...startFields(req),
          ...definedFields({
            workflowIdConflictPolicy: req.workflowIdConflictPolicy ? CONFLICT[req.workflowIdConflictPolicy] : undefined,
          }),
        },
        '',
      );
      // Eager start: the first workflow task comes back in the answer, to the asking process's worker.
      if (req.requestEagerExecution) {
        const { runId, started, eagerTask } = await startEagerly(service, params, req.identity || TEMPORAL_IDENTITY);
        return { runId, started, ...(eagerTask ? { eagerWorkflowTask: workflowTaskOut(service, eagerTask) } : {}) };
      }
      const { runId, started } = await workflows.start(params);
      return { runId, started };
    }),

    SignalWithStartWorkflowExecution: method(
      ws.SignalWithStartWorkflowExecutionRequest,
      ws.SignalWithStartWorkflowExecutionResponse,
      async (req) => {
        const params = requestSchemas['workflow.signalWithStart'].parse(
          { ...startFields(req), signalName: req.signalName ?? '', signalArgs: payloadsIn(req.signalInput) },
          '',
        );
        const { runId, started } = await workflows.signalWithStart(params);
        return { runId, started };
      },
    ),

    SignalWorkflowExecution: method(ws.SignalWorkflowExecutionRequest, ws.SignalWorkflowExecutionResponse, async (req) => {
      const params = requestSchemas['workflow.signal'].parse(
        {
          ...executionIn(req.namespace, req.workflowExecution),
          signalName: req.signalName ?? '',
          args: payloadsIn(req.input),
          ...definedFields({
            requestId: req.requestId || undefined,
            identity: req.identity || undefined,
            header: headerIn(req.header),
          }),
        },
        '',
      );
      await workflows.signal(params);
      return {};
    }),

    RequestCancelWorkflowExecution: method(
      ws.RequestCancelWorkflowExecutionRequest,
      ws.RequestCancelWorkflowExecutionResponse,
      async (req) => {
        const params = requestSchemas['workflow.cancel'].parse(
          {
            ...executionIn(req.namespace, req.workflowExecution),
            ...definedFields({
              reason: req.reason || undefined,
              identity: req.identity || undefined,
            }),
          },
          '',
        );
        await workflows.cancel(params);
        return {};
      },
    ),

    TerminateWorkflowExecution: method(ws.TerminateWorkflowExecutionRequest, ws.TerminateWorkflowExecutionResponse, async (req) => {
      const details = payloadsIn(req.details);
      const params = requestSchemas['workflow.terminate'].parse(
        {
          ...executionIn(req.namespace, req.workflowExecution),
          ...definedFields({
            reason: req.reason || undefined,
            identity: req.identity || undefined,
            details: details.length > 0 ? details : undefined,
          }),
        },
        '',
      );
      await workflows.terminate(params);
      return {};
    }),

    GetWorkflowExecutionHistory: method(ws.GetWorkflowExecutionHistoryRequest, ws.GetWorkflowExecutionHistoryResponse, async (req, ctx) => {
      const target = executionIn(req.namespace, req.execution);
      const closeOnly = req.historyEventFilterType === enums.HistoryEventFilterType.HISTORY_EVENT_FILTER_TYPE_CLOSE_EVENT;
      const run = workflows.find(target);
      if (closeOnly) {
        // `result()` waits for the close event; a poll that must answer first says "ask again" with a token.
        const closed = run.status !== 'RUNNING' || (req.waitNewEvent && (await closedBy({ ...target, runId: run.runId }, ctx)));
        if (!closed) return { history: { events: [] }, nextPageToken: pageTokenOut(1) };
        const closedRun = workflows.find({ ...target, runId: run.runId });
        const last = workflows.history({ ...target, runId: run.runId, fromEventId: closedRun.nextEventId - 1 });
        return { history: { events: historyEventsOut(last.events, context(run.runId)) } };
      }
      const from = pageTokenIn(req.nextPageToken);
      const pageSize = req.maximumPageSize && req.maximumPageSize > 0 ? req.maximumPageSize : 1000;
      let page = workflows.history({ ...target, runId: run.runId, fromEventId: from, maxEvents: pageSize });
      if (page.events.length === 0 && req.waitNewEvent && !page.closed && (await closedBy({ ...target, runId: run.runId }, ctx))) {
        page = workflows.history({ ...target, runId: run.runId, fromEventId: from, maxEvents: pageSize });
      }
      const more = page.events.length === pageSize || (req.waitNewEvent && !page.closed);
      return {
        history: { events: historyEventsOut(page.events, context(run.runId)) },
        ...(more ? { nextPageToken: pageTokenOut(page.nextEventId) } : {}),
      };
    }),

    // Newest first, in pages: each page's token is the id of the event the next page starts from.
    GetWorkflowExecutionHistoryReverse: method(
      ws.GetWorkflowExecutionHistoryReverseRequest,
      ws.GetWorkflowExecutionHistoryReverseResponse,
      (req) => {
        const target = executionIn(req.namespace, req.execution);
        const run = workflows.find(target);
        const pageSize = req.maximumPageSize && req.maximumPageSize > 0 ? req.maximumPageSize : 1000;
        const last = req.nextPageToken?.length ? Math.min(pageTokenIn(req.nextPageToken), run.nextEventId - 1) : run.nextEventId - 1;
        const first = Math.max(1, last - pageSize + 1);
        const page = last >= 1 ? workflows.history({ ...target, runId: run.runId, fromEventId: first, toEventId: last }).events : [];
        return {
          history: { events: historyEventsOut(page, context(run.runId)).reverse() },
          ...(first > 1 ? { nextPageToken: pageTokenOut(first - 1) } : {}),
        };
      },
    ),
  };
}
