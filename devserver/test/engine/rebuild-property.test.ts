// Property test: the live engine and `rebuildState` (reset's way to a run's state) agree on every
// generated history. Seeded (15 unless REWIND_REBUILD_SEED=<n> says otherwise): a failure names its seed.
import assert from 'node:assert/strict';
import { rebuildState } from '../../src/engine/rebuild';
import { LiveHistoryGenerator, type GeneratedRun } from '../helpers/live-history-generator';
import { seededRandom, seedFrom } from '../helpers/seeded-random';
import { firstDisagreement, type Rebuild } from './rebuild-property';

const SEED = process.env.REWIND_REBUILD_SEED ? seedFrom('REWIND_REBUILD_SEED') : 15;
const HISTORIES = 300;
// Small limits, so that runs hit them: tasks that would leave too many activities or children pending fail,
// and a history past 100 events ends its run.
const OPTIONS = { maxSteps: 60, maxRuns: 3, limits: { historyEvents: 100, pendingActivities: 5, pendingChildren: 2 } };

/** The runs of `count` histories made from `seed`, each with the history it came from. */
function generate(seed: number, count: number): { history: number; run: GeneratedRun }[] {
  const rng = seededRandom(seed);
  const out: { history: number; run: GeneratedRun }[] = [];
  for (let history = 0; history < count; history++) {
    for (const run of new LiveHistoryGenerator(rng, OPTIONS).generate()) out.push({ history, run });
  }
  return out;
}

/** What went wrong first, with how to replay it. */
function check(runs: { history: number; run: GeneratedRun }[], rebuild: Rebuild = rebuildState): string | undefined {
  for (const { history, run } of runs) {
    const found = firstDisagreement(run, rebuild);
    if (!found) continue;
    const i = run.states.indexOf(found.at);
    const trail = run.states.slice(Math.max(0, i - 8), i + 1).map((s) => `  ${s.step}`);
    return [
      `History ${history} of seed ${SEED} (replay: REWIND_REBUILD_SEED=${SEED}), run ${run.states[0]!.state.runId}, after event ${found.at.eventCount}:`,
      ...trail,
      `(+ rebuilt, - live) ${found.message}`,
    ].join('\n');
  }
  return undefined;
}

describe(`engine: rebuild agrees with the live engine (seed ${SEED})`, function () {
  let runs: { history: number; run: GeneratedRun }[] = [];
  before(function () {
    runs = generate(SEED, HISTORIES); // Throws if the live engine writes an invalid history.
  });

  it(`on ${HISTORIES} random histories, after every change`, function () {
    const problem = check(runs);
    if (problem) assert.fail(problem);
  });

  it('covers what it claims to: every kind of event, and runs that follow others', function () {
    const types = new Set(runs.flatMap(({ run }) => run.events.map((e) => e.type)));
    for (const type of [
      'WorkflowTaskFailed',
      'WorkflowTaskTimedOut',
      'ActivityTaskCompleted',
      'ActivityTaskFailed',
      'ActivityTaskTimedOut',
      'ActivityTaskCanceled',
      'ActivityTaskCancelRequested',
      'TimerFired',
      'TimerCanceled',
      'MarkerRecorded',
      'UpsertWorkflowSearchAttributes',
      'WorkflowPropertiesModified',
      'WorkflowExecutionSignaled',
      'WorkflowExecutionCancelRequested',
      'WorkflowExecutionUpdateAccepted',
      'WorkflowExecutionUpdateCompleted',
      'ChildWorkflowExecutionCompleted',
      'StartChildWorkflowExecutionFailed',
      'ExternalWorkflowExecutionSignaled',
      'RequestCancelExternalWorkflowExecutionFailed',
      'WorkflowExecutionCompleted',
      'WorkflowExecutionFailed',
      'WorkflowExecutionCanceled',
      'WorkflowExecutionTimedOut',
      'WorkflowExecutionTerminated',
      'WorkflowExecutionContinuedAsNew',
    ] as const) {
      assert.ok(types.has(type), `no generated history holds ${type}`);
    }
    const initiators = new Set(runs.map(({ run }) => run.events[0]?.type === 'WorkflowExecutionStarted' && run.events[0].initiator));
    assert.ok(initiators.has('CONTINUE_AS_NEW') && initiators.has('CRON_SCHEDULE'), 'runs that follow others are driven too');
    const states = runs.reduce((n, { run }) => n + run.states.length, 0);
    assert.ok(states > 10_000, `only ${states} states recorded`);
  });

  it('notices a rebuild that forgets something (the property can fail)', function () {
    const forgetsTimers: Rebuild = (...args) => ({ ...rebuildState(...args), timers: {} });
    assert.match(check(runs, forgetsTimers) ?? '', /timers/);
    // A rebuild that keeps the start's memo and skips the workflow's upserts of it.
    const skipsMemoUpserts: Rebuild = (id, events, now) => {
      const { memo: _, ...state } = rebuildState(id, events, now);
      const started = events[0];
      return { ...state, ...(started?.type === 'WorkflowExecutionStarted' && started.memo ? { memo: started.memo } : {}) };
    };
    assert.match(check(runs, skipsMemoUpserts) ?? '', /memo/);
  });
});
