// The chaos run's workflows: each generation runs an activity, maybe a flaky one, a durable timer and a
// child workflow; the chain continues as new; the last run waits for the harness's signals. Written with
// `@temporalio/workflow`, so one file runs on both workers: Rewind's bundler maps it to Rewind's runtime.
import {
  condition,
  continueAsNew,
  defineSignal,
  executeChild,
  proxyActivities,
  setHandler,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import type { ChaosActivities } from './chaos-activities';
import { CHAOS_WORKFLOW_TASK_TIMEOUT, type ChaosProgress, type ChaosSpec } from './chaos-spec';

// Short timeouts (the activities take milliseconds): an attempt held by a SIGKILLed Temporal SDK worker,
// which no session ends, is retried once its start-to-close timeout passes, as on Temporal's server.
const { step, flaky } = proxyActivities<ChaosActivities>({
  startToCloseTimeout: '5 seconds',
  retry: { initialInterval: '50 ms', backoffCoefficient: 2, maximumInterval: '500 ms' },
});

export const pokeSignal = defineSignal<[number]>('poke');

export async function chaosWorkflow(spec: ChaosSpec, carried?: ChaosProgress): Promise<ChaosProgress> {
  const progress: ChaosProgress = carried ?? { generation: 0, total: 0, pokes: [] };
  setHandler(pokeSignal, (n) => void progress.pokes.push(n));
  const g = progress.generation;
  progress.total += await step(spec.index, g);
  if (spec.flakyFailures > 0) progress.total += await flaky(spec.index, spec.flakyFailures);
  await sleep(spec.sleepMs);
  if (spec.child) {
    progress.total += await executeChild(chaosChild, {
      args: [spec.index, g],
      workflowId: `${workflowInfo().workflowId}-child-${g}`,
      workflowTaskTimeout: CHAOS_WORKFLOW_TASK_TIMEOUT,
    });
  }
  if (g + 1 < spec.generations) {
    return continueAsNew<typeof chaosWorkflow>(spec, { ...progress, generation: g + 1 });
  }
  await condition(() => progress.pokes.length >= spec.signals);
  return { ...progress, pokes: [...progress.pokes].sort((a, b) => a - b) };
}

export async function chaosChild(index: number, generation: number): Promise<number> {
  return 2 * (await step(index, generation));
}
