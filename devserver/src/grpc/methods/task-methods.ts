// A Temporal worker's side of the API: long polls for workflow and activity tasks (matching's poller
// sessions), the answers to workflow tasks, and shutting down; activities answer in activity-methods.ts.
// Task tokens are Rewind's, as bytes: a stale or forged one changes nothing, as for Rewind's own workers.
// Sticky queues as Temporal's: a worker that completes a task with sticky_attributes gets the run's next
// tasks on its sticky queue (a session of matching) with the events since its last task, until the sticky
// schedule-to-start timeout sends one to the normal queue with the whole history.
// Updates go to the worker as the task's protocol messages (update-messages-out.ts), and its answers come
// back as messages named by protocol-message commands (update-messages-in.ts), as on Temporal's server.
import type { ActivityTask, QueryTask, WorkflowTask, WorkflowTaskFailedCause } from '@rewind/sdk/protocol';
import { definedFields } from '@rewind/sdk/internal/common/defined-fields';
import * as grpc from '@grpc/grpc-js';
import { TEMPORAL_WORKERS, temporalStickyWorkerId } from '../../service/matching/pollers';
import type { RewindService } from '../../service/rewind-service';
import { BadCommandError } from '../bad-command';
import { commandsIn } from '../commands-in';
import { failureIn } from '../failures';
import { NamespaceNotFoundError, RequestError } from '../grpc-errors';
import { headerOut } from '../headers';
import { historyEventsOut } from '../history-out';
import { payloadsOut } from '../payloads';
import { duration, durationMs, long, temporal, timestamp } from '../proto';
import { executionIn } from '../execution-in';
import { sdkMetadataIn } from '../sdk-metadata';
import { tokenOut, workflowTaskOut, type PollWorkflowResponse } from '../workflow-task-out';
import { method, type GrpcCall, type GrpcMethod } from './method';

const ws = temporal.api.workflowservice.v1;
type PollActivityResponse = temporal.api.workflowservice.v1.PollActivityTaskQueueResponse.$Properties;

/** A long poll answers (with nothing, if nothing came) well before the caller's deadline, and within a minute. */
const LONG_POLL_MS = 60_000;
const DEADLINE_MARGIN_MS = 5_000;

export function answerBy(ctx: GrpcCall): number {
  const latest = Date.now() + LONG_POLL_MS;
  return ctx.deadlineMs !== undefined ? Math.min(latest, ctx.deadlineMs - DEADLINE_MARGIN_MS) : latest;
}

/** A task token as the worker sent it back (Rewind's token string as UTF-8). */
export const tokenIn = (bytes: Uint8Array | null | undefined): string => Buffer.from(bytes ?? new Uint8Array()).toString('utf8');
/** The identity of a Temporal worker that sent none. */
export const TEMPORAL_IDENTITY = 'temporal-worker';
const NORMAL = temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL;
const STICKY = temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_STICKY;
/** A sticky schedule-to-start timeout the worker left unset (Temporal's SDKs default to 10 s). */
const DEFAULT_STICKY_SCHEDULE_TO_START_MS = 10_000;

/** The causes a worker may give (any other is the code's failure). */
type WorkerFailedCause = Extract<
  WorkflowTaskFailedCause,
  'NON_DETERMINISTIC_ERROR' | 'WORKFLOW_TYPE_NOT_REGISTERED' | 'WORKFLOW_WORKER_UNHANDLED_FAILURE'
>;
const FAILED_CAUSE: Partial<Record<temporal.api.enums.v1.WorkflowTaskFailedCause, WorkerFailedCause>> = {
  [temporal.api.enums.v1.WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_NON_DETERMINISTIC_ERROR]: 'NON_DETERMINISTIC_ERROR',
};

