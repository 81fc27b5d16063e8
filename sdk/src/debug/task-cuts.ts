// Where a history is cut to replay to a position: the state at event E is the workflow's after every
// workflow task that started at or before E, so the replay reads up to the next WorkflowTaskStarted
// (a task with no outcome yet, at the end of a history, is never run: it would run live).
import type { HistoryEvent } from '../protocol';

export class TaskCuts {
  /** Ids of the WorkflowTaskStarted events, in order. */
  private readonly starts: number[] = [];
  /** A last WorkflowTaskStarted with no outcome (a task in flight when the history was read). */
  private readonly inFlight: number | undefined;
  /** For each event (by index), the WorkflowTaskStarted of the last task that ran at or before it, if any. */
  readonly taskOf: (number | undefined)[];

  constructor(private readonly events: readonly HistoryEvent[]) {
    const outcomes = new Map<number, HistoryEvent['type']>();
    for (const e of events) {
      if (e.type === 'WorkflowTaskStarted') this.starts.push(e.eventId);
      else if (e.type === 'WorkflowTaskCompleted' || e.type === 'WorkflowTaskFailed' || e.type === 'WorkflowTaskTimedOut') {
        outcomes.set(e.startedEventId, e.type);
      }
    }
    const last = this.starts[this.starts.length - 1];
    this.inFlight = last !== undefined && !outcomes.has(last) ? last : undefined;
    let ran: number | undefined;
    this.taskOf = events.map((e) => {
      if (e.type === 'WorkflowTaskStarted' && outcomes.get(e.eventId) === 'WorkflowTaskCompleted') ran = e.eventId;
      return ran;
    });
  }

  /** How many events (from the first) to replay for the state at `eventId`. */
  cutFor(eventId: number): number {
    let cut = this.events.length;
    // The first task started after eventId: binary search (histories of 10,000s of events).
    let lo = 0;
    let hi = this.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid]! > eventId) hi = mid;
      else lo = mid + 1;
    }
    if (lo < this.starts.length) cut = this.starts[lo]! - 1;
    if (this.inFlight !== undefined) cut = Math.min(cut, this.inFlight - 1);
    return cut;
  }

  /** The cuts at every task boundary, in order (the replay of the whole history goes through each). */
  allCuts(): number[] {
    const cuts = this.starts.slice(1).map((s) => s - 1);
    cuts.push(this.cutFor(this.events.length));
    return [...new Set(cuts.filter((c) => c <= this.cutFor(this.events.length)))];
  }
}
