// Starts a media sync and prints what each file took: `npm run sample:media-sync -- a.mp4 b.mp4`.
import { Client, Connection } from '@rewind/sdk/client';
import { mediaSync } from './workflows';
import { TASK_QUEUE } from './task-queue';

async function main(): Promise<void> {
  const files = process.argv.slice(2);
  const connection = await Connection.connect();
  const client = new Client({ connection });
  const handle = await client.workflow.start(mediaSync, {
    taskQueue: TASK_QUEUE,
    workflowId: `media-sync-${Date.now()}`,
    args: [files.length > 0 ? files : ['holiday.mp4', 'concert.mp4', 'album.flac']],
  });
  console.log(`Started ${handle.workflowId}; waiting…`);
  for (const r of await handle.result()) {
    console.log(
      `${r.file}: ${r.chunks} chunks, finished by attempt ${r.attempt}${r.resumedFrom ? ` (resumed at chunk ${r.resumedFrom})` : ''}`,
    );
  }
  await connection.close();
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
