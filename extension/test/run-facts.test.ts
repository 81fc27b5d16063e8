// A run at a glance (history header and tree hover) and its open steps' times, from the golden
// histories: failure in words (not JSON), task queue, start, close, duration, result, how a run began;
// a 3-day timer that fires in days (not "0 ms"), a step open for minutes (not "31 ms"), same-type steps told apart.
import assert from 'node:assert/strict';
import path from 'node:path';
import type { Failure, History, HistoryEvent, WorkflowDescription } from '@rewind/sdk/protocol';
import { historySteps } from '@rewind/sdk/internal/history/history-steps';
import { clockTime, failureHeadline, runFactLines, runFactsFromDescription, runFactsFromEvents } from '../src/model/run-facts';
import { currentAttempt, openStepLines, stepDistinctions, stepTimingText } from '../src/model/step-timing';
import { stepRow } from '../src/model/history-view-model';

const golden = (name: string): History => require(path.join(__dirname, '../../sdk/test/histories', `${name}.json`)) as History;
const MIN = 60_000;
const DAY = 86_400_000;
const declined: Failure = {
  message: 'activity failed',
  info: {
    type: 'activity',
    activityType: 'charge',
    activityId: '1',
    retryState: 'MAXIMUM_ATTEMPTS_REACHED',
    scheduledEventId: 5,
    startedEventId: 6,
  },
  cause: { message: 'card declined', info: { type: 'application', errorType: 'Declined', nonRetryable: true } },
};
/** The sequence history cut before its end, closed by a failure instead. */
function failedSequence(): HistoryEvent[] {
  const events = golden('sequence').events.slice(0, -1);
  const last = events.at(-1)!;
  return [
    ...events,
    {
      eventId: last.eventId + 1,
      eventTime: '2026-11-25T12:41:24.253Z',
      type: 'WorkflowExecutionFailed',
      failure: declined,
      retryState: 'RETRY_POLICY_NOT_SET',
      workflowTaskCompletedEventId: last.eventId,
    },
  ];
}
const lines = (facts: ReturnType<typeof runFactsFromEvents>, now = 0) =>
  Object.fromEntries(runFactLines(facts!, now).map((l) => [l.label, l.failed ? `red:${l.value}` : l.value]));

describe('run facts (history header, tree hover)', function () {
  it('a completed run: result, task queue, start, close and how long it took', function () {
    assert.deepEqual(lines(runFactsFromEvents(golden('sequence').events)), {
      Result: '"hello Ada|charged 42"',
      'Task queue': 'golden',
      Started: '2026-11-25 12:41:04 UTC',
      Closed: '2026-11-25 12:41:14 UTC',
      Took: '10 s',
    });
  });

  it('a failed run: its failure in words, in red, naming what the activity failure wraps', function () {
    const facts = runFactsFromEvents(failedSequence())!;
    assert.equal(facts.status, 'FAILED');
    assert.equal(lines(facts).Failure, 'red:ActivityFailure (charge) ← Declined: card declined');
    assert.equal(lines(facts).Took, '20 s');
  });

  it('an open run: how long it has been open as of now, not as of its last event', function () {
    const events = golden('sequence').events.slice(0, 5);
    const facts = runFactsFromEvents(events)!;
    assert.equal(facts.status, 'RUNNING');
    assert.equal(lines(facts, Date.parse(facts.startTime) + 5 * MIN)['Open for'], '5 min');
  });

  it('how a run began: a reset names the run it was reset from; a continue-as-new the run before', function () {
    const events = golden('sequence')
      .events.slice(0, 3)
      .concat({
        eventId: 4,
        eventTime: '2026-11-25T12:41:05.000Z',
        type: 'WorkflowTaskFailed',
        scheduledEventId: 2,
        startedEventId: 3,
        cause: 'RESET_WORKFLOW',
        failure: { message: 'reset', info: { type: 'application', errorType: '', nonRetryable: false } },
        baseRunId: 'run-before',
        newRunId: 'run-now',
      });
    assert.equal(lines(runFactsFromEvents(events)).Began, 'reset from run run-before');
    const [start, ...rest] = golden('sequence').events;
    const continued = [{ ...start!, initiator: 'CONTINUE_AS_NEW' as const, continuedExecutionRunId: 'run-1' }, ...rest];
    assert.equal(lines(runFactsFromEvents(continued)).Began, 'continued as new from run run-1');
  });

  it("the server's description: close reason, parent", function () {
    const d: WorkflowDescription = {
      namespace: 'default',
      workflowId: 'child-1',
      runId: 'r2',
      workflowType: 'shipWorkflow',
      taskQueue: 'orders',
      status: 'TERMINATED',
      startTime: '2026-12-07T10:00:00.000Z',
      closeTime: '2026-12-07T10:02:30.000Z',
      historyLength: 7,
      firstExecutionRunId: 'r2',
      pendingActivities: [],
      pendingTimers: [],
      parent: { workflowId: 'order-1', runId: 'r1' },
      closeReason: { failure: { message: 'stuck', info: { type: 'terminated' } } },
    };
    const l = lines(runFactsFromDescription(d));
    assert.equal(l.Why, 'red:Terminated: stuck');
    assert.equal(l.Took, '2.5 min');
    assert.equal(l.Parent, 'order-1 (run r1)');
  });

  it('a failure headline without a wrapper is the failure itself', function () {
    assert.equal(failureHeadline(declined.cause!), 'Declined: card declined');
  });
});