export function taskMethods(service: RewindService): Record<string, GrpcMethod> {
  const { pollers, workers } = service;
  const runs = service.ctx.runs;

  // A query reaches a Temporal worker as a workflow task that carries it, with the run's history to answer
  // from, as Temporal's matching sends one: no started event (0), the last completed task's, attempt 1.
  // On a sticky queue it carries no events, as Temporal's: the worker answers from the run it has cached.
  const queryTaskOut = (q: QueryTask, sticky: boolean): PollWorkflowResponse => {
    const events = sticky ? [] : runs.readEvents(q.runId, 1);
    const run = runs.get(q.runId);
    return {
      taskToken: tokenOut(`query:${q.queryId}`),
      workflowExecution: { workflowId: q.workflowId, runId: q.runId },
      workflowType: { name: q.workflowType },
      previousStartedEventId: long(run?.lastCompletedStartedEventId ?? 0),
      startedEventId: long(0),
      attempt: 1,
      workflowExecutionTaskQueue: { name: run?.taskQueue ?? '', kind: NORMAL },
      history: {
        events: historyEventsOut(events, {
          namespace: q.namespace,
          workflowId: q.workflowId,
          searchAttributeType: service.searchAttributes.typesOf(q.namespace),
        }),
      },
      query: { queryType: q.queryType, ...definedFields({ queryArgs: payloadsOut(q.args), header: headerOut(q.header) }) },
    };
  };

  const activityTaskOut = (a: ActivityTask): PollActivityResponse => {
    // Temporal gives the worker every timeout (its SDK requires them; 0 is none): start-to-close falls back on schedule-to-close.
    const scheduleToClose = a.scheduleToCloseTimeoutMs ?? 0;
    const startToClose = a.startToCloseTimeoutMs ?? scheduleToClose;
    return {
      taskToken: tokenOut(a.taskToken),
      workflowNamespace: a.namespace,
      workflowType: { name: a.workflowType },
      workflowExecution: { workflowId: a.workflowId, runId: a.runId },
      activityType: { name: a.activityType },
      activityId: a.activityId,
      attempt: a.attempt,
      scheduledTime: timestamp(a.scheduledTime),
      currentAttemptScheduledTime: timestamp(a.currentAttemptScheduledTime),
      startedTime: timestamp(a.startedTime),
      scheduleToCloseTimeout: duration(scheduleToClose),
      startToCloseTimeout: duration(startToClose),
      heartbeatTimeout: duration(a.heartbeatTimeoutMs ?? 0),
      ...definedFields({
        input: payloadsOut(a.args),
        heartbeatDetails: payloadsOut(a.heartbeatDetails),
        header: headerOut(a.header),
      }),
    };
  };

  return {
    PollWorkflowTaskQueue: method(ws.PollWorkflowTaskQueueRequest, ws.PollWorkflowTaskQueueResponse, async (req, ctx) => {
      const sticky = req.taskQueue?.kind === STICKY;
      const polled = await pollers.poll({
        namespace: requireNamespace(service, req.namespace),
        ...(sticky
          ? { taskQueue: requireNormalName(req.taskQueue), stickyQueue: requireTaskQueue(req.taskQueue) }
          : { taskQueue: requireTaskQueue(req.taskQueue) }),
        kind: 'workflow',
        identity: req.identity || TEMPORAL_IDENTITY,
        ...definedFields({ workerInstanceKey: req.workerInstanceKey || undefined }),
        signal: ctx.signal,
        answerBy: answerBy(ctx),
      });
      if (!polled) return {};
      if (polled.type === 'query') return queryTaskOut(polled.task, sticky);
      return workflowTaskOut(service, polled.task as WorkflowTask);
    }),

    RespondWorkflowTaskCompleted: method(ws.RespondWorkflowTaskCompletedRequest, ws.RespondWorkflowTaskCompletedResponse, async (req) => {
      const { refused, resetHistoryEventId } = await workers.completeWorkflowTask(TEMPORAL_WORKERS, {
        taskToken: tokenIn(req.taskToken),
        commands: (state) => {
          try {
            return commandsIn(req.commands ?? [], state, req.messages ?? []);
          } catch (err) {
            if (err instanceof BadCommandError) return { problem: err.message, cause: err.failedCause };
            throw err;
          }
        },
        sticky: stickyIn(req.namespace ?? '', req.stickyAttributes),
        ...definedFields({ sdkMetadata: sdkMetadataIn(req.sdkMetadata) }),
      });
      // As Temporal's server: the task failed is recorded, and the worker is told why.
      if (refused) throw new RequestError(grpc.status.INVALID_ARGUMENT, `the workflow task failed: ${refused} It is retried.`);
      // A speculative task that only rejected updates was dropped: core goes back to this WorkflowTaskStarted.
      return resetHistoryEventId === undefined ? {} : { resetHistoryEventId: long(resetHistoryEventId) };
    }),

    RespondWorkflowTaskFailed: method(ws.RespondWorkflowTaskFailedRequest, ws.RespondWorkflowTaskFailedResponse, async (req) => {
      await workers.failWorkflowTask(TEMPORAL_WORKERS, {
        taskToken: tokenIn(req.taskToken),
        cause: (req.cause ? FAILED_CAUSE[req.cause] : undefined) ?? 'WORKFLOW_WORKER_UNHANDLED_FAILURE',
        failure: req.failure
          ? failureIn(req.failure)
          : { message: 'The workflow task failed.', info: { type: 'application', errorType: 'Error', nonRetryable: false } },
      });
      return {};
    }),

    PollActivityTaskQueue: method(ws.PollActivityTaskQueueRequest, ws.PollActivityTaskQueueResponse, async (req, ctx) => {
      const polled = await pollers.poll({
        namespace: requireNamespace(service, req.namespace),
        taskQueue: requireTaskQueue(req.taskQueue),
        kind: 'activity',
        identity: req.identity || TEMPORAL_IDENTITY,
        ...definedFields({ workerInstanceKey: req.workerInstanceKey || undefined }),
        signal: ctx.signal,
        answerBy: answerBy(ctx),
      });
      return polled?.type === 'activity' ? activityTaskOut(polled.task) : {};
    }),

    ShutdownWorker: method(ws.ShutdownWorkerRequest, ws.ShutdownWorkerResponse, (req) => {
      pollers.shutdown({
        namespace: req.namespace ?? '',
        identity: req.identity ?? '',
        ...definedFields({ stickyQueue: req.stickyTaskQueue || undefined, workerInstanceKey: req.workerInstanceKey || undefined }),
      });
      return {};
    }),

    ResetStickyTaskQueue: method(ws.ResetStickyTaskQueueRequest, ws.ResetStickyTaskQueueResponse, async (req) => {
      const run = executionIn(requireNamespace(service, req.namespace), req.execution);
      if (!run.workflowId)
        throw new RequestError(grpc.status.INVALID_ARGUMENT, 'execution.workflowId: not set; name the workflow whose stickiness to reset.');
      await workers.resetStickiness(run);
      return {};
    }),
  };
}

