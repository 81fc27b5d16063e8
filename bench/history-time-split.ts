// Where a Temporal run's time went, read off its history's event times: inside the worker's workflow
// tasks and activities, and waiting for the server to hand each task out (the server's own share).
import { temporal } from '@temporalio/proto';

type Event = temporal.api.history.v1.IHistoryEvent;
const T = temporal.api.enums.v1.EventType;

export interface TimeSplit {
  /** First event to last. */
  totalMs: number;
  /** Workflow task started → completed: the worker ran the workflow code (and the answer travelled). */
  workflowTasksMs: number;
  /** Activity started → completed: the worker ran the activities (and the answer travelled). */
  activitiesMs: number;
  /** Task scheduled → started: the server matching each task to a waiting poll. */
  dispatchMs: number;
}

const timeMs = (e: Event | undefined): number =>
  e?.eventTime ? Number(e.eventTime.seconds ?? 0) * 1000 + (e.eventTime.nanos ?? 0) / 1e6 : Number.NaN;

export function timeSplit(events: Event[]): TimeSplit {
  const byId = new Map(events.map((e) => [Number(e.eventId), e]));
  const since = (e: Event, earlierId: unknown): number => timeMs(e) - timeMs(byId.get(Number(earlierId)));
  const split: TimeSplit = { totalMs: timeMs(events.at(-1)) - timeMs(events[0]), workflowTasksMs: 0, activitiesMs: 0, dispatchMs: 0 };
  for (const e of events) {
    switch (e.eventType) {
      case T.EVENT_TYPE_WORKFLOW_TASK_COMPLETED:
        split.workflowTasksMs += since(e, e.workflowTaskCompletedEventAttributes?.startedEventId);
        break;
      case T.EVENT_TYPE_ACTIVITY_TASK_COMPLETED:
        split.activitiesMs += since(e, e.activityTaskCompletedEventAttributes?.startedEventId);
        break;
      case T.EVENT_TYPE_WORKFLOW_TASK_STARTED:
        split.dispatchMs += since(e, e.workflowTaskStartedEventAttributes?.scheduledEventId);
        break;
      case T.EVENT_TYPE_ACTIVITY_TASK_STARTED:
        split.dispatchMs += since(e, e.activityTaskStartedEventAttributes?.scheduledEventId);
        break;
      default:
        break; // The other events take no time of their own.
    }
  }
  return split;
}

/** The mean of each part over several runs. */
export function meanSplit(splits: TimeSplit[]): TimeSplit {
  const mean = (k: keyof TimeSplit): number => Math.round((splits.reduce((s, x) => s + x[k], 0) / splits.length) * 100) / 100;
  return {
    totalMs: mean('totalMs'),
    workflowTasksMs: mean('workflowTasksMs'),
    activitiesMs: mean('activitiesMs'),
    dispatchMs: mean('dispatchMs'),
  };
}
