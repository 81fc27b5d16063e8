// Records the golden histories of the replay debugger's tests: the order sample, the retry fixture and
// the intercepted fixture, run on a real server, written to sdk/test/debug/histories/<name>.json.
// Run with: npx tsx scripts/record-debug-histories.ts [name...]   (re-record only when the format changes;
// names limit it to those histories)
import fs from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@rewind/sdk/client';
import { NativeConnection, Worker } from '@rewind/sdk/worker';
import { RewindServer } from '../devserver/src/server';
import { silentLogger } from '../devserver/src/service/logger';
import * as orderActivities from '../samples/order/activities';
import * as retryActivities from '../sdk/test/debug/fixtures/retry-activities';
import * as interceptedActivities from '../sdk/test/debug/fixtures/intercepted-activities';

const OUT = path.join(__dirname, '../sdk/test/debug/histories');
const FIXTURES = path.join(__dirname, '../sdk/test/debug/fixtures');
const only = new Set(process.argv.slice(2));

async function record(
  client: Client,
  name: string,
  start: { workflowType: string; taskQueue: string; args: unknown[] },
  drive?: (h: Awaited<ReturnType<Client['workflow']['start']>>) => Promise<void>,
): Promise<void> {
  if (only.size > 0 && !only.has(name)) return;
  const handle = await client.workflow.start(start.workflowType, {
    taskQueue: start.taskQueue,
    workflowId: `debug-${name}`,
    args: start.args,
  });
  await drive?.(handle);
  await handle.result();
  const history = await handle.fetchHistory();
  const file = path.join(OUT, `${name}.json`);
  fs.writeFileSync(file, JSON.stringify({ workflowId: handle.workflowId, runId: handle.firstExecutionRunId, ...history }, null, 2) + '\n');
  console.log(`wrote ${path.relative(process.cwd(), file)} (${history.events.length} events)`);
}

async function main(): Promise<void> {
  fs.mkdirSync(OUT, { recursive: true });
  const server = await RewindServer.start({ db: ':memory:', port: 0, log: silentLogger });
  const nativeConnection = await NativeConnection.connect({ address: server.address });
  const orderWorker = await Worker.create({
    connection: nativeConnection,
    taskQueue: 'debug-orders',
    workflowsPath: path.join(__dirname, '../samples/order/workflows.ts'),
    activities: orderActivities,
  });
  const retryWorker = await Worker.create({
    connection: nativeConnection,
    taskQueue: 'debug-retry',
    workflowsPath: path.join(__dirname, '../sdk/test/debug/fixtures/retry-workflows.ts'),
    activities: retryActivities,
  });
  const interceptedWorker = await Worker.create({
    connection: nativeConnection,
    taskQueue: 'debug-intercepted',
    workflowsPath: path.join(FIXTURES, 'intercepted-workflows.ts'),
    interceptors: { workflowModules: [path.join(FIXTURES, 'intercepted-interceptors.ts')] },
    activities: interceptedActivities,
  });
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection });
  await interceptedWorker.runUntil(
    orderWorker.runUntil(
      retryWorker.runUntil(async () => {
        await record(client, 'order', { workflowType: 'orderWorkflow', taskQueue: 'debug-orders', args: ['A-1', '200 milliseconds'] });
        await record(client, 'retrying', { workflowType: 'retrying', taskQueue: 'debug-retry', args: ['Ada'] }, async (h) => {
          await new Promise((r) => setTimeout(r, 500));
          await h.signal('proceed', 'onward');
        });
        await record(client, 'intercepted', { workflowType: 'intercepted', taskQueue: 'debug-intercepted', args: ['Ada'] });
      }),
    ),
  );
  await connection.close();
  await nativeConnection.close();
  await server.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
