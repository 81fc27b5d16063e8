// A worker process of the chaos run (the harness starts two, and SIGKILLs and restarts them).
import { NativeConnection, Worker } from '@rewind/sdk/worker';
import * as activities from './chaos-activities';
import { CHAOS_TASK_QUEUE } from './chaos-spec';

async function main(): Promise<void> {
  const connection = await NativeConnection.connect({ address: process.env.REWIND_ADDRESS! });
  const worker = await Worker.create({
    connection,
    taskQueue: CHAOS_TASK_QUEUE,
    workflowsPath: require.resolve('./chaos-workflows'),
    activities,
    identity: process.env.CHAOS_WORKER_NAME,
  });
  await worker.run();
}

main().catch((err) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exit(1);
});
