// One worker process for all samples: each sample's task queue gets its own Worker on one connection.
// `npm start` runs this next to the server; run it alone with `npx tsx samples/worker.ts`.
import { NativeConnection, Worker } from '@rewind/sdk/worker';
import * as orderActivities from './order/activities';
import { TASK_QUEUE as ORDER_QUEUE } from './order/task-queue';

async function main(): Promise<void> {
  const connection = await NativeConnection.connect({ address: process.env.REWIND_ADDRESS ?? '127.0.0.1:7233' });
  const workers = await Promise.all([
    Worker.create({ connection, taskQueue: ORDER_QUEUE, workflowsPath: require.resolve('./order/workflows'), activities: orderActivities }),
  ]);
  await Promise.all(workers.map((w) => w.run()));
  await connection.close();
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
