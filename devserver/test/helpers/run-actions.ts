// What can happen to an open run next, as the service would make it happen (each one change through the
// live engine): its workflow task is handed out, completed with random commands, failed or timed out; its
// activities are handed out, complete, fail, heartbeat or lose their worker; time passes and due timers
// fire; clients signal, cancel, terminate and send updates; children end. One is picked at random.
import type { Failure, WorkflowOutcome } from '@rewind/sdk/protocol';
import { activityCancelled, completeActivity, failActivityAttempt, recordHeartbeat, startActivity } from '../../src/engine/activities';
import { childClosed } from '../../src/engine/children';
import { completeWorkflowTask } from '../../src/engine/complete-workflow-task';
import { deriveTimers } from '../../src/engine/derive';
import { requestCancelRun, signalRun, terminateRun } from '../../src/engine/execution';
import { onTimer } from '../../src/engine/on-timer';
import type { ActivityState } from '../../src/engine/run-state';
import { requestUpdate } from '../../src/engine/updates';
import { endStartDelay, failWorkflowTask, firstTaskDelayed, startWorkflowTask } from '../../src/engine/workflow-task';
import type { LiveHistoryGenerator, LiveRun } from './live-history-generator';
import { copyMemory, makeFailure, randomCommands, randomPayload } from './random-commands';

interface Action {
  weight: number;
  run(): void;
}

const WORKER = { workerId: 'worker-1', identity: 'worker-1@host' };

const workerLost = (what: string): Failure => ({
  message: `The worker running this ${what} went away.`,
  source: 'RewindServer',
  info: { type: 'application', errorType: 'WorkerLost', nonRetryable: false },
});

