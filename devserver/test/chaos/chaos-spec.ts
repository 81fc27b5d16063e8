// What one chaos workflow does, and the result it must end with: shared by the workflows (which run it)
// and the harness (which checks it). Plain data and arithmetic only: it is bundled into workflow code.

export const CHAOS_TASK_QUEUE = 'chaos';
/**
 * The workflow task timeout of every chaos run (Temporal's default is 10 s): a task held by a SIGKILLed
 * Temporal SDK worker is handed out again once it passes, as on Temporal's server.
 */
export const CHAOS_WORKFLOW_TASK_TIMEOUT = '3 seconds';
/** The queue of the Temporal SDK's workers (`--temporal-workers`): its workflows, their children and activities. */
export const CHAOS_TEMPORAL_TASK_QUEUE = 'chaos-temporal';

export interface ChaosSpec {
  /** The workflow's number in the run (its id is `chaos-<seed>-<index>`). */
  index: number;
  /** Failures of the flaky activity before it succeeds (0: no flaky activity). */
  flakyFailures: number;
  /** The durable timer of each generation. */
  sleepMs: number;
  /** Whether each generation runs a child workflow. */
  child: boolean;
  /** Runs of the chain: 1, or more with continue-as-new between them. */
  generations: number;
  /** Signals the last generation waits for (sent by the harness during and after the chaos). */
  signals: number;
}

/** What a generation carries into the next (continue-as-new) and what the last one returns. */
export interface ChaosProgress {
  generation: number;
  total: number;
  pokes: number[];
}

/** The activity `step` of a generation: its number from the spec. */
export const stepValue = (index: number, generation: number): number => index * 10 + generation;
/** The flaky activity's value once it succeeds. */
export const flakyValue = (index: number): number => 1000 + index;
/** The child workflow's result. */
export const childValue = (index: number, generation: number): number => 2 * stepValue(index, generation);

/** The total a workflow of this spec must return. */
export function expectedTotal(spec: ChaosSpec): number {
  let total = 0;
  for (let g = 0; g < spec.generations; g++) {
    total += stepValue(spec.index, g);
    if (spec.flakyFailures > 0) total += flakyValue(spec.index);
    if (spec.child) total += childValue(spec.index, g);
  }
  return total;
}
