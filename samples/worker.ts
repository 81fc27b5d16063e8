// One worker process for all samples: each sample's task queue gets its own Worker on one connection.
// `npm start` runs this next to the server; run it alone with `npx tsx samples/worker.ts`.
import { NativeConnection, Runtime, Worker } from '@rewind/sdk/worker';
import * as alertActivities from './alert-escalation/activities';
import { TASK_QUEUE as ALERT_QUEUE } from './alert-escalation/task-queue';
import * as approvalActivities from './approval/activities';
import { TASK_QUEUE as APPROVAL_QUEUE } from './approval/task-queue';
import { createActivities as mediaSyncActivities, simulatedNetwork } from './media-sync/activities';
import { TASK_QUEUE as MEDIA_SYNC_QUEUE } from './media-sync/task-queue';
import * as backupActivities from './nightly-backup-check/activities';
import { TASK_QUEUE as BACKUP_QUEUE } from './nightly-backup-check/task-queue';
import * as orderActivities from './order/activities';
import { TASK_QUEUE as ORDER_QUEUE } from './order/task-queue';
import * as sagaActivities from './saga/activities';
import { TASK_QUEUE as SAGA_QUEUE } from './saga/task-queue';

async function main(): Promise<void> {
  // The address (and token) from REWIND_ADDRESS / TEMPORAL_ADDRESS, else 127.0.0.1:7233.
  const connection = await NativeConnection.connect();
  const samples: [string, string, object][] = [
    [ORDER_QUEUE, './order/workflows', orderActivities],
    [APPROVAL_QUEUE, './approval/workflows', approvalActivities],
    [MEDIA_SYNC_QUEUE, './media-sync/workflows', mediaSyncActivities(simulatedNetwork)],
    [SAGA_QUEUE, './saga/workflows', sagaActivities],
    [ALERT_QUEUE, './alert-escalation/workflows', alertActivities],
    [BACKUP_QUEUE, './nightly-backup-check/workflows', backupActivities],
  ];
  const workers = await Promise.all(
    samples.map(([taskQueue, workflows, activities]) =>
      Worker.create({ connection, taskQueue, workflowsPath: require.resolve(workflows), activities }),
    ),
  );
  const running = Promise.all(workers.map((w) => w.run()));
  // One line once all run (`npm start` prints how to start a sample after it, below the workers' lines).
  await Promise.race([allRunning(workers), running]);
  Runtime.instance().logger.info(`All samples' workers are running (task queues ${samples.map(([queue]) => queue).join(', ')})`);
  await running;
  await connection.close();
}

/** Resolves once every worker has registered with the server (a Worker has no event for it). */
async function allRunning(workers: Worker[]): Promise<void> {
  while (!workers.every((w) => w.getState() === 'RUNNING')) await new Promise((resolve) => setTimeout(resolve, 10));
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
