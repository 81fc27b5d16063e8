// The commands of a Temporal worker's completed workflow task as Rewind's commands. Temporal names
// what a command refers to by ids (an activity by its scheduled event, a timer by its id); Rewind's
// engine numbers activities and timers per run (`seq`, as Temporal's core does inside the worker), so
// the run's state says which seq an id is. A command Rewind cannot take is refused with what is wrong.
import type { BadCommandCause, Command, ParentClosePolicy } from '@rewind/sdk/protocol';
import { commandSchema, SchemaError } from '@rewind/sdk/protocol';
import { definedFields } from '@rewind/sdk/internal/common/defined-fields';
import type { RunState } from '../engine/run-state';
import { BadCommandError } from './bad-command';
import { failureIn } from './failures';
import { headerIn, userMetadataIn } from './headers';
import { markerIn } from './markers-in';
import { payloadMapIn, payloadsIn, resultIn } from './payloads';
import { durationMs, num, temporal } from './proto';
import { retryPolicyIn } from './retry-policy-in';
import { searchAttributesIn, searchAttributeTypesIn } from './search-attributes';
import { UpdateMessages } from './update-messages-in';

type ProtoCommand = temporal.api.command.v1.ICommand;
type ProtoMessage = temporal.api.protocol.v1.IMessage;
const CommandType = temporal.api.enums.v1.CommandType;

/** Numbers for the commands of one task: activities go on from the run's last seq; children and signals only need their own. */
class Seqs {
  private nextActivity: number;
  private nextOther: number;

  constructor(private readonly state: RunState) {
    this.nextActivity = Math.max(0, ...Object.keys(state.activitySeqs).map(Number)) + 1;
    this.nextOther = state.nextEventId;
  }

  activity(): number {
    return this.nextActivity++;
  }

  other(): number {
    return this.nextOther++;
  }

  /** The seq of the activity scheduled at this event. */
  activityAt(scheduledEventId: number): number {
    for (const [seq, eventId] of Object.entries(this.state.activitySeqs)) if (eventId === scheduledEventId) return Number(seq);
    throw new BadCommandError(
      `RequestCancelActivityTask names scheduled event ${scheduledEventId}, which scheduled no activity of this run.`,
    );
  }
}

/** A timer id as Rewind's timer seq: Temporal's core numbers timers 1, 2, … and uses the number as the id. */
function timerSeq(timerId: string | null | undefined): number {
  const seq = Number(timerId);
  if (!Number.isSafeInteger(seq) || seq < 1 || String(seq) !== timerId) {
    throw new BadCommandError(`Timer id '${timerId ?? ''}' is not a positive integer: Rewind numbers timers as Temporal's SDKs do.`);
  }
  return seq;
}

const PARENT_CLOSE: Partial<Record<temporal.api.enums.v1.ParentClosePolicy, ParentClosePolicy>> = {
  [temporal.api.enums.v1.ParentClosePolicy.PARENT_CLOSE_POLICY_TERMINATE]: 'TERMINATE',
  [temporal.api.enums.v1.ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON]: 'ABANDON',
  [temporal.api.enums.v1.ParentClosePolicy.PARENT_CLOSE_POLICY_REQUEST_CANCEL]: 'REQUEST_CANCEL',
};

const REUSE: Partial<
  Record<
    temporal.api.enums.v1.WorkflowIdReusePolicy,
    'ALLOW_DUPLICATE' | 'ALLOW_DUPLICATE_FAILED_ONLY' | 'REJECT_DUPLICATE' | 'TERMINATE_IF_RUNNING'
  >
> = {
  [temporal.api.enums.v1.WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE]: 'ALLOW_DUPLICATE',
  [temporal.api.enums.v1.WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE_FAILED_ONLY]: 'ALLOW_DUPLICATE_FAILED_ONLY',
  [temporal.api.enums.v1.WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE]: 'REJECT_DUPLICATE',
  [temporal.api.enums.v1.WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_TERMINATE_IF_RUNNING]: 'TERMINATE_IF_RUNNING',
};

