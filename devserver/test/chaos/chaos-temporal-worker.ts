// A Temporal SDK worker process of the chaos run (@temporalio/worker, unchanged) on the chaos workflows,
// bundled once by the harness (CHAOS_BUNDLE names the file), serving CHAOS_QUEUE (its own, or Rewind's
// workers') of the Rewind server at REWIND_ADDRESS over gRPC; the harness SIGKILLs and restarts it as it does Rewind's.
import { Context } from '@temporalio/activity';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { chaosActivities } from './chaos-activities';

async function main(): Promise<void> {
  const codePath = process.env.CHAOS_BUNDLE;
  const taskQueue = process.env.CHAOS_QUEUE;
  if (!codePath || !taskQueue) throw new Error('CHAOS_BUNDLE and CHAOS_QUEUE must name the workflow bundle file and the task queue.');
  Runtime.install({
    logger: new DefaultLogger('WARN', ({ level, message, meta }) => {
      process.stderr.write(`${level} ${message} ${meta ? JSON.stringify(meta) : ''}\n`);
    }),
  });
  const connection = await NativeConnection.connect({ address: process.env.REWIND_ADDRESS! });
  const worker = await Worker.create({
    connection,
    taskQueue,
    workflowBundle: { codePath },
    activities: chaosActivities(() => Context.current().info.attempt),
    identity: process.env.CHAOS_WORKER_NAME,
  });
  const running = worker.run();
  process.stdout.write(`Worker running on task queue ${taskQueue}\n`);
  await running;
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
