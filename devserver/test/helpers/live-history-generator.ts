// Random but valid histories made by the live engine: a run, and the runs that follow it (continue-as-new,
// cron), driven through random things that happen to a run (workflow tasks with random commands,
// activity attempts, time passing and firing timers, signals, cancel requests, updates, answers from
// other runs), the way the service drives them. Records the run's state after each change.
import type { HistoryEvent } from '@rewind/sdk/protocol';
import type { RunLimits } from '../../src/engine/limits';
import type { RunState } from '../../src/engine/run-state';
import { startRun } from '../../src/engine/execution';
import type { StartRunParams } from '../../src/engine/start-run-params';
import { RunTransition, type RunEffect } from '../../src/engine/transition';
import { childStarted, childStartFailed, externalDelivered } from '../../src/engine/children';
import { newWorkflowMemory, randomPayload, randomSearchAttributes, type WorkflowMemory } from './random-commands';
import { runActions } from './run-actions';
import type { SeededRandom } from './seeded-random';
import { CLOSING_EVENT_TYPES } from '@rewind/sdk/internal/history/run-status';

/** The live state after one change of a run. */
export interface StateAt {
  /** As the server stores it (JSON). */
  state: RunState;
  /** How long the run's history was after the change. */
  eventCount: number;
  /** What happened. */
  step: string;
}

export interface GeneratedRun {
  events: HistoryEvent[];
  states: StateAt[];
}

export interface GeneratorOptions {
  /** Changes made to each run (at most). */
  maxSteps: number;
  /** Runs of one workflow id, the first and those that follow it. */
  maxRuns: number;
  limits: RunLimits;
}

/** A run being driven: its state, history and what its workflow code remembers. */
export interface LiveRun {
  state: RunState;
  events: HistoryEvent[];
  states: StateAt[];
  memory: WorkflowMemory;
  signalRequestIds: string[];
  updateIds: string[];
}

/** One history's worth of runs (a run and its followers), made from `rng`. */
export class LiveHistoryGenerator {
  now = Date.parse('2026-01-01T00:00:00Z');
  private ids = 0;
  private readonly queue: LiveRun[] = [];
  private readonly talksToOthers: boolean;

  constructor(
    readonly rng: SeededRandom,
    readonly options: GeneratorOptions,
  ) {
    this.talksToOthers = rng.chance(0.3);
  }

  newId(): string {
    return `run-${++this.ids}`;
  }

  generate(): GeneratedRun[] {
    const first = this.adopt(startRun(this.randomStart(), this.now), 'start');
    this.queue.push(first);
    const done: GeneratedRun[] = [];
    for (let run = this.queue.shift(); run && done.length < this.options.maxRuns; run = this.queue.shift()) {
      const actions = runActions(this, run);
      for (let step = 0; step < this.options.maxSteps && run.state.status === 'RUNNING'; step++) actions.step();
      done.push({ events: run.events, states: run.states });
    }
    return done;
  }

  /** Applies one change to a run as the service does: then the runs it starts, and the other runs' answers. */
  change(run: LiveRun, step: string, fn: (tx: RunTransition) => void, memory?: WorkflowMemory): void {
    const tx = new RunTransition(run.state, this.now, () => this.newId());
    fn(tx);
    this.record(run, tx, step);
    // The workflow's seqs advance only when its task completed (a failed task's commands are issued again).
    if (memory && tx.events.some((e) => e.type === 'WorkflowTaskCompleted')) run.memory = memory;
    for (const next of tx.spawned) this.queue.push(this.adopt(next, `started by ${step}`));
    for (const effect of tx.effects) this.answer(run, effect);
  }

  private adopt(tx: RunTransition, step: string): LiveRun {
    const run: LiveRun = {
      state: tx.state,
      events: [],
      states: [],
      memory: newWorkflowMemory(this.talksToOthers),
      signalRequestIds: [],
      updateIds: [],
    };
    this.record(run, tx, step);
    return run;
  }

  private record(run: LiveRun, tx: RunTransition, step: string): void {
    const last = run.events.at(-1);
    if (last && CLOSING_EVENT_TYPES.has(last.type) && tx.events.length > 0) {
      throw new Error(`invalid history: ${step} appended ${tx.events.map((e) => e.type).join(', ')} after the run closed`);
    }
    for (const e of tx.events) {
      if (e.eventId !== run.events.length + 1)
        throw new Error(`invalid history: ${step} appended event ${e.eventId} after ${run.events.length}`);
      run.events.push(e);
    }
    run.states.push({ state: JSON.parse(JSON.stringify(run.state)) as RunState, eventCount: run.events.length, step });
  }

  /** What the other runs answer at once, in the same transaction (service/commit/effects.ts). */
  private answer(run: LiveRun, effect: RunEffect): void {
    const rng = this.rng;
    switch (effect.type) {
      case 'startChild':
        if (rng.chance(0.2)) this.change(run, 'child start refused', (tx) => childStartFailed(tx, effect.initiatedEventId));
        else {
          const childRunId = this.newId();
          this.change(run, 'child started', (tx) => childStarted(tx, effect.initiatedEventId, childRunId));
        }
        return;
      case 'signalExternal':
      case 'cancelExternal': {
        const kind = effect.type === 'signalExternal' ? 'signal' : 'cancel';
        const runId = rng.chance(0.7) ? this.newId() : undefined;
        this.change(run, `external ${kind} ${runId ? 'delivered' : 'not found'}`, (tx) =>
          externalDelivered(tx, kind, effect.initiatedEventId, effect.workflowId, runId),
        );
        return;
      }
      case 'notifyParent':
      case 'closeChild':
        return; // Changes to other runs.
    }
  }

  private randomStart(): StartRunParams {
    const rng = this.rng;
    const runId = this.newId();
    return {
      namespace: 'default',
      workflowId: 'wf-1',
      runId,
      workflowType: 'wf',
      taskQueue: 'q',
      args: [randomPayload(rng)],
      requestId: `request-${runId}`,
      ...(rng.chance(0.5) ? { identity: 'starter' } : {}),
      ...(rng.chance(0.2) ? { workflowExecutionTimeoutMs: rng.int(60, 600) * 1000 } : {}),
      ...(rng.chance(0.2) ? { workflowRunTimeoutMs: rng.int(30, 300) * 1000 } : {}),
      ...(rng.chance(0.5) ? { workflowTaskTimeoutMs: rng.int(1, 10) * 1000 } : {}),
      ...(rng.chance(0.3) ? { memo: { note: randomPayload(rng) } } : {}),
      ...(rng.chance(0.3) ? { searchAttributes: randomSearchAttributes(rng, false) } : {}),
      ...(rng.chance(0.1) ? { cronSchedule: '* * * * *' } : rng.chance(0.1) ? { startDelayMs: rng.int(1, 30) * 1000 } : {}),
      ...(rng.chance(0.2) ? { parent: { namespace: 'default', workflowId: 'parent-1', runId: 'parent-run', initiatedEventId: 5 } } : {}),
    };
  }
}
