// Where each debugger motion lands in a history: pure functions of the events, their source lines and
// the position (no DAP). A workflow task here runs from a WorkflowTaskScheduled to the next one.
import type { HistoryEvent } from '@rewind/sdk/protocol';
import type { EventInfo } from '@rewind/sdk/internal/debug/types';

export interface Timeline {
  readonly events: readonly HistoryEvent[];
  readonly info: readonly EventInfo[];
  /** The last event replay can reach (a non-determinism or code error stops it earlier). */
  readonly lastReachable: number;
}

const clamp = (t: Timeline, eventId: number): number => Math.min(Math.max(eventId, 1), t.lastReachable);

/** Step Into: the next event of the current workflow task that has a line of workflow code, else the next event. */
export function stepInTarget(t: Timeline, position: number): number {
  for (let id = position + 1; id <= t.lastReachable; id++) {
    if (t.events[id - 1]!.type === 'WorkflowTaskScheduled') break;
    if (t.info[id - 1]?.location) return id;
  }
  return clamp(t, position + 1);
}

/** Step Out: the first event of the next workflow task, else the last reachable event. */
export function stepOutTarget(t: Timeline, position: number): number {
  for (let id = position + 1; id <= t.lastReachable; id++) if (t.events[id - 1]!.type === 'WorkflowTaskScheduled') return id;
  return t.lastReachable;
}

/** The first event after `from` (forward) or before it (backward) that `isHit` accepts, if any. */
export function findHit(t: Timeline, from: number, direction: 1 | -1, isHit: (eventId: number) => boolean): number | undefined {
  for (let id = from + direction; id >= 1 && id <= t.lastReachable; id += direction) if (isHit(id)) return id;
  return undefined;
}
