// A Temporal worker's answers to the updates its workflow task carried (the protocol messages of its completion: Acceptance, Rejection, Response) as Rewind's update commands, each checked against the run's updates; must not apply them (commands-in.ts orders them, the engine applies them).
import type { CommandOf, Failure, Payload } from '@rewind/sdk/protocol';
import { definedFields } from '@rewind/sdk/internal/common/defined-fields';
import type { RunState, UpdateState } from '../engine/run-state';
import { updateOf } from '../engine/updates';
import { BadCommandError } from './bad-command';
import { failureIn } from './failures';
import { resultIn } from './payloads';
import { temporal } from './proto';
import { updateTypeUrl } from './update-messages-out';

type ProtoMessage = temporal.api.protocol.v1.IMessage;
const u1 = temporal.api.update.v1;

/** One answer of the worker, as its message said it. */
type UpdateAnswer =
  | { type: 'Acceptance'; messageId: string; updateId: string }
  | { type: 'Rejection'; messageId: string; updateId: string; failure: Failure }
  | { type: 'Response'; messageId: string; updateId: string; result?: Payload; failure?: Failure };

type UpdateCommand = CommandOf<'AcceptWorkflowUpdate'> | CommandOf<'RejectWorkflowUpdate'> | CommandOf<'CompleteWorkflowUpdate'>;

/** What each answer needs the update's status to be, and the status it leaves. */
const TRANSITIONS: Record<UpdateAnswer['type'], { from: UpdateState['status']; to: UpdateState['status']; otherwise: string }> = {
  Acceptance: { from: 'requested', to: 'accepted', otherwise: 'only a requested update can be accepted' },
  Rejection: { from: 'requested', to: 'completed', otherwise: 'only a requested update can be rejected' },
  Response: { from: 'accepted', to: 'completed', otherwise: 'an update is accepted before its response' },
};

/**
 * The messages of one completion, by id. A COMMAND_TYPE_PROTOCOL_MESSAGE command takes the message it
 * names (`command`): its event goes where the command is, as on Temporal's server. Rejections, which
 * Temporal's SDKs send with no command (they write no event), are the rest (`unnamed`). Every problem — a
 * body that is not an update message, an id named twice or never sent, an update the run does not have or
 * not at the stage the answer needs — is a BadCommandError that says so.
 */
export class UpdateMessages {
  private readonly byId = new Map<string, UpdateAnswer>();
  private readonly named = new Set<string>();
  /** The status of each update as the answers so far leave it. */
  private readonly statuses = new Map<string, UpdateState['status']>();

  constructor(
    messages: readonly ProtoMessage[],
    private readonly state: RunState,
  ) {
    messages.forEach((m, i) => {
      const answer = answerIn(m, i);
      if (this.byId.has(answer.messageId)) throw new BadCommandError(`Two messages of the task have the id '${answer.messageId}'.`);
      this.byId.set(answer.messageId, answer);
    });
  }

  /** The command for the message a protocol-message command names. */
  command(messageId: string | null | undefined): UpdateCommand {
    if (!messageId) throw new BadCommandError('protocolMessageCommandAttributes.messageId is not set: name the message of this command.');
    const answer = this.byId.get(messageId);
    if (!answer) {
      throw new BadCommandError(
        `The command names message '${messageId}', which the task's completion does not carry (its messages: ${this.ids() || 'none'}).`,
      );
    }
    if (this.named.has(messageId)) throw new BadCommandError(`Message '${messageId}' is named by two commands.`);
    this.named.add(messageId);
    return this.commandOf(answer);
  }

  /** The commands for the messages no command named: rejections; an unnamed acceptance or response is refused (its event would have no place). */
  unnamed(): UpdateCommand[] {
    const commands: UpdateCommand[] = [];
    for (const answer of this.byId.values()) {
      if (this.named.has(answer.messageId)) continue;
      if (answer.type !== 'Rejection') {
        throw new BadCommandError(
          `Message '${answer.messageId}' (the ${answer.type} of update ${answer.updateId}) is named by no COMMAND_TYPE_PROTOCOL_MESSAGE command: ` +
            "an acceptance or a response needs one, which places its event among the task's.",
        );
      }
      commands.push(this.commandOf(answer));
    }
    return commands;
  }