export function runActions(gen: LiveHistoryGenerator, run: LiveRun): { step(): void } {
  const rng = gen.rng;
  const change = (step: string, fn: Parameters<LiveHistoryGenerator['change']>[2]): void => gen.change(run, step, fn);

  /** Time passes: the timers that come due meanwhile fire in order, each a change of its own. */
  const wait = (ms: number): void => {
    const until = gen.now + ms;
    for (let fired = 0; fired < 200 && run.state.status === 'RUNNING'; fired++) {
      const due = deriveTimers(run.state)
        .filter((t) => t.fireAt <= until)
        .sort((a, b) => a.fireAt - b.fireAt)[0];
      if (!due) break;
      gen.now = Math.max(gen.now, due.fireAt);
      change(`timer ${due.kind} ${due.key} fires`, (tx) => onTimer(tx, due));
    }
    gen.now = Math.max(gen.now, until);
  };

  const workflowTaskActions = (): Action[] => {
    const wt = run.state.workflowTask;
    if (wt?.status === 'scheduled') {
      return [{ weight: 6, run: () => change('workflow task started', (tx) => startWorkflowTask(tx, wt.scheduledEventId, WORKER)) }];
    }
    if (wt?.status !== 'started') return [];
    return [
      {
        weight: 6,
        run: () => {
          const memory = copyMemory(run.memory);
          const commands = randomCommands(rng, run.state, memory);
          const names = commands.map((c) => c.type).join(', ') || 'no commands';
          gen.change(
            run,
            `workflow task completed: ${names}`,
            (tx) => completeWorkflowTask(tx, commands, WORKER, gen.options.limits),
            memory,
          );
        },
      },
      {
        weight: 0.6,
        run: () => {
          const cause = rng.pick(['WORKFLOW_WORKER_UNHANDLED_FAILURE', 'NON_DETERMINISTIC_ERROR', 'WORKER_LOST'] as const);
          change(`workflow task failed: ${cause}`, (tx) => failWorkflowTask(tx, cause, makeFailure('task failed')));
        },
      },
    ];
  };

  const activityActions = (a: ActivityState): Action[] => {
    const id = a.scheduledEventId;
    const current = (): ActivityState => run.state.activities[id]!;
    if (a.status === 'scheduled')
      return [{ weight: 2, run: () => change(`activity ${id} started`, (tx) => startActivity(tx, id, WORKER)) }];
    if (a.status !== 'started') return [];
    return [
      { weight: 2, run: () => change(`activity ${id} completed`, (tx) => completeActivity(tx, current(), randomPayload(rng))) },
      {
        weight: 1,
        run: () => {
          const nonRetryable = rng.chance(0.3);
          change(`activity ${id} attempt failed${nonRetryable ? ' (non-retryable)' : ''}`, (tx) => {
            if (rng.chance(0.3)) recordHeartbeat(tx, current(), [randomPayload(rng)]);
            failActivityAttempt(tx, current(), makeFailure('attempt failed', nonRetryable));
          });
        },
      },
      { weight: 0.5, run: () => change(`activity ${id} heartbeat`, (tx) => recordHeartbeat(tx, current(), [randomPayload(rng)])) },
      { weight: 0.3, run: () => change(`activity ${id} worker lost`, (tx) => failActivityAttempt(tx, current(), workerLost('activity'))) },
      {
        weight: a.cancelRequested ? 2 : 0.2,
        run: () =>
          change(`activity ${id} cancelled by its worker`, (tx) => {
            // As the service does: a cancel nobody asked for is a failed attempt.
            if (current().cancelRequested) activityCancelled(tx, current(), undefined);
            else failActivityAttempt(tx, current(), makeFailure('cancelled without a request'));
          }),
      },
    ];
  };

  const clientActions = (): Action[] => {
    const actions: Action[] = [
      {
        weight: 1,
        run: () => {
          const retried = run.signalRequestIds.length > 0 && rng.chance(0.2);
          const requestId = retried ? rng.pick(run.signalRequestIds) : rng.chance(0.7) ? `signal-${gen.newId()}` : undefined;
          if (requestId && !retried) run.signalRequestIds.push(requestId);
          change(`signal${retried ? ' (retried)' : ''}`, (tx) =>
            signalRun(tx, { signalName: 'go', args: [randomPayload(rng)], ...(requestId ? { requestId } : {}) }),
          );
        },
      },
      { weight: 0.3, run: () => change('cancel requested', (tx) => requestCancelRun(tx, { reason: 'enough', identity: 'cli' })) },
      { weight: 0.05, run: () => change('terminated', (tx) => terminateRun(tx, { reason: 'stop', identity: 'cli' })) },
      {
        weight: 0.6,
        run: () => {
          const retried = run.updateIds.length > 0 && rng.chance(0.2);
          const updateId = retried ? rng.pick(run.updateIds) : `update-${gen.newId()}`;
          if (!retried) run.updateIds.push(updateId);
          change(`update ${updateId} requested`, (tx) =>
            requestUpdate(tx, { updateId, name: 'setPrice', args: [randomPayload(rng)], ...(rng.chance(0.5) ? { identity: 'cli' } : {}) }),
          );
        },
      },
    ];
    if (firstTaskDelayed(run.state)) {
      actions.push({
        weight: 0.5,
        run: () =>
          change('signal with start', (tx) => {
            signalRun(tx, { signalName: 'go', args: [], requestId: `signal-with-start/${gen.newId()}` });
            endStartDelay(tx);
          }),
      });
    }
    return actions;
  };

  const childActions = (): Action[] =>
    Object.values(run.state.children)
      .filter((c) => c.runId !== undefined)
      .map((c) => ({
        weight: 0.5,
        run: () => {
          const outcome = randomOutcome();
          change(`child ${c.initiatedEventId} ${outcome.status}`, (tx) => childClosed(tx, c.initiatedEventId, c.runId!, outcome));
        },
      }));

  const randomOutcome = (): WorkflowOutcome =>
    rng.pick<WorkflowOutcome>([
      { status: 'COMPLETED', result: randomPayload(rng) },
      { status: 'FAILED', failure: makeFailure('child failed') },
      { status: 'CANCELLED' },
      { status: 'TIMED_OUT' },
      { status: 'TERMINATED', reason: 'stop' },
      { status: 'CONTINUED_AS_NEW', newRunId: gen.newId() },
    ]);

  return {
    step(): void {
      wait(rng.chance(0.1) ? rng.int(5, 90) * 1000 : rng.int(0, 1500));
      if (run.state.status !== 'RUNNING') return;
      const actions = [
        ...workflowTaskActions(),
        ...Object.values(run.state.activities).flatMap(activityActions),
        ...clientActions(),
        ...childActions(),
      ];
      let r = rng.next() * actions.reduce((sum, a) => sum + a.weight, 0);
      for (const a of actions) {
        r -= a.weight;
        if (r < 0) return a.run();
      }
    },
  };
}
