// Sticky queues against full histories, with Temporal's own SDK: runs of a long history (`steps`
// activities, a workflow task after each) on a worker with its cache and sticky queue (each task carries
// the events since the last one) and on one without (maxCachedWorkflows 0: each task carries the whole
// history, as every Temporal worker got from Rewind before sticky queues). Server CPU per workflow task.
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import * as activities from './activities';

export interface LongHistoryBenchOptions {
  address: string;
  workflows: number;
  steps: number;
  /** The server process's CPU time so far (ms). */
  serverCpuMs: () => number;
}

const round = (x: number, digits = 2): number => Math.round(x * 10 ** digits) / 10 ** digits;

export async function measureLongHistory(o: LongHistoryBenchOptions): Promise<Record<'sticky' | 'fullHistories', Record<string, number>>> {
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // Installed by the other Temporal measure of this process.
  }
  const workflowBundle = await bundleWorkflowCode({
    workflowsPath: path.join(__dirname, 'temporal-workflows.ts'),
    logger: new DefaultLogger('WARN'),
  });
  const nativeConnection = await NativeConnection.connect({ address: o.address });
  const connection = await Connection.connect({ address: o.address });
  const client = new Client({ connection });
  const measure = async (mode: 'sticky' | 'full'): Promise<Record<string, number>> => {
    const taskQueue = `bench-long-${mode}`;
    const worker = await Worker.create({
      connection: nativeConnection,
      taskQueue,
      workflowBundle,
      activities,
      maxCachedWorkflows: mode === 'sticky' ? o.workflows * 2 : 0,
    });
    return worker.runUntil(async () => {
      const ids = Array.from({ length: o.workflows }, (_, i) => `long-${mode}-${i}`);
      process.stderr.write(`long history (${mode}): ${o.workflows} runs of ${o.steps} activities\n`);
      const cpuBefore = o.serverCpuMs();
      const started = performance.now();
      await Promise.all(ids.map((workflowId) => client.workflow.execute('longSteps', { taskQueue, workflowId, args: [o.steps] })));
      const seconds = (performance.now() - started) / 1000;
      const serverCpuMs = o.serverCpuMs() - cpuBefore;
      let tasks = 0;
      let events = 0;
      for (const id of ids) {
        const history = (await client.workflow.getHandle(id).fetchHistory()).events ?? [];
        events += history.length;
        tasks += history.filter((e) => e.workflowTaskStartedEventAttributes).length;
      }
      return {
        workflowTasks: tasks,
        eventsPerWorkflow: round(events / o.workflows, 0),
        /** The server's CPU over the runs (their activity tasks too: one per workflow task but the first) per workflow task. */
        serverCpuMsPerWorkflowTask: round(serverCpuMs / tasks, 3),
        wallMsPerWorkflow: round((seconds * 1000) / o.workflows, 0),
      };
    });
  };
  try {
    return { sticky: await measure('sticky'), fullHistories: await measure('full') };
  } finally {
    await connection.close();
    await nativeConnection.close();
  }
}
