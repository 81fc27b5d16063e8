// Temporal's own worker (@temporalio/worker) on the host tests' server, on task queue 'host-temporal'
// with the devserver's Temporal fixtures; started by a host test with REWIND_ADDRESS set (and stopped by it).
import { NativeConnection, Runtime, DefaultLogger, Worker } from '@temporalio/worker';
import * as activities from '../../../devserver/test/fixtures/temporal-sdk/activities';

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const connection = await NativeConnection.connect({ address: process.env.REWIND_ADDRESS! });
  const worker = await Worker.create({
    connection,
    taskQueue: 'host-temporal',
    identity: 'host-temporal-worker',
    workflowsPath: require.resolve('../../../devserver/test/fixtures/temporal-sdk/workflows'),
    activities,
  });
  const running = worker.run();
  console.log("Temporal worker running on task queue 'host-temporal'");
  await running;
  await connection.close();
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