  private commandOf(answer: UpdateAnswer): UpdateCommand {
    const update = updateOf(this.state, answer.updateId);
    if (!update) {
      throw new BadCommandError(
        `Message '${answer.messageId}' answers update '${answer.updateId}', which this run was not sent (or has forgotten): it has no request with that id.`,
      );
    }
    const status = this.statuses.get(answer.updateId) ?? update.status;
    const transition = TRANSITIONS[answer.type];
    if (status !== transition.from) {
      throw new BadCommandError(
        `Message '${answer.messageId}' is a ${answer.type} of update '${answer.updateId}', which is ${status === 'completed' ? 'finished' : status}: ${transition.otherwise}.`,
      );
    }
    this.statuses.set(answer.updateId, transition.to);
    switch (answer.type) {
      case 'Acceptance':
        return { type: 'AcceptWorkflowUpdate', updateId: answer.updateId };
      case 'Rejection':
        return { type: 'RejectWorkflowUpdate', updateId: answer.updateId, failure: answer.failure };
      case 'Response':
        return {
          type: 'CompleteWorkflowUpdate',
          updateId: answer.updateId,
          ...definedFields({ result: answer.result, failure: answer.failure }),
        };
    }
  }

  private ids(): string {
    return [...this.byId.keys()].map((id) => `'${id}'`).join(', ');
  }
}

/** A message as the answer it holds, or what is wrong with it. */
function answerIn(m: ProtoMessage, index: number): UpdateAnswer {
  const messageId = m.id ?? '';
  if (!messageId) throw new BadCommandError(`messages[${index}].id is not set: every protocol message needs an id.`);
  const typeUrl = m.body?.type_url ?? '';
  const value = m.body?.value ?? new Uint8Array();
  const updateId = (bodyId: string | null | undefined): string => {
    const id = m.protocolInstanceId || bodyId || '';
    if (!id) throw new BadCommandError(`Message '${messageId}' has no protocolInstanceId: set it to the update's id.`);
    if (bodyId && bodyId !== id) {
      throw new BadCommandError(`Message '${messageId}' is for update '${id}' but its body names update '${bodyId}'.`);
    }
    return id;
  };
  switch (typeUrl) {
    case updateTypeUrl('Acceptance'): {
      const a = decode(u1.Acceptance, value, messageId, 'Acceptance');
      return { type: 'Acceptance', messageId, updateId: updateId(a.acceptedRequest?.meta?.updateId) };
    }
    case updateTypeUrl('Rejection'): {
      const r = decode(u1.Rejection, value, messageId, 'Rejection');
      if (!r.failure) throw new BadCommandError(`Message '${messageId}' (a Rejection) has no failure: say why the update was rejected.`);
      return { type: 'Rejection', messageId, updateId: updateId(r.rejectedRequest?.meta?.updateId), failure: failureIn(r.failure) };
    }
    case updateTypeUrl('Response'): {
      const r = decode(u1.Response, value, messageId, 'Response');
      const id = updateId(r.meta?.updateId);
      if (r.outcome?.failure) return { type: 'Response', messageId, updateId: id, failure: failureIn(r.outcome.failure) };
      if (r.outcome?.success)
        return { type: 'Response', messageId, updateId: id, ...definedFields({ result: resultIn(r.outcome.success) }) };
      throw new BadCommandError(`Message '${messageId}' (a Response) has an outcome with neither success nor failure.`);
    }
    default:
      throw new BadCommandError(
        `Message '${messageId}' has a body of type '${typeUrl || 'none'}': Rewind takes ${['Acceptance', 'Rejection', 'Response'].map(updateTypeUrl).join(', ')}.`,
      );
  }
}

function decode<T>(cls: { decode(bytes: Uint8Array): T }, bytes: Uint8Array, messageId: string, name: string): T {
  try {
    return cls.decode(bytes);
  } catch (err) {
    throw new BadCommandError(`Message '${messageId}' is not a valid ${name} (${(err as Error).message}).`);
  }
}
