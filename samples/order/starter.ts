// Starts an order workflow and prints its result: `npx tsx samples/order/starter.ts [orderId]`.
import { Client, Connection } from '@rewind/sdk/client';
import { orderWorkflow } from './workflows';
import { TASK_QUEUE } from './task-queue';

async function main(): Promise<void> {
  const orderId = process.argv[2] ?? `order-${Date.now()}`;
  const connection = await Connection.connect();
  const client = new Client({ connection });
  const handle = await client.workflow.start(orderWorkflow, { taskQueue: TASK_QUEUE, workflowId: orderId, args: [orderId] });
  console.log(`Started workflow ${handle.workflowId} (run ${handle.firstExecutionRunId}); waiting for the result…`);
  console.log(await handle.result());
  await connection.close();
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
