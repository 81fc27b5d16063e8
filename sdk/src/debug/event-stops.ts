// Which event breakpoints each event of a history matches (non-determinism is added by the replay).
import type { HistoryEvent } from '../protocol';
import type { StopKind } from './types';

const CHILD_FINISHED = new Set<HistoryEvent['type']>([
  'ChildWorkflowExecutionCompleted',
  'ChildWorkflowExecutionFailed',
  'ChildWorkflowExecutionCanceled',
  'ChildWorkflowExecutionTimedOut',
  'ChildWorkflowExecutionTerminated',
]);

/** The stop kinds of each event, by index (eventId - 1). */
export function eventStops(events: readonly HistoryEvent[]): StopKind[][] {
  const attemptOf = new Map<number, number>();
  for (const e of events) if (e.type === 'ActivityTaskStarted') attemptOf.set(e.eventId, e.attempt);
  return events.map((e) => {
    const kinds: StopKind[] = [];
    switch (e.type) {
      case 'ActivityTaskFailed':
      case 'ActivityTaskTimedOut':
        kinds.push('activityFailed');
        if ((attemptOf.get(e.startedEventId) ?? 1) > 1) kinds.push('activityRetried');
        break;
      case 'ActivityTaskCompleted':
        if ((attemptOf.get(e.startedEventId) ?? 1) > 1) kinds.push('activityRetried');
        break;
      case 'WorkflowExecutionSignaled':
        kinds.push('signalReceived');
        break;
      case 'TimerFired':
        kinds.push('timerFired');
        break;
      default:
        if (CHILD_FINISHED.has(e.type)) kinds.push('childWorkflowFinished');
    }
    return kinds;
  });
}
