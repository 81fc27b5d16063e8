// The benchmark's workflows: three steps in a row (the shape the issues' targets are stated for), as
// activities and as local activities.
import { proxyActivities, proxyLocalActivities } from '@rewind/sdk/workflow';
import type * as activities from './activities';

const remote = proxyActivities<typeof activities>({ startToCloseTimeout: '1 minute' });
const local = proxyLocalActivities<typeof activities>({ startToCloseTimeout: '1 minute' });

export async function threeSteps(n: number): Promise<number> {
  const a = await remote.stepA(n);
  const b = await remote.stepB(a);
  return remote.stepC(b);
}

export async function threeLocalSteps(n: number): Promise<number> {
  const a = await local.stepA(n);
  const b = await local.stepB(a);
  return local.stepC(b);
}