const name = (n: { name?: string | null } | null | undefined): string => n?.name ?? '';

/** Temporal's cause for a malformed command of each type it has (the others are BAD_COMMAND). */
const BAD_CAUSE: Partial<Record<temporal.api.enums.v1.CommandType, BadCommandCause>> = {
  [CommandType.COMMAND_TYPE_SCHEDULE_ACTIVITY_TASK]: 'BAD_SCHEDULE_ACTIVITY_ATTRIBUTES',
  [CommandType.COMMAND_TYPE_REQUEST_CANCEL_ACTIVITY_TASK]: 'BAD_REQUEST_CANCEL_ACTIVITY_ATTRIBUTES',
  [CommandType.COMMAND_TYPE_START_TIMER]: 'BAD_START_TIMER_ATTRIBUTES',
  [CommandType.COMMAND_TYPE_CANCEL_TIMER]: 'BAD_CANCEL_TIMER_ATTRIBUTES',
  [CommandType.COMMAND_TYPE_RECORD_MARKER]: 'BAD_RECORD_MARKER_ATTRIBUTES',
  [CommandType.COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION]: 'BAD_COMPLETE_WORKFLOW_EXECUTION_ATTRIBUTES',
  [CommandType.COMMAND_TYPE_FAIL_WORKFLOW_EXECUTION]: 'BAD_FAIL_WORKFLOW_EXECUTION_ATTRIBUTES',
  [CommandType.COMMAND_TYPE_CANCEL_WORKFLOW_EXECUTION]: 'BAD_CANCEL_WORKFLOW_EXECUTION_ATTRIBUTES',
  [CommandType.COMMAND_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION]: 'BAD_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_ATTRIBUTES',
  [CommandType.COMMAND_TYPE_CONTINUE_AS_NEW_WORKFLOW_EXECUTION]: 'BAD_CONTINUE_AS_NEW_ATTRIBUTES',
  [CommandType.COMMAND_TYPE_START_CHILD_WORKFLOW_EXECUTION]: 'BAD_START_CHILD_EXECUTION_ATTRIBUTES',
  [CommandType.COMMAND_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION]: 'BAD_SIGNAL_WORKFLOW_EXECUTION_ATTRIBUTES',
  [CommandType.COMMAND_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES]: 'BAD_SEARCH_ATTRIBUTES',
  [CommandType.COMMAND_TYPE_MODIFY_WORKFLOW_PROPERTIES]: 'BAD_MODIFY_WORKFLOW_PROPERTIES_ATTRIBUTES',
};

/**
 * The task's commands as Rewind's, in order, each with its user metadata (a timer's, an activity's, a
 * child's, a marker's summary), each checked by Rewind's command schema. A protocol-message command is
 * the update command of the message it names (update-messages-in.ts), in its place; the rejections no
 * command names come first (they write no event, so their place changes no history). The first command
 * that cannot be taken is a BadCommandError with Temporal's cause for its type and what is wrong.
 */
export function commandsIn(commands: readonly ProtoCommand[], state: RunState, messages: readonly ProtoMessage[] = []): Command[] {
  const seqs = new Seqs(state);
  const updates = new UpdateMessages(messages, state);
  const inOrder = commands.map((c, i) => {
    const typeName = temporal.api.enums.v1.CommandType[c.commandType ?? 0] ?? String(c.commandType);
    try {
      const command = { ...commandIn(c, seqs, state, updates), ...definedFields({ userMetadata: userMetadataIn(c.userMetadata) }) };
      return commandSchema.parse(command, `commands[${i}]`);
    } catch (err) {
      if (!(err instanceof BadCommandError || err instanceof SchemaError)) throw err;
      // A command type Rewind does not take yet has no entry: BAD_COMMAND.
      throw new BadCommandError(
        `Command ${i + 1} of the task (${typeName}): ${err.message}`,
        BAD_CAUSE[c.commandType ?? 0] ?? 'BAD_COMMAND',
      );
    }
  });
  const rejections = updates.unnamed().map((c) => {
    try {
      return commandSchema.parse(c, 'rejection');
    } catch (err) {
      if (err instanceof SchemaError) throw new BadCommandError(`The rejection of update ${c.updateId}: ${err.message}`);
      throw err;
    }
  });
  return [...rejections, ...inOrder];
}

