// Runs the approval sample's worker: `npx tsx samples/approval/worker.ts` (needs a running server).
import { NativeConnection, Worker } from '@rewind/sdk/worker';
import * as activities from './activities';
import { TASK_QUEUE } from './task-queue';

async function main(): Promise<void> {
  const connection = await NativeConnection.connect();
  const worker = await Worker.create({ connection, taskQueue: TASK_QUEUE, workflowsPath: require.resolve('./workflows'), activities });
  await worker.run();
  await connection.close();
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
