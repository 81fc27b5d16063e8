// Checks on a history as Temporal's client reads it (temporal.api.history.v1 events): ids without gaps,
// each activity completed once, each timer fired once, one closing event.
import assert from 'node:assert/strict';
import { num, temporal } from '../../src/grpc/proto';

const EventType = temporal.api.enums.v1.EventType;
type ProtoEvent = temporal.api.history.v1.IHistoryEvent;

export function ofType(events: readonly ProtoEvent[], type: temporal.api.enums.v1.EventType): ProtoEvent[] {
  return events.filter((e) => e.eventType === type);
}

/** The activity types scheduled, in order. */
export function scheduledActivities(events: readonly ProtoEvent[]): string[] {
  return ofType(events, EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED).map(
    (e) => e.activityTaskScheduledEventAttributes?.activityType?.name ?? '',
  );
}

/** Every step recorded once: ids 1..n, one completion per scheduled activity (and no other outcome), one TimerFired per timer, closed once as completed. */
export function assertEachStepOnce(events: readonly ProtoEvent[], activities: readonly string[], timers: number): void {
  assert.deepEqual(
    events.map((e) => num(e.eventId)),
    events.map((_, i) => i + 1),
    'event ids are 1..n without gaps',
  );
  assert.deepEqual(scheduledActivities(events), activities, 'each activity scheduled once');
  const scheduledIds = ofType(events, EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED).map((e) => num(e.eventId));
  const completedFor = ofType(events, EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED).map((e) =>
    num(e.activityTaskCompletedEventAttributes?.scheduledEventId),
  );
  assert.deepEqual(completedFor, scheduledIds, 'one ActivityTaskCompleted per activity');
  assert.equal(
    ofType(events, EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED).length,
    activities.length,
    'one ActivityTaskStarted per activity',
  );
  const started = ofType(events, EventType.EVENT_TYPE_TIMER_STARTED).map((e) => e.timerStartedEventAttributes?.timerId);
  const fired = ofType(events, EventType.EVENT_TYPE_TIMER_FIRED).map((e) => e.timerFiredEventAttributes?.timerId);
  assert.equal(started.length, timers, 'each timer started once');
  assert.deepEqual(fired, started, 'each timer fired once');
  const closing = events.filter((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
  assert.equal(closing.length, 1, 'completed once');
  assert.equal(events[events.length - 1], closing[0], 'the completion is the last event');
}
