// The Show History view model, fed by the golden histories the SDK's replay tests use and by histories
// of real runs on a real server: the full view's rows, the compact view's steps, the details pane's
// pretty-printed payloads and failures, and growing a model event by event as a live run does.
import assert from 'node:assert/strict';
import path from 'node:path';
import type { History, HistoryEvent } from '@rewind/sdk/protocol';
import { workflowStateAt } from '@rewind/sdk/internal/debug/workflow-state';
import { RUN_STEP_STATE, type Step } from '@rewind/sdk/internal/history/history-steps';
import * as activities from '../../devserver/test/fixtures/activities';
import { useServerAndWorker } from '../../devserver/test/helpers/server';
import {
  appendEvents,
  buildHistoryViewModel,
  lastEventTime,
  modelSteps,
  stepRow,
  type HistoryViewModel,
  eventDetails,
  historyJson,
  rawLine,
  stepDetails,
  stepIndexOfEvent,
} from '../src/model/history-view-model';
import { eventSummary } from '../src/model/history-event-text';

const golden = (name: string): History => require(path.join(__dirname, '../../sdk/test/histories', `${name}.json`)) as History;
const debugGolden = (name: string): History => require(path.join(__dirname, '../../sdk/test/debug/histories', `${name}.json`)) as History;
const stepRows = (model: HistoryViewModel) => modelSteps(model).map((s) => stepRow(s, lastEventTime(model)));
const section = (sections: { title: string; text: string }[], title: string) => sections.find((s) => s.title === title)?.text;

