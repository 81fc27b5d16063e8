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
