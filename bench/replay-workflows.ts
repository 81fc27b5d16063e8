// The replay benchmark's workflow: many steps in a row (a long history), a short sleep now and then.
import { proxyActivities, sleep } from '@rewind/sdk/workflow';
import type * as activities from './activities';

const { stepA } = proxyActivities<typeof activities>({ startToCloseTimeout: '1 minute' });

export async function manySteps(steps: number): Promise<number> {
  let n = 0;
  for (let i = 0; i < steps; i++) {
    n = await stepA(n);
    if (i % 100 === 99) await sleep(1);
  }
  return n;
}
