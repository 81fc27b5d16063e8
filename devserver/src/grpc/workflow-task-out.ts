// A workflow task as Temporal's worker receives it (a PollWorkflowTaskQueueResponse): the answer of a poll,
// and the eager task of a start that asked for one (Temporal's server builds both alike). Translation only.
import type { WorkflowTask } from '@rewind/sdk/protocol';
import { definedFields } from '@rewind/sdk/internal/common/defined-fields';
import type { RewindService } from '../service/rewind-service';
import { historyEventsOut } from './history-out';
import { long, temporal, timestamp } from './proto';
import { updateMessagesOut } from './update-messages-out';

export type PollWorkflowResponse = temporal.api.workflowservice.v1.PollWorkflowTaskQueueResponse.$Properties;

const NORMAL = temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL;

/** A task token as the worker gets it (Rewind's token string as UTF-8). */
export const tokenOut = (token: string): Buffer => Buffer.from(token, 'utf8');

/** The workflow task, its events and the updates it carries, as Temporal's matching hands one to a worker. */
export function workflowTaskOut(service: RewindService, t: WorkflowTask): PollWorkflowResponse {
  return {
    taskToken: tokenOut(t.taskToken),
    workflowExecution: { workflowId: t.workflowId, runId: t.runId },
    workflowType: { name: t.workflowType },
    previousStartedEventId: long(t.previousStartedEventId),
    startedEventId: long(t.startedEventId),
    attempt: t.attempt,
    history: {
      events: historyEventsOut(t.events, {
        namespace: t.namespace,
        workflowId: t.workflowId,
        searchAttributeType: service.searchAttributes.typesOf(t.namespace),
      }),
    },
    workflowExecutionTaskQueue: { name: service.ctx.runs.get(t.runId)?.taskQueue ?? '', kind: NORMAL },
    messages: updateMessagesOut(t),
    ...definedFields({
      scheduledTime: eventTime(t, 'WorkflowTaskScheduled'),
      startedTime: eventTime(t, 'WorkflowTaskStarted'),
    }),
  };
}

function eventTime(t: WorkflowTask, type: 'WorkflowTaskScheduled' | 'WorkflowTaskStarted') {
  for (let i = t.events.length - 1; i >= 0; i--) if (t.events[i]!.type === type) return timestamp(t.events[i]!.eventTime);
  return undefined;
}
