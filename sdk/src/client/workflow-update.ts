// Updates from a client: send one and wait for the stage asked for, or pick up one sent earlier by
// its id — as Temporal's executeUpdate / startUpdate / getUpdateHandle.
import { failureToError } from '../common/failure-convert';
import { decodePayload } from '../common/payload-decoding';
import type { Payload, UpdateOutcome } from '../protocol';
import type { Connection } from './connection';
import { WorkflowUpdateFailedError } from './errors';
import { typed } from './service-errors';

/** How far an update must get before `startUpdate` returns (Temporal's `WorkflowUpdateStage`). */
export const WorkflowUpdateStage = {
  /** The server has it; as in Temporal, a call waits at least until `ACCEPTED`. */
  ADMITTED: 'ADMITTED',
  /** The workflow accepted it (its validator passed): its handler runs. */
  ACCEPTED: 'ACCEPTED',
  /** Its handler finished. */
  COMPLETED: 'COMPLETED',
  /** Not chosen (undefined): waits until `ACCEPTED`, as Temporal's. */
  UNSPECIFIED: undefined,
} as const;
/** One of the names of {@link WorkflowUpdateStage}, or undefined: see the constant of the same name. */
export type WorkflowUpdateStage = (typeof WorkflowUpdateStage)[keyof typeof WorkflowUpdateStage];

/**
 * The stage a call waits for on the wire: `COMPLETED`, or else `ACCEPTED` (Temporal's client raises
 * `ADMITTED` and unspecified to `ACCEPTED` the same way).
 */
export function wireUpdateStage(stage: WorkflowUpdateStage): 'ACCEPTED' | 'COMPLETED' {
  return stage === WorkflowUpdateStage.COMPLETED ? 'COMPLETED' : 'ACCEPTED';
}

/** Options of an update call. */
export interface WorkflowUpdateOptions {
  /**
   * The update's id: sending again with the same id gets the same update's outcome, not a second update
   * (so a retried call is safe), and `getUpdateHandle(updateId)` finds it.
   *
   * @default a random UUID
   */
  updateId?: string;
}

export interface UpdateTarget {
  connection: Connection;
  namespace: string;
  identity: string;
  workflowId: string;
  runId?: string;
}

/** An update that was sent (Temporal's `WorkflowUpdateHandle`): `result()` waits for its handler and returns what it returned. */
export type WorkflowUpdateHandle<Ret> = Pick<WorkflowUpdateHandleImpl<Ret>, keyof WorkflowUpdateHandleImpl<Ret>>;

/** The class behind {@link WorkflowUpdateHandle} (its private parts are not the handle's type). */
export class WorkflowUpdateHandleImpl<Ret> {
  /** The id of the workflow the update went to. */
  readonly workflowId: string;
  /** The run the update went to, if known (not set otherwise, as in Temporal's). */
  declare readonly workflowRunId?: string;

  constructor(
    private readonly target: UpdateTarget,
    /** The update's id. */
    readonly updateId: string,
    workflowRunId: string | undefined,
    private known?: UpdateOutcome,
  ) {
    this.workflowId = target.workflowId;
    if (workflowRunId !== undefined) this.workflowRunId = workflowRunId;
  }

  /**
   * Waits for the update's handler to finish and returns what it returned.
   *
   * @throws WorkflowUpdateFailedError if the update was rejected, its handler threw, or the workflow closed first.
   */
  async result(): Promise<Ret> {
    const outcome =
      this.known?.stage === 'COMPLETED'
        ? this.known
        : await sendUpdate(this.target, { updateId: this.updateId, waitForStage: 'COMPLETED', runId: this.workflowRunId });
    this.known = outcome;
    return updateResult<Ret>(outcome);
  }
}

/** Sends an update (or, for a known id, asks after it) and waits until it reaches `waitForStage`. */
export async function sendUpdate(
  t: UpdateTarget,
  p: { updateId: string; name?: string; args?: Payload[]; waitForStage: WorkflowUpdateStage; runId?: string | undefined },
): Promise<UpdateOutcome> {
  const runId = p.runId ?? t.runId;
  const context = { workflowId: t.workflowId, ...(runId ? { runId } : {}), namespace: t.namespace };
  const outcome = await typed(context, () =>
    t.connection.call('workflow.update', {
      namespace: t.namespace,
      workflowId: t.workflowId,
      ...(runId ? { runId } : {}),
      updateId: p.updateId,
      ...(p.name !== undefined ? { name: p.name, args: p.args ?? [] } : {}),
      waitForStage: wireUpdateStage(p.waitForStage),
      identity: t.identity,
    }),
  );
  // A rejected update comes back completed, whatever stage was asked for: its handle's result() throws
  // (as Temporal's: startUpdate returns the handle, executeUpdate throws).
  return outcome;
}

function updateResult<Ret>(outcome: UpdateOutcome): Ret {
  if (outcome.failure) throw new WorkflowUpdateFailedError('Workflow Update failed', failureToError(outcome.failure));
  return decodePayload(outcome.result, `the result of update ${outcome.updateId}`) as Ret;
}
