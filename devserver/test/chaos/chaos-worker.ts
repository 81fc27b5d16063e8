// A Rewind worker process of the chaos run (the harness starts two, and SIGKILLs and restarts them).
import { Context } from '@rewind/sdk/activity';
import { NativeConnection, Worker } from '@rewind/sdk/worker';
import { chaosActivities } from './chaos-activities';
import { CHAOS_TASK_QUEUE } from './chaos-spec';

async function main(): Promise<void> {
  const connection = await NativeConnection.connect({ address: process.env.REWIND_ADDRESS! });
  const worker = await Worker.create({
    connection,
    taskQueue: CHAOS_TASK_QUEUE,
    workflowsPath: require.resolve('./chaos-workflows'),
    activities: chaosActivities(() => Context.current().info.attempt),
    identity: process.env.CHAOS_WORKER_NAME,
  });
  await worker.run();
}

main().catch((err) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exit(1);
});
