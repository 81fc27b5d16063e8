// Where each debugger motion lands in a history: pure functions of the events, their source lines and
// the position (no DAP). Three granularities, each both ways:
//   code event   (Step Over / Step Back)        an event a line of the workflow issued, or one that
//                                                resolves what a line awaits (isCodeEvent);
//   event        (Step Into / Step Back Into)   every event;
//   workflow task (Step Out / Step Back Out)    the next (previous) WorkflowTaskStarted: where the code
//                                                runs a task, and the state shown changes.
import type { HistoryEvent } from '@rewind/sdk/protocol';
import type { EventInfo } from '@rewind/sdk/internal/debug/types';

export interface Timeline {
  readonly events: readonly HistoryEvent[];
  readonly info: readonly EventInfo[];
  /** The last event replay can reach (a non-determinism or code error stops it earlier). */
  readonly lastReachable: number;
}

export type Direction = 1 | -1;

const clamp = (t: Timeline, eventId: number): number => Math.min(Math.max(eventId, 1), t.lastReachable);

/** Where a motion that finds nothing more in its direction ends: the last reachable event, or the first. */
const edge = (t: Timeline, direction: Direction): number => (direction === 1 ? t.lastReachable : 1);

/**
 * Whether a line of the workflow code is behind an event: it issued the event's command (ActivityTaskScheduled,
 * TimerStarted, …) or the event resolves what the line awaits (ActivityTaskCompleted, TimerFired, a signal a
 * condition waited for, …). ActivityTaskStarted points at the awaiting line too but resolves nothing (the code
 * never sees an attempt start), so it is not one. Workflow task events and signals that only a handler reads
 * have no line.
 */
export function isCodeEvent(t: Timeline, eventId: number): boolean {
  const event = t.events[eventId - 1];
  return t.info[eventId - 1]?.location !== undefined && event !== undefined && event.type !== 'ActivityTaskStarted';
}

/** Step Into (1) / Step Back Into (-1): the next or previous event, whatever it is. */
export function eventTarget(t: Timeline, position: number, direction: Direction): number {
  return clamp(t, position + direction);
}

/**
 * Step Over (1) / Step Back (-1): the next or previous code event, or an earlier `isHit` (a breakpoint
 * stops a step as it stops Continue); else the last reachable event (the workflow's end) or the first.
 */
export function codeEventTarget(t: Timeline, position: number, direction: Direction, isHit: (eventId: number) => boolean): number {
  return findHit(t, position, direction, (id) => isCodeEvent(t, id) || isHit(id)) ?? edge(t, direction);
}

/** Step Out (1) / Step Back Out (-1): the next or previous WorkflowTaskStarted; else the last reachable event or the first. */
export function workflowTaskTarget(t: Timeline, position: number, direction: Direction): number {
  return findHit(t, position, direction, (id) => t.events[id - 1]!.type === 'WorkflowTaskStarted') ?? edge(t, direction);
}

/** The first event after `from` (forward) or before it (backward) that `isHit` accepts, if any. */
export function findHit(t: Timeline, from: number, direction: Direction, isHit: (eventId: number) => boolean): number | undefined {
  for (let id = from + direction; id >= 1 && id <= t.lastReachable; id += direction) if (isHit(id)) return id;
  return undefined;
}
