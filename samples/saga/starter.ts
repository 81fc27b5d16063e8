// Books a trip: `npm run sample:saga -- Lisbon` (or `-- Atlantis` to see the compensations).
import { Client, Connection, WorkflowFailedError } from '@rewind/sdk/client';
import { bookTrip } from './workflows';
import { TASK_QUEUE } from './task-queue';

async function main(): Promise<void> {
  const destination = process.argv[2] ?? 'Lisbon';
  const connection = await Connection.connect();
  const client = new Client({ connection });
  const id = `trip-${Date.now()}`;
  try {
    const booked = await client.workflow.execute(bookTrip, {
      taskQueue: TASK_QUEUE,
      workflowId: id,
      args: [{ id, traveller: 'ana', destination }],
    });
    console.log(`Booked: ${booked.join(', ')}`);
  } catch (err) {
    if (!(err instanceof WorkflowFailedError)) throw err;
    console.log(`Not booked: ${err.cause?.message}`);
  }
  await connection.close();
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
