// The benchmark's workflow: three activities in a row (the shape the targets are stated for).
import { proxyActivities } from '@rewind/sdk/workflow';
import type * as activities from './activities';

const { stepA, stepB, stepC } = proxyActivities<typeof activities>({ startToCloseTimeout: '1 minute' });

export async function threeSteps(n: number): Promise<number> {
  const a = await stepA(n);
  const b = await stepB(a);
  return stepC(b);
}
