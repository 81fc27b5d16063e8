// The benchmark's three steps written for Temporal's own SDK, unchanged: the same workload, driven by
// @temporalio/worker and @temporalio/client over Rewind's gRPC frontend.
import { proxyActivities } from '@temporalio/workflow';
import type * as activities from './activities';

const remote = proxyActivities<typeof activities>({ startToCloseTimeout: '1 minute' });

export async function threeSteps(n: number): Promise<number> {
  const a = await remote.stepA(n);
  const b = await remote.stepB(a);
  return remote.stepC(b);
}

/** A long history: `steps` activities one after another, each followed by a workflow task (the sticky-queue measure). */
export async function longSteps(steps: number): Promise<number> {
  let n = 0;
  for (let i = 0; i < steps; i++) n = await remote.stepA(n);
  return n;
}
