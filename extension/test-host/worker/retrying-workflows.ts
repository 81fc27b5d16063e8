// A workflow of the host tests (not a sample): its activity fails every attempt and is retried an hour
// later, so that it stays pending with an attempt, a last failure and a next retry time to show.
import { proxyActivities } from '@rewind/sdk/workflow';
import type * as activities from './retrying-activities';

const { chargeCard } = proxyActivities<typeof activities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 hour', maximumAttempts: 5 },
});

export async function retryingCharge(orderId: string): Promise<string> {
  return chargeCard(orderId);
}
