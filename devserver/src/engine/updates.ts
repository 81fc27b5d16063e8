// Updates: a request the workflow handles synchronously with the caller. Requested updates travel with
// workflow tasks (not in history); an accepted one is recorded, and so is its outcome. A rejected one
// (its validator refused it) leaves no trace in history.
import type { CommandOf, Header, Payload } from '@rewind/sdk/protocol';
import { definedFields } from '@rewind/sdk/internal/common/defined-fields';
import type { RunState, UpdateState } from './run-state';
import type { RunTransition } from './transition';
import { updateArrived } from './workflow-task';

/**
 * The update of this id. Ids come from clients, so only own properties count: `constructor` or
 * `toString` must not find Object's, and `__proto__` is a key like any other.
 */
export function updateOf(state: RunState, updateId: string): UpdateState | undefined {
  return Object.prototype.hasOwnProperty.call(state.updates, updateId) ? state.updates[updateId] : undefined;
}

export function setUpdate(state: RunState, updateId: string, update: UpdateState): void {
  Object.defineProperty(state.updates, updateId, { value: update, enumerable: true, writable: true, configurable: true });
}

/** Finished updates remembered per run (to answer a retried request); the oldest are forgotten first. */
export const MAX_FINISHED_UPDATES = 1000;

function finished(tx: RunTransition, updateId: string): void {
  tx.updateNotices.push(updateId);
  const updates = tx.state.updates;
  let done = 0;
  for (const id in updates) if (updates[id]!.status === 'completed') done++;
  for (const id in updates) {
    if (done <= MAX_FINISHED_UPDATES) break;
    if (updates[id]!.status === 'completed' && id !== updateId) {
      delete updates[id];
      done--;
    }
  }
}

/** Records a request (once per update id) and makes sure a workflow task will carry it. */
export function requestUpdate(
  tx: RunTransition,
  p: { updateId: string; name: string; args: Payload[]; identity?: string; header?: Header },
): UpdateState {
  const existing = updateOf(tx.state, p.updateId);
  if (existing) return existing;
  const update: UpdateState = {
    name: p.name,
    args: p.args,
    status: 'requested',
    ...definedFields({ identity: p.identity || undefined, header: p.header }),
  };
  setUpdate(tx.state, p.updateId, update);
  updateArrived(tx);
  return update;
}

export function acceptUpdate(tx: RunTransition, c: CommandOf<'AcceptWorkflowUpdate'>, workflowTaskCompletedEventId: number): void {
  const u = updateOf(tx.state, c.updateId);
  if (!u || u.status !== 'requested') return;
  const event = tx.append({
    type: 'WorkflowExecutionUpdateAccepted',
    updateId: c.updateId,
    name: u.name,
    input: u.args,
    ...definedFields({ identity: u.identity, header: u.header }),
    workflowTaskCompletedEventId,
  });
  u.status = 'accepted';
  u.acceptedEventId = event.eventId;
  tx.updateNotices.push(c.updateId);
}

export function rejectUpdate(tx: RunTransition, c: CommandOf<'RejectWorkflowUpdate'>): void {
  const u = updateOf(tx.state, c.updateId);
  if (!u || u.status !== 'requested') return;
  u.status = 'completed';
  u.rejected = true;
  u.failure = c.failure;
  finished(tx, c.updateId);
}

export function completeUpdate(tx: RunTransition, c: CommandOf<'CompleteWorkflowUpdate'>, workflowTaskCompletedEventId: number): void {
  const u = updateOf(tx.state, c.updateId);
  if (!u || u.status !== 'accepted') return;
  tx.append({
    type: 'WorkflowExecutionUpdateCompleted',
    updateId: c.updateId,
    acceptedEventId: u.acceptedEventId ?? 0,
    ...definedFields({ result: c.result, failure: c.failure }),
    workflowTaskCompletedEventId,
  });
  u.status = 'completed';
  if (c.result !== undefined) u.result = c.result;
  if (c.failure) u.failure = c.failure;
  finished(tx, c.updateId);
}
