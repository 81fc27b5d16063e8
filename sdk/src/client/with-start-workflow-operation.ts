// The start half of update-with-start (Temporal's WithStartWorkflowOperation): how to start the workflow,
// and, once the call has been made, the handle on the workflow it started or found. Used once.
import type { Workflow } from '../common/interfaces';
import type { WorkflowIdConflictPolicy } from '../protocol';
import type { WorkflowStartOptions } from './workflow-start-options';
import type { WorkflowHandle } from './workflow-handle';

/** The operation's settlement, held outside it so that only the client settles it (once). */
interface Settlement<W extends Workflow> {
  used: boolean;
  resolve: (handle: WorkflowHandle<W>) => void;
  reject: (err: unknown) => void;
}

const settlements = new WeakMap<WithStartWorkflowOperation<Workflow>, Settlement<Workflow>>();

/**
 * How to start a workflow in `client.workflow.executeUpdateWithStart` / `startUpdateWithStart`, as
 * Temporal's. `workflowIdConflictPolicy` is required: it says what happens when a workflow with this id
 * runs already — `USE_EXISTING` sends the update to it, `FAIL` refuses (the call throws
 * `WorkflowExecutionAlreadyStartedError` and no update is sent), `TERMINATE_EXISTING` terminates it and
 * starts a new one. An operation is used by one call only; make a new one for each call.
 *
 * ```ts
 * const startWorkflowOperation = new WithStartWorkflowOperation(cart, {
 *   workflowId: 'cart-ada', taskQueue: 'shop', workflowIdConflictPolicy: 'USE_EXISTING',
 * });
 * const total = await client.workflow.executeUpdateWithStart(addItem, { args: ['book'], startWorkflowOperation });
 * const handle = await startWorkflowOperation.workflowHandle();
 * ```
 */
export class WithStartWorkflowOperation<W extends Workflow> {
  private readonly workflowHandlePromise: Promise<WorkflowHandle<W>>;

  /**
   * @param workflowTypeOrFunc the workflow function (typed arguments and result), or its name.
   * @param options the start options ({@link WorkflowStartOptions}), with `workflowIdConflictPolicy`
   *   required; no `cronSchedule` or `startDelay` (refused, as Temporal's server refuses them).
   */
  constructor(
    public workflowTypeOrFunc: string | W,
    public options: WorkflowStartOptions<W> & { workflowIdConflictPolicy: WorkflowIdConflictPolicy },
  ) {
    let settle: Pick<Settlement<W>, 'resolve' | 'reject'> | undefined;
    this.workflowHandlePromise = new Promise<WorkflowHandle<W>>((resolve, reject) => (settle = { resolve, reject }));
    // A call that fails rejects this promise and throws: a caller who never asks for the handle must
    // not get an unhandled rejection for it.
    this.workflowHandlePromise.catch(() => undefined);
    settlements.set(this as WithStartWorkflowOperation<Workflow>, { used: false, ...settle! } as Settlement<Workflow>);
  }

  /**
   * The handle on the workflow the update went to (the one started, or the running one found), once the
   * call that used this operation has started it, whether or not the update succeeds. Rejects with the
   * call's error when the start failed (`WorkflowExecutionAlreadyStartedError` with `FAIL`, say).
   */
  async workflowHandle(): Promise<WorkflowHandle<W>> {
    return this.workflowHandlePromise;
  }
}

/**
 * Marks the operation used and returns how to settle its handle; throws if a call used it already.
 * @internal the client's, not part of the public API.
 */
export function claimOperation<W extends Workflow>(op: WithStartWorkflowOperation<W>): Pick<Settlement<W>, 'resolve' | 'reject'> {
  const s = settlements.get(op as WithStartWorkflowOperation<Workflow>) as Settlement<W> | undefined;
  if (!s) {
    throw new TypeError('startWorkflowOperation must be a WithStartWorkflowOperation: new WithStartWorkflowOperation(workflow, options).');
  }
  if (s.used) {
    throw new Error(
      'This WithStartWorkflowOperation instance has already been executed: an operation starts a workflow once. ' +
        'Make a new WithStartWorkflowOperation for each update-with-start call (the handle of this one: await op.workflowHandle()).',
    );
  }
  s.used = true;
  return { resolve: s.resolve, reject: s.reject };
}
