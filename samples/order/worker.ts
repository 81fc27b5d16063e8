// Runs the order sample's worker: `npx tsx samples/order/worker.ts` (needs a running server; its address
// comes from REWIND_ADDRESS or TEMPORAL_ADDRESS, else 127.0.0.1:7233).
import { NativeConnection, Worker } from '@rewind/sdk/worker';
import * as activities from './activities';
import { TASK_QUEUE } from './task-queue';

/** Runs the worker until Ctrl-C, connected to `address`, else to the environment's address. */
export async function runWorker(address?: string): Promise<void> {
  const connection = await NativeConnection.connect(address ? { address } : {});
  const worker = await Worker.create({
    connection,
    taskQueue: TASK_QUEUE,
    workflowsPath: require.resolve('./workflows'),
    activities,
  });
  await worker.run();
  await connection.close();
}

if (require.main === module) {
  runWorker().catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
