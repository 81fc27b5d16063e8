// Creates the nightly schedule (once) on a demo backup folder, runs one check now, and prints the
// schedule: `npm run sample:nightly-backup-check`.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Client, Connection, ScheduleAlreadyRunning } from '@rewind/sdk/client';
import { createNightlySchedule } from './schedule';

const SCHEDULE_ID = 'nightly-backup-check';

/** A folder with one backup and its checksum, so that the sample has something to check. */
function demoBackups(): string {
  const dir = path.resolve('.rewind/sample-backups');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'db-nightly.bak');
  const data = `demo backup written ${new Date().toISOString()}\n`.repeat(1000);
  fs.writeFileSync(file, data);
  fs.writeFileSync(`${file}.sha256`, `${createHash('sha256').update(data).digest('hex')}  db-nightly.bak\n`);
  return dir;
}

async function main(): Promise<void> {
  const connection = await Connection.connect();
  const client = new Client({ connection });
  const dir = demoBackups();
  let handle = client.schedule.getHandle(SCHEDULE_ID);
  try {
    handle = await createNightlySchedule(client, SCHEDULE_ID, { dir, maxAgeHours: 26 });
    console.log(`Created schedule ${SCHEDULE_ID}: every night at 03:00 UTC.`);
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    console.log(`Schedule ${SCHEDULE_ID} exists already.`);
  }
  await handle.trigger();
  const d = await handle.describe();
  const last = d.info.recentActions.at(-1);
  console.log(`Triggered a check now: ${last?.action.workflow.workflowId}`);
  if (last) console.log(JSON.stringify(await client.workflow.getHandle(last.action.workflow.workflowId).result()));
  console.log(
    `Next runs: ${d.info.nextActionTimes
      .slice(0, 3)
      .map((t) => t.toISOString())
      .join(', ')}`,
  );
  await connection.close();
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
