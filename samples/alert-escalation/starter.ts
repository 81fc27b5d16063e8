// The alert-escalation sample: `npm run sample:alert-escalation -- raise disk-full` pages ana, then bo
// and cy a minute apart; `... ack disk-full bo` acknowledges; `... state disk-full` shows where it is.
import { Client, Connection } from '@rewind/sdk/client';
import { acknowledge, alertEscalation, state } from './workflows';
import { TASK_QUEUE } from './task-queue';

async function main(): Promise<void> {
  const [verb = 'raise', id = `alert-${Date.now()}`, who = 'ana'] = process.argv.slice(2);
  const connection = await Connection.connect();
  const client = new Client({ connection });
  const handle = client.workflow.getHandle(id);
  if (verb === 'raise') {
    await client.workflow.start(alertEscalation, {
      taskQueue: TASK_QUEUE,
      workflowId: id,
      args: [{ id, message: `${id} needs attention` }, ['ana', 'bo', 'cy'], '1 minute'],
    });
    console.log(`Raised ${id}. Acknowledge it with: npm run sample:alert-escalation -- ack ${id} ana`);
  } else if (verb === 'ack') {
    await handle.signal(acknowledge, who);
    console.log(JSON.stringify(await handle.result()));
  } else if (verb === 'state') {
    console.log(JSON.stringify(await handle.query(state)));
  } else {
    throw new Error(`Unknown command ${verb}: use raise, ack or state`);
  }
  await connection.close();
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
