// The slot for the Activator of the run whose code runs now: a leaf, so that the runtime's parts and the
// workflow API reach their run without importing internals.ts, which imports them (Temporal's global-attributes.ts).
import { IllegalStateError } from '../common/errors';
import type { Activator } from './internals';

let activator: Activator | undefined;

/** Called by the host before each call into a run. */
export function setActivator(a: Activator | undefined): void {
  activator = a;
}

/** The runtime of the run this code belongs to; throws outside workflow code. */
export function getActivator(): Activator {
  if (!activator) {
    throw new IllegalStateError(
      'Workflow APIs (sleep, proxyActivities functions, workflowInfo …) can only be used inside a workflow function.',
    );
  }
  return activator;
}

/**
 * Whether the calling code runs inside a workflow (Temporal's `inWorkflowContext`): for a library shared by
 * workflows and other code, to tell whether the workflow API can be used.
 */
export function inWorkflowContext(): boolean {
  return activator !== undefined;
}