function commandIn(c: ProtoCommand, seqs: Seqs, state: RunState, updates: UpdateMessages): Command {
  switch (c.commandType) {
    case CommandType.COMMAND_TYPE_PROTOCOL_MESSAGE:
      return updates.command(c.protocolMessageCommandAttributes?.messageId);
    case CommandType.COMMAND_TYPE_SCHEDULE_ACTIVITY_TASK: {
      const a = c.scheduleActivityTaskCommandAttributes ?? {};
      return {
        type: 'ScheduleActivityTask',
        seq: seqs.activity(),
        activityId: a.activityId ?? '',
        activityType: name(a.activityType),
        // Temporal's rule: an activity without a task queue runs on its workflow's.
        taskQueue: name(a.taskQueue) || state.taskQueue,
        args: payloadsIn(a.input),
        ...definedFields({
          scheduleToCloseTimeoutMs: durationMs(a.scheduleToCloseTimeout),
          scheduleToStartTimeoutMs: durationMs(a.scheduleToStartTimeout),
          startToCloseTimeoutMs: durationMs(a.startToCloseTimeout),
          heartbeatTimeoutMs: durationMs(a.heartbeatTimeout),
          retryPolicy: a.retryPolicy ? retryPolicyIn(a.retryPolicy) : undefined,
          header: headerIn(a.header),
        }),
      };
    }
    case CommandType.COMMAND_TYPE_REQUEST_CANCEL_ACTIVITY_TASK:
      return {
        type: 'RequestCancelActivityTask',
        seq: seqs.activityAt(num(c.requestCancelActivityTaskCommandAttributes?.scheduledEventId)),
      };
    case CommandType.COMMAND_TYPE_START_TIMER: {
      const t = c.startTimerCommandAttributes ?? {};
      return { type: 'StartTimer', seq: timerSeq(t.timerId), startToFireTimeoutMs: durationMs(t.startToFireTimeout) ?? 0 };
    }
    case CommandType.COMMAND_TYPE_CANCEL_TIMER:
      return { type: 'CancelTimer', seq: timerSeq(c.cancelTimerCommandAttributes?.timerId) };
    case CommandType.COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION:
      return {
        type: 'CompleteWorkflowExecution',
        ...definedFields({ result: resultIn(c.completeWorkflowExecutionCommandAttributes?.result) }),
      };
    case CommandType.COMMAND_TYPE_FAIL_WORKFLOW_EXECUTION: {
      const f = c.failWorkflowExecutionCommandAttributes?.failure;
      if (!f) throw new BadCommandError('FailWorkflowExecution has no failure.');
      return { type: 'FailWorkflowExecution', failure: failureIn(f) };
    }
    case CommandType.COMMAND_TYPE_CANCEL_WORKFLOW_EXECUTION: {
      const details = payloadsIn(c.cancelWorkflowExecutionCommandAttributes?.details);
      return { type: 'CancelWorkflowExecution', ...(details.length > 0 ? { details } : {}) };
    }
    case CommandType.COMMAND_TYPE_RECORD_MARKER:
      return markerIn(c.recordMarkerCommandAttributes ?? {});
    case CommandType.COMMAND_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES: {
      const attributes = c.upsertWorkflowSearchAttributesCommandAttributes?.searchAttributes;
      return {
        type: 'UpsertWorkflowSearchAttributes',
        searchAttributes: searchAttributesIn(attributes) ?? {},
        ...definedFields({ searchAttributeTypes: searchAttributeTypesIn(attributes) }),
      };
    }
    case CommandType.COMMAND_TYPE_MODIFY_WORKFLOW_PROPERTIES: {
      // An empty map is not set, in proto3 as in Temporal's check of it.
      const upsertedMemo = payloadMapIn(c.modifyWorkflowPropertiesCommandAttributes?.upsertedMemo?.fields);
      if (!upsertedMemo) throw new BadCommandError('upsertedMemo.fields is not set: name at least one memo key.');
      return { type: 'ModifyWorkflowProperties', upsertedMemo };
    }
    case CommandType.COMMAND_TYPE_CONTINUE_AS_NEW_WORKFLOW_EXECUTION: {
      const n = c.continueAsNewWorkflowExecutionCommandAttributes ?? {};
      return {
        type: 'ContinueAsNewWorkflowExecution',
        workflowType: name(n.workflowType) || state.workflowType,
        taskQueue: name(n.taskQueue) || state.taskQueue,
        args: payloadsIn(n.input),
        ...definedFields({
          workflowRunTimeoutMs: durationMs(n.workflowRunTimeout),
          workflowTaskTimeoutMs: durationMs(n.workflowTaskTimeout),
          memo: payloadMapIn(n.memo?.fields),
          searchAttributes: searchAttributesIn(n.searchAttributes),
          searchAttributeTypes: searchAttributeTypesIn(n.searchAttributes),
          header: headerIn(n.header),
        }),
      };
    }
    case CommandType.COMMAND_TYPE_START_CHILD_WORKFLOW_EXECUTION: {
      const s = c.startChildWorkflowExecutionCommandAttributes ?? {};
      const reuse = s.workflowIdReusePolicy ? REUSE[s.workflowIdReusePolicy] : undefined;
      return {
        type: 'StartChildWorkflowExecution',
        seq: seqs.other(),
        workflowId: s.workflowId ?? '',
        workflowType: name(s.workflowType),
        taskQueue: name(s.taskQueue) || state.taskQueue,
        args: payloadsIn(s.input),
        parentClosePolicy: (s.parentClosePolicy ? PARENT_CLOSE[s.parentClosePolicy] : undefined) ?? 'TERMINATE',
        ...definedFields({
          workflowExecutionTimeoutMs: durationMs(s.workflowExecutionTimeout),
          workflowRunTimeoutMs: durationMs(s.workflowRunTimeout),
          workflowTaskTimeoutMs: durationMs(s.workflowTaskTimeout),
          cronSchedule: s.cronSchedule || undefined,
          workflowIdReusePolicy: reuse,
          memo: payloadMapIn(s.memo?.fields),
          searchAttributes: searchAttributesIn(s.searchAttributes),
          searchAttributeTypes: searchAttributeTypesIn(s.searchAttributes),
          header: headerIn(s.header),
        }),
      };
    }
    case CommandType.COMMAND_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION: {
      const s = c.signalExternalWorkflowExecutionCommandAttributes ?? {};
      return {
        type: 'SignalExternalWorkflowExecution',
        seq: seqs.other(),
        workflowId: s.execution?.workflowId ?? '',
        ...definedFields({ runId: s.execution?.runId || undefined }),
        signalName: s.signalName ?? '',
        args: payloadsIn(s.input),
        childWorkflowOnly: !!s.childWorkflowOnly,
        ...definedFields({ header: headerIn(s.header) }),
      };
    }
    case CommandType.COMMAND_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION: {
      const r = c.requestCancelExternalWorkflowExecutionCommandAttributes ?? {};
      return {
        type: 'RequestCancelExternalWorkflowExecution',
        seq: seqs.other(),
        workflowId: r.workflowId ?? '',
        ...definedFields({ runId: r.runId || undefined }),
        childWorkflowOnly: !!r.childWorkflowOnly,
      };
    }
    default:
      throw new BadCommandError(
        `Command ${temporal.api.enums.v1.CommandType[c.commandType ?? 0] ?? c.commandType} is not supported by the Rewind server yet.`,
      );
  }
}
