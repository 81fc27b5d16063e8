// The order sample's activities: the steps that touch the outside world (here they only log, and
// count their calls in a file so that the kill test can check that each step ran once).
import fs from 'node:fs';
import { activityInfo } from '@rewind/sdk/activity';

async function step<T>(name: string, orderId: string, work: () => T): Promise<T> {
  /** When set, each activity appends a line `<step> <orderId> attempt=<n> <started|done>` to this file. */
  const journal = process.env.ORDER_JOURNAL;
  /** When set, each activity takes this long (to have time to kill the worker in the middle of one). */
  const delayMs = Number(process.env.ORDER_ACTIVITY_DELAY_MS ?? 0);
  const { attempt } = activityInfo();
  if (journal) fs.appendFileSync(journal, `${name} ${orderId} attempt=${attempt} started\n`);
  console.log(`[activity] ${name}(${orderId}) attempt ${attempt}`);
  if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
  const result = work();
  if (journal) fs.appendFileSync(journal, `${name} ${orderId} attempt=${attempt} done\n`);
  return result;
}

export async function processPayment(orderId: string): Promise<string> {
  return step('processPayment', orderId, () => `payment-${orderId}`);
}

export async function updateInventory(orderId: string): Promise<void> {
  return step('updateInventory', orderId, () => undefined);
}

export async function sendEmail(orderId: string, status: string): Promise<void> {
  return step('sendEmail', orderId, () => console.log(`[activity] email: order ${orderId} is ${status}`));
}
