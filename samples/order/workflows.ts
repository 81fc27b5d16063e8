// The order workflow from the article that started Rewind: payment, a durable sleep, inventory, email.
// Kill the worker or the server at any point: it resumes from its last completed step.
import { proxyActivities, sleep } from '@rewind/sdk/workflow';
import type * as activities from './activities';

const { processPayment, updateInventory, sendEmail } = proxyActivities<typeof activities>({
  startToCloseTimeout: '5 minutes',
});

/** The sleep between payment and inventory; the kill test shortens it with ORDER_SLEEP. */
export const DEFAULT_SLEEP = '10 seconds';

export async function orderWorkflow(orderId: string, pause: string = DEFAULT_SLEEP): Promise<string> {
  const payment = await processPayment(orderId);
  await sleep(pause);
  await updateInventory(orderId);
  await sendEmail(orderId, 'confirmed');
  return `order ${orderId} confirmed (${payment})`;
}
