// The property that `rebuildState` (the state reset starts a run from) agrees with the live engine: after
// every change of a generated run, the state rebuilt from the history so far equals the live state in all
// that history determines (durable-view.ts), or rebuild refuses a history reset does not support.
import assert from 'node:assert/strict';
import type { HistoryEvent, HistoryEventType } from '@rewind/sdk/protocol';
import { rebuildState } from '../../src/engine/rebuild';
import { EngineError } from '../../src/engine/transition';
import { CLOSING_EVENT_TYPES } from '@rewind/sdk/internal/history/run-status';
import type { GeneratedRun, StateAt } from '../helpers/live-history-generator';
import { durableView } from './durable-view';

export type Rebuild = typeof rebuildState;

/** Events after which reset is refused: other runs heard from this one, or it closed. */
const REFUSED_AFTER: ReadonlySet<HistoryEventType> = new Set<HistoryEventType>([
  'StartChildWorkflowExecutionInitiated',
  'SignalExternalWorkflowExecutionInitiated',
  'RequestCancelExternalWorkflowExecutionInitiated',
  ...CLOSING_EVENT_TYPES,
]);

export interface Disagreement {
  at: StateAt;
  message: string;
}

/**
 * The first state of the run that rebuild disagrees with, or undefined. Past the first refused history,
 * only the refusal is checked: a longer history holds the same event, where rebuild stops.
 */
export function firstDisagreement(run: GeneratedRun, rebuild: Rebuild = rebuildState): Disagreement | undefined {
  const refusedFrom = run.events.find((e) => REFUSED_AFTER.has(e.type))?.eventId ?? Infinity;
  let refusalChecked = false;
  for (const at of run.states) {
    if (at.eventCount >= refusedFrom) {
      if (refusalChecked) continue;
      refusalChecked = true;
    }
    const message = disagreement(run.events.slice(0, at.eventCount), at, rebuild);
    if (message) return { at, message };
  }
  return undefined;
}

function disagreement(events: HistoryEvent[], at: StateAt, rebuild: Rebuild): string | undefined {
  const live = at.state;
  // Events that arrived while a workflow task runs reach history after its outcome (Temporal's buffer):
  // until then the state is ahead of its history, and reset never rebuilds to such a moment.
  if (live.bufferedEvents?.length) return undefined;
  const refusedBy = events.find((e) => REFUSED_AFTER.has(e.type));
  const started = events[0];
  const follows = started?.type === 'WorkflowExecutionStarted' && started.continuedExecutionRunId !== undefined;
  const identity = {
    namespace: live.namespace,
    workflowId: live.workflowId,
    runId: live.runId,
    firstExecutionRunId: live.firstExecutionRunId,
    startRequestId: live.startRequestId,
    // A run that follows another does not hold its chain's deadline; reset gives the reset run's.
    ...(follows && live.executionExpiresAt !== undefined ? { executionExpiresAt: live.executionExpiresAt } : {}),
  };
  try {
    // Reset passes its own time: the new run's run timeout counts from then. Here, the run's start.
    const rebuilt = rebuild(identity, events, live.startTime);
    if (refusedBy) return `rebuilt a history holding ${refusedBy.type} (event ${refusedBy.eventId}) instead of refusing it`;
    // Compared as the store writes them (JSON): equal text is equal; else keys may only be in another order.
    const [got, want] = [JSON.stringify(durableView(rebuilt, events)), JSON.stringify(durableView(live, events))];
    if (got !== want) assert.deepEqual(JSON.parse(got) as unknown, JSON.parse(want) as unknown);
    return undefined;
  } catch (error) {
    if (error instanceof EngineError && error.status === 'FAILED_PRECONDITION' && refusedBy) return undefined;
    return error instanceof Error ? error.message : String(error);
  }
}
