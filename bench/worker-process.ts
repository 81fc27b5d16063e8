// A benchmark worker in a process of its own (REWIND_BENCH_WORKER_PROCESSES): `tsx bench/worker-process.ts <address> <concurrency>`.
import path from 'node:path';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@rewind/sdk/worker';
import * as activities from './activities';

async function main(): Promise<void> {
  const [address, concurrency] = process.argv.slice(2);
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const connection = await NativeConnection.connect({ address: address! });
  const worker = await Worker.create({
    connection,
    taskQueue: 'bench',
    workflowsPath: path.join(__dirname, 'workflows.ts'),
    activities,
    maxConcurrentWorkflowTaskExecutions: Number(concurrency),
    maxConcurrentActivityTaskExecutions: Number(concurrency),
    maxCachedWorkflows: Number(concurrency) * 2,
  });
  const running = worker.run();
  process.stdout.write('worker ready\n');
  await running;
  await connection.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
