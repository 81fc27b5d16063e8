// Runs the media-sync sample's worker (simulated flaky network): `npx tsx samples/media-sync/worker.ts`.
import { NativeConnection, Worker } from '@rewind/sdk/worker';
import { createActivities, simulatedNetwork } from './activities';
import { TASK_QUEUE } from './task-queue';

async function main(): Promise<void> {
  const connection = await NativeConnection.connect();
  const worker = await Worker.create({
    connection,
    taskQueue: TASK_QUEUE,
    workflowsPath: require.resolve('./workflows'),
    activities: createActivities(simulatedNetwork),
  });
  await worker.run();
  await connection.close();
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
