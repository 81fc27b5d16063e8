// The benchmark's workload driven by Temporal's own SDK over the Rewind server's gRPC frontend: a
// @temporalio/worker and a @temporalio/client in this process, the same 3-activity workflow
// (temporal-workflows.ts), measured as bench.ts measures Rewind's own SDK.
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import * as activities from './activities';
import { meanSplit, timeSplit } from './history-time-split';

export interface TemporalBenchOptions {
  address: string;
  workflows: number;
  concurrency: number;
  latencyRuns: number;
  warmup: number;
  /** The server process's CPU time so far (ms). */
  serverCpuMs: () => number;
}

const round = (x: number, digits = 2): number => Math.round(x * 10 ** digits) / 10 ** digits;
const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

export async function measureTemporalSdk(o: TemporalBenchOptions): Promise<Record<string, number>> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const workflowBundle = await bundleWorkflowCode({
    workflowsPath: path.join(__dirname, 'temporal-workflows.ts'),
    logger: new DefaultLogger('WARN'),
  });
  const nativeConnection = await NativeConnection.connect({ address: o.address });
  const worker = await Worker.create({
    connection: nativeConnection,
    taskQueue: 'bench-temporal',
    workflowBundle,
    activities,
    maxConcurrentWorkflowTaskExecutions: o.concurrency,
    maxConcurrentActivityTaskExecutions: o.concurrency,
    maxCachedWorkflows: o.concurrency * 2,
  });
  const connection = await Connection.connect({ address: o.address });
  const client = new Client({ connection });
  const run = (id: string): Promise<number> =>
    client.workflow.execute('threeSteps', { taskQueue: 'bench-temporal', workflowId: id, args: [1] }) as Promise<number>;
  try {
    return await worker.runUntil(async () => {
      let warm = 0;
      await Promise.all(
        Array.from({ length: 50 }, async () => {
          while (warm < o.warmup) await run(`temporal-warm-${warm++}`);
        }),
      );
      const latencies: number[] = [];
      for (let i = 0; i < o.latencyRuns; i++) {
        const t = performance.now();
        await run(`temporal-latency-${i}`);
        latencies.push(performance.now() - t);
      }
      latencies.sort((a, b) => a - b);
      // Where one workflow's time went (the latency runs' histories, read after they closed).
      const splits = await Promise.all(
        Array.from({ length: o.latencyRuns }, async (_, i) =>
          timeSplit((await client.workflow.getHandle(`temporal-latency-${i}`).fetchHistory()).events ?? []),
        ),
      );
      const split = meanSplit(splits);
      let next = 0;
      const serverCpuBefore = o.serverCpuMs();
      const selfBefore = process.cpuUsage();
      const started = performance.now();
      await Promise.all(
        Array.from({ length: o.concurrency }, async () => {
          while (next < o.workflows) await run(`temporal-load-${next++}`);
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      const self = process.cpuUsage(selfBefore);
      return {
        throughputWorkflowsPerSec: round(o.workflows / seconds, 0),
        latencyP50Ms: round(percentile(latencies, 50)),
        latencyP99Ms: round(percentile(latencies, 99)),
        /** One workflow at a time, from its history: first to last event, in workflow tasks, in activities, waiting for dispatch. */
        historyMs: split.totalMs,
        inWorkflowTasksMs: split.workflowTasksMs,
        inActivitiesMs: split.activitiesMs,
        inDispatchMs: split.dispatchMs,
        serverCpuMsPerWorkflow: round((o.serverCpuMs() - serverCpuBefore) / o.workflows, 3),
        /** The Temporal worker's JavaScript and its Rust core's threads, and the client, in this process. */
        workerAndClientCpuMsPerWorkflow: round((self.user + self.system) / 1000 / o.workflows, 3),
      };
    });
  } finally {
    await connection.close();
    await nativeConnection.close();
  }
}
