// The updates a workflow task carries, as the protocol messages Temporal's server puts in a poll answer: one Request per update, sequenced after the events before the task's start.
import type { UpdateRequest, WorkflowTask } from '@rewind/sdk/protocol';
import { definedFields } from '@rewind/sdk/internal/common/defined-fields';
import { headerOut } from './headers';
import { updateRequestMessageId } from './history-out-workflow';
import { payloadsOut } from './payloads';
import { long, temporal } from './proto';

type ProtoMessage = temporal.api.protocol.v1.IMessage;

/** The type URL of an Any holding a message of temporal.api.update.v1 (`name`: Request, Acceptance, Rejection, Response). */
export const updateTypeUrl = (name: string): string => `type.googleapis.com/temporal.api.update.v1.${name}`;

/** An update's request as Temporal's update.v1.Request (what the worker's validator and handler read). */
export function updateRequestOut(u: UpdateRequest): temporal.api.update.v1.IRequest {
  return {
    meta: definedFields({ updateId: u.updateId, identity: u.identity }),
    input: definedFields({ header: headerOut(u.header), name: u.name, args: payloadsOut(u.args) }),
  };
}

/**
 * The task's updates as protocol messages, with the ids and sequencing Temporal's server gives them: the
 * message id `<updateId>/request`, the instance id the update id, and the event id the one before the
 * task's WorkflowTaskStarted (the core runs the update after that event, as it does when it replays the
 * accepted event, whose acceptedRequestSequencingEventId history-out writes the same way).
 */
export function updateMessagesOut(t: WorkflowTask): ProtoMessage[] {
  return (t.updates ?? []).map((u) => ({
    id: updateRequestMessageId(u.updateId),
    protocolInstanceId: u.updateId,
    eventId: long(t.startedEventId - 1),
    body: { type_url: updateTypeUrl('Request'), value: temporal.api.update.v1.Request.encode(updateRequestOut(u)).finish() },
  }));
}