/** The namespace, or NOT_FOUND saying how to make it. */
export function requireNamespace(service: RewindService, namespace: string | null | undefined): string {
  const ns = namespace ?? '';
  if (!service.ctx.store.getNamespace(ns)) throw new NamespaceNotFoundError(ns);
  return ns;
}

/** The queue a poll names, or INVALID_ARGUMENT (Temporal: "taskQueue is not set"). */
function requireTaskQueue(taskQueue: temporal.api.taskqueue.v1.ITaskQueue | null | undefined): string {
  const name = taskQueue?.name ?? '';
  if (!name)
    throw new RequestError(grpc.status.INVALID_ARGUMENT, 'taskQueue.name: not set on request; poll the task queue your worker serves.');
  return name;
}

/** The normal queue a sticky poll serves (Temporal's SDKs send it), or INVALID_ARGUMENT. */
function requireNormalName(taskQueue: temporal.api.taskqueue.v1.ITaskQueue | null | undefined): string {
  const name = taskQueue?.normalName ?? '';
  if (!name) {
    throw new RequestError(
      grpc.status.INVALID_ARGUMENT,
      'taskQueue.normalName: not set on a poll of a sticky queue; set it to the task queue the worker serves.',
    );
  }
  return name;
}

/** Where a completed run's next tasks go: the worker's sticky queue if it asked for one, else (null) any worker. */
function stickyIn(
  namespace: string,
  attributes: temporal.api.taskqueue.v1.IStickyExecutionAttributes | null | undefined,
): { workerId: string; queue: string; scheduleToStartMs: number } | null {
  const name = attributes?.workerTaskQueue?.name;
  if (!name) return null;
  return {
    workerId: temporalStickyWorkerId(namespace, name),
    queue: name,
    scheduleToStartMs: durationMs(attributes.scheduleToStartTimeout) || DEFAULT_STICKY_SCHEDULE_TO_START_MS,
  };
}
