// The chaos run's workflows: each generation runs an activity, maybe a flaky one, a durable timer and a
// child workflow; the chain continues as new; the last run waits for the harness's signals.
import {
  condition,
  continueAsNew,
  defineSignal,
  executeChild,
  proxyActivities,
  setHandler,
  sleep,
  workflowInfo,
} from '@rewind/sdk/workflow';
import type * as activities from './chaos-activities';
import type { ChaosProgress, ChaosSpec } from './chaos-spec';

const { step, flaky } = proxyActivities<typeof activities>({
  startToCloseTimeout: '30 seconds',
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