describe('open steps as of now', function () {
  it('a pending 3-day timer says when it fires (a countdown), not "0 ms"', function () {
    const [start, ...rest] = golden('approval').events.slice(0, 5);
    const timerStarted = rest.at(-1)!;
    assert.equal(timerStarted.type, 'TimerStarted');
    const events = [start!, ...rest.slice(0, -1), { ...timerStarted, startToFireTimeoutMs: 3 * DAY } as HistoryEvent];
    const timer = historySteps(events).find((s) => s.kind === 'timer')!;
    const now = Date.parse(timerStarted.eventTime) + DAY;
    assert.equal(stepTimingText(timer, events, timerStarted.eventTime, now), 'fires in 2 d');
    assert.equal(stepRow(timer, timerStarted.eventTime, now, events).duration, 'fires in 2 d');
    assert.deepEqual(openStepLines(timer, events, now), [
      'Open since 2026-11-25 12:41:14 UTC (1 d)',
      'Fires at 2026-11-28 12:41:14 UTC (in 2 d)',
    ]);
  });

  it('an activity open for minutes shows minutes, its next retry from the server', function () {
    const events = golden('sequence').events.slice(0, 6);
    const activity = historySteps(events).find((s) => s.kind === 'activity')!;
    const now = Date.parse(activity.startTime) + 3 * MIN;
    const pending = {
      activityId: '1',
      activityType: 'greet',
      scheduledEventId: activity.firstEventId,
      state: 'BACKOFF' as const,
      attempt: 4,
      maximumAttempts: 10,
      nextAttemptScheduleTime: new Date(now + 20_000).toISOString(),
      lastFailure: { message: 'connection reset', info: { type: 'application' as const, errorType: 'NetworkError', nonRetryable: false } },
    };
    assert.equal(stepTimingText(activity, events, events.at(-1)!.eventTime, now, pending), 'open 3 min · retry in 20 s');
    assert.equal(
      stepRow(activity, events.at(-1)!.eventTime, now, events, pending).duration,
      'open 3 min · retry in 20 s',
      'the history row too',
    );
    const lines = openStepLines(activity, events, now, pending);
    assert.deepEqual(lines.slice(1), [
      'Attempt 4 of 10 (backoff)',
      'Last failure: NetworkError: connection reset',
      `Next retry at ${clockTime(pending.nextAttemptScheduleTime)} (in 20 s)`,
    ]);
    assert.equal(currentAttempt(activity, pending), 4, "the server's attempt, which the history does not have yet");
    assert.equal(currentAttempt(activity), activity.attempt);
    // Without `now` (a closed run's view), as before: until the last event.
    assert.match(stepTimingText(activity, events, events.at(-1)!.eventTime), /ms$/);
  });

  it('steps of the same type are told apart by a short argument', function () {
    const { events } = golden('parallel');
    const steps = historySteps(events).filter((s) => s.kind === 'activity');
    assert.deepEqual(stepDistinctions(steps, events), ['("a")', '("b")', '("c")']);
    const same = steps.map((s) => ({ ...s, input: ['x'] }));
    assert.deepEqual(stepDistinctions(same, events), ['id 1', 'id 2', 'id 3']);
    assert.deepEqual(stepDistinctions(steps.slice(0, 1), events), ['']);
  });

  it('a compact row with a long input still shows its result', function () {
    const { events } = golden('sequence');
    const step = historySteps(events).find((s) => s.kind === 'activity')!;
    const long = { ...step, input: ['x'.repeat(200)] };
    const row = stepRow(long, events.at(-1)!.eventTime);
    assert.ok(row.summary.endsWith('…) → "hello Ada"'), row.summary);
    assert.equal(row.outcome, '"hello Ada"', 'the outcome apart, for a cell of its own');
    assert.ok(row.input.endsWith('…)'), 'the input cut (its cell gives way to the outcome)');
  });
});