describe('history view model', function () {
  it('full view: one row per event with its id, time of day, type and a one-line summary', function () {
    const { events } = golden('sequence');
    const model = buildHistoryViewModel(events);
    assert.equal(model.rows.length, events.length);
    assert.deepEqual(
      model.rows.map((r) => r.eventId),
      events.map((e) => e.eventId),
    );
    const [started, , , , greet] = model.rows;
    assert.equal(started!.type, 'WorkflowExecutionStarted');
    assert.equal(started!.time, events[0]!.eventTime.slice(11, 23));
    assert.match(started!.time, /^\d\d:\d\d:\d\d\.\d\d\d$/);
    assert.equal(started!.summary, 'sequence("Ada") on golden');
    assert.equal(greet!.summary, 'greet("Ada") id 1');
    assert.equal(greet!.category, 'activity');
    const completed = model.rows.find((r) => r.type === 'ActivityTaskCompleted')!;
    assert.equal(completed.summary, 'scheduled 5 → "hello Ada"');
    assert.equal(model.rows.at(-1)!.summary, '→ "hello Ada|charged 42"');
    assert.ok(model.rows.every((r) => !r.failed));
    assert.equal(model.state, 'completed');
  });

  it('compact view: the steps of history-steps.ts, each with input → outcome and its duration', function () {
    const model = buildHistoryViewModel(golden('sequence').events);
    assert.deepEqual(
      stepRows(model).map((s) => [s.step.kind, s.step.label, s.summary]),
      [
        ['workflow', 'sequence', '("Ada") → "hello Ada|charged 42"'],
        ['activity', 'greet', '("Ada") → "hello Ada"'],
        ['timer', '10 s', ''],
        ['activity', 'charge', '(42) → "charged 42"'],
      ],
    );
    assert.ok(stepRows(model).every((s) => /\d/.test(s.duration)));
    const approval = buildHistoryViewModel(golden('approval').events);
    assert.deepEqual(
      stepRows(approval).map((s) => [s.step.kind, s.step.state, s.summary]),
      [
        ['workflow', 'completed', '() → "approved"'],
        ['timer', 'cancelled', ''],
        ['signal', 'completed', '(true)'],
      ],
    );
  });

  it('details: input and result pretty-printed as JSON, and the whole event', function () {
    const { events } = golden('sequence');
    const scheduled = events.find((e) => e.type === 'ActivityTaskScheduled')!;
    const details = eventDetails(scheduled);
    assert.equal(section(details, 'Input'), JSON.stringify(['Ada'], null, 2));
    assert.deepEqual(JSON.parse(section(details, 'Event')!), scheduled);
    const model = buildHistoryViewModel(events);
    const greet = stepDetails(modelSteps(model)[1]!);
    assert.equal(section(greet, 'Result'), '"hello Ada"');
    assert.match(section(greet, 'Events')!, /^5–7: completed, attempt 1/);
  });

  it('raw view: each event as JSON that parses back to it; the export is the whole history', function () {
    const { events, workflowId, runId } = golden('parallel');
    for (const e of events) assert.deepEqual(JSON.parse(rawLine(e)), e);
    assert.deepEqual(JSON.parse(historyJson(workflowId!, runId!, events)), { workflowId, runId, events });
  });

  it('grows event by event as a live run does, to the same model as built at once', function () {
    const { events } = golden('parallel');
    const live = buildHistoryViewModel([]);
    assert.equal(live.state, 'unknown');
    for (let i = 0; i < events.length; i += 3) appendEvents(live, events.slice(i, i + 3));
    const whole = buildHistoryViewModel(events);
    assert.deepEqual(live.rows, whole.rows);
    assert.deepEqual(
      stepRows(live).map((s) => [s.step, s.summary]),
      stepRows(whole).map((s) => [s.step, s.summary]),
    );
    const half = buildHistoryViewModel(events.slice(0, 8));
    assert.equal(half.state, 'running');
    assert.ok(
      modelSteps(half).some((s) => s.current),
      'an open run marks the step it waits on',
    );
  });

  it('ignores events it has (a batch may overlap) and refuses a gap', function () {
    const { events } = golden('approval');
    const model = buildHistoryViewModel(events.slice(0, 5));
    assert.equal(appendEvents(model, events.slice(2, 7)), 2);
    assert.equal(model.events.length, 7);
    assert.throws(() => appendEvents(model, events.slice(8)), /event 9 arrived where 8 was expected/);
  });

  it('finds the compact row of an event', function () {
    const model = buildHistoryViewModel(golden('sequence').events);
    assert.equal(stepIndexOfEvent(modelSteps(model), 1), 0);
    assert.equal(stepIndexOfEvent(modelSteps(model), 6), 1);
    assert.equal(stepIndexOfEvent(modelSteps(model), 12), 2);
    assert.equal(stepIndexOfEvent(modelSteps(model), 0), -1);
  });

  it('agrees with the debugger at every event of the golden histories (one fold): the run, activities, timers, children, signals', function () {
    const histories = [golden('sequence'), golden('parallel'), golden('approval'), debugGolden('order'), debugGolden('retrying')];
    for (const { events } of histories) {
      const model = buildHistoryViewModel([]);
      for (const e of events) {
        appendEvents(model, [e]);
        const state = workflowStateAt(events, e.eventId);
        const at = `${state.workflowType} at event ${e.eventId}`;
        const [workflow, ...steps] = modelSteps(model);
        const of = (kind: Step['kind']) => steps.filter((s) => s.kind === kind);
        const ended = (s: Step) => s.endTime !== undefined;
        assert.equal(model.state, RUN_STEP_STATE[state.status], at);
        assert.deepEqual([workflow!.state, workflow!.result, workflow!.failure], [model.state, state.result, state.failure], at);
        assert.deepEqual(
          of('activity').map((s) => [
            s.firstEventId,
            s.label,
            s.input,
            s.attempt,
            s.result,
            ended(s),
            s.state === 'failed' ? s.failure : undefined,
          ]),
          state.activities.map((a) => [
            a.scheduledEventId,
            a.activityType,
            a.input,
            a.attempt ?? 1,
            a.result,
            ['completed', 'failed', 'timedOut', 'canceled'].includes(a.status),
            a.status === 'failed' ? a.failure : undefined,
          ]),
          at,
        );
        assert.deepEqual(
          of('timer').map((s) => [s.firstEventId, ended(s)]),
          state.timers.map((t) => [t.startedEventId, t.status !== 'started']),
          at,
        );
        assert.deepEqual(
          of('child').map((s) => [s.firstEventId, s.label, s.result, ended(s)]),
          state.children.map((c) => [
            c.initiatedEventId,
            `${c.workflowType} (${c.workflowId})`,
            c.result,
            !['initiated', 'started'].includes(c.status),
          ]),
          at,
        );
        assert.deepEqual(
          of('signal').map((s) => [s.firstEventId, s.label, s.input]),
          state.signals.map((x) => [x.eventId, x.name, x.input]),
          at,
        );
      }
    }
  });

  describe('histories of real runs (devserver test fixtures)', function () {
    const env = useServerAndWorker({ taskQueue: 'history-view', activities });

    async function run(workflowType: string, args: unknown[] = []): Promise<HistoryEvent[]> {
      const handle = await env.srv.client.workflow.start(workflowType, {
        taskQueue: 'history-view',
        workflowId: `hv-${workflowType}-${args.join('-')}`,
        args,
      });
      await handle.result().catch(() => undefined);
      return (await handle.fetchHistory()).events;
    }

    it('a failed workflow: its failure in the row, marked failed, and pretty-printed', async function () {
      const events = await run('applicationFailure');
      const model = buildHistoryViewModel(events);
      const failed = model.rows.at(-1)!;
      assert.equal(failed.type, 'WorkflowExecutionFailed');
      assert.ok(failed.failed);
      assert.equal(failed.summary, 'InvalidOrder: the order is invalid');
      assert.equal(model.state, 'failed');
      const text = section(eventDetails(events.at(-1)!), 'Failure')!;
      assert.match(text, /^InvalidOrder: the order is invalid\n/);
      assert.equal(section(stepDetails(modelSteps(model)[0]!), 'Failure'), text);
    });

    it('a retried activity: its attempts, and the last failure it recovered from', async function () {
      const events = await run('retrying', ['k', 2]);
      const model = buildHistoryViewModel(events);
      const started = model.rows.find((r) => r.type === 'ActivityTaskStarted')!;
      assert.equal(started.summary, 'scheduled 5, attempt 3 after Error: flaky failure 2 of 2');
      const flaky = stepRows(model).find((s) => s.step.label === 'flaky')!;
      assert.deepEqual([flaky.step.state, flaky.step.attempt, flaky.summary], ['completed', 3, '("k", 2) → "ok after 3 attempts"']);
      assert.match(
        section(eventDetails(events.find((e) => e.type === 'ActivityTaskStarted')!), 'Last failure')!,
        /^Error: flaky failure 2 of 2/,
      );
    });

    it('an activity that failed for good: the activity failure and its cause', async function () {
      const model = buildHistoryViewModel(await run('nonRetryable', ['Fatal']));
      const broken = stepRows(model).find((s) => s.step.label === 'broken')!;
      assert.equal(broken.step.state, 'failed');
      assert.equal(broken.summary, '("Fatal") → Fatal: broken (Fatal)');
      assert.ok(model.rows.find((r) => r.type === 'ActivityTaskFailed')!.failed);
    });

    it('every event of real runs has a summary (no event type falls through)', async function () {
      const events = [...(await run('order', ['o1'])), ...(await run('fanOut', [['a', 'b']]))];
      for (const e of events) assert.equal(typeof eventSummary(e), 'string');
      assert.ok(new Set(events.map((e) => e.type)).size >= 9);
    });
  });
});
