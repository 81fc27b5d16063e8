// The order sample's activities: the steps that touch the outside world (here they only log, and
// count their calls in a file so that the kill test can check that each step ran once).
import fs from 'node:fs';
import { activityInfo } from '@rewind/sdk/activity';

/** When set, each activity appends a line `<name> <orderId>` to this file. */
const journal = process.env.ORDER_JOURNAL;

function record(step: string, orderId: string): void {
  if (journal) fs.appendFileSync(journal, `${step} ${orderId} attempt=${activityInfo().attempt}\n`);
  console.log(`[activity] ${step}(${orderId})`);
}

export async function processPayment(orderId: string): Promise<string> {
  record('processPayment', orderId);
  return `payment-${orderId}`;
}

export async function updateInventory(orderId: string): Promise<void> {
  record('updateInventory', orderId);
}

export async function sendEmail(orderId: string, status: string): Promise<void> {
  record('sendEmail', orderId);
  console.log(`[activity] email: order ${orderId} is ${status}`);
}
