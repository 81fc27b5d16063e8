// The approval sample: `npm run sample:approval -- start <id>`, then `... approve <id> <name>` or
// `... reject <id> <name>`, and `... status <id>` to see where it stands.
import { Client, Connection } from '@rewind/sdk/client';
import { approvalWorkflow, approve, reject, status } from './workflows';
import { TASK_QUEUE } from './task-queue';

async function main(): Promise<void> {
  const [verb = 'start', id = `request-${Date.now()}`, who = 'alice'] = process.argv.slice(2);
  const connection = await Connection.connect();
  const client = new Client({ connection });
  const workflowId = `approval-${id}`;
  const handle = client.workflow.getHandle(workflowId);
  switch (verb) {
    case 'start': {
      await client.workflow.start(approvalWorkflow, {
        taskQueue: TASK_QUEUE,
        workflowId,
        args: [{ id, amount: 120, requester: 'bob', approver: who }, '3 days'],
      });
      console.log(`Started ${workflowId}. Approve it with: npm run sample:approval -- approve ${id} ${who}`);
      break;
    }
    case 'approve':
    case 'reject':
      await handle.signal(verb === 'approve' ? approve : reject, { by: who });
      console.log(JSON.stringify(await handle.result()));
      break;
    case 'status':
      console.log(JSON.stringify(await handle.query(status)));
      break;
    default:
      throw new Error(`Unknown command ${verb}: use start, approve, reject or status`);
  }
  await connection.close();
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
