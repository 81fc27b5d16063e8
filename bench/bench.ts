// `npm run bench`: throughput and latency of 3-step workflows (activities, then local activities)
// against a real server process (SQLite file, WebSocket), with the worker and the client in this
// process; then the same 3 activities driven by Temporal's own SDK (@temporalio/worker and /client)
// over the server's gRPC frontend. Prints one JSON line.
//   REWIND_BENCH_WORKFLOWS (2000), REWIND_BENCH_CONCURRENCY (200), REWIND_BENCH_LATENCY_RUNS (200),
//   REWIND_BENCH_WARMUP (1000 workflows first, not measured), REWIND_BENCH_ONLY (activities | localActivities | temporal |
//   temporalLongHistory: runs of REWIND_BENCH_LONG_STEPS (50) activities, REWIND_BENCH_LONG_WORKFLOWS (5) at once, on a
//   Temporal worker with its sticky queue and on one with full histories),
//   REWIND_BENCH_WORKER_PROCESSES (0: the worker runs in this process with the client; N: N worker
//   processes of their own, this process only the client — how a service uses several cores)
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@rewind/sdk/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@rewind/sdk/worker';
import * as activities from './activities';
import { measureTemporalSdk } from './temporal-sdk-bench';
import { measureLongHistory } from './temporal-sticky-bench';

const WORKFLOWS = Number(process.env.REWIND_BENCH_WORKFLOWS ?? 2000);
const CONCURRENCY = Number(process.env.REWIND_BENCH_CONCURRENCY ?? 200);
const LATENCY_RUNS = Number(process.env.REWIND_BENCH_LATENCY_RUNS ?? 200);
const WARMUP = Number(process.env.REWIND_BENCH_WARMUP ?? 1000);
const WORKER_PROCESSES = Number(process.env.REWIND_BENCH_WORKER_PROCESSES ?? 0);
const TASK_QUEUE = 'bench';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round((kb / 1024) * 10) / 10;
}

/** CPU time (user + system) a process has used, in ms, from /proc (Linux). */
function cpuMs(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / 100;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** A worker in a child process; resolves once it runs. */
function startWorkerProcess(address: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'worker-process.ts'), address, String(CONCURRENCY)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      if (d.toString().includes('worker ready')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`a worker process exited with ${code}`)));
  });
}

const round = (x: number, digits = 2): number => Math.round(x * 10 ** digits) / 10 ** digits;

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rewind-bench-'));
  const port = await freePort();
  const nodeArgs = process.env.REWIND_BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const server = spawn(
    process.execPath,
    [
      ...nodeArgs,
      path.join(__dirname, '../devserver/bin/rewind.js'),
      'server',
      'start',
      '--db',
      path.join(dir, 'bench.db'),
      '--port',
      String(port),
      '--log-level',
      'warn',
    ],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  await new Promise<void>((resolve, reject) => {
    let out = '';
    server.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('listening on')) resolve();
    });
    server.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  const address = `127.0.0.1:${port}`;
  // A server that dies under the load ends the bench (else Temporal's worker would retry for ever).
  let stopping = false;
  server.once('exit', (code, signal) => {
    if (stopping) return;
    console.error(`The server exited during the bench (${signal ?? `code ${code}`}).`);
    process.exit(1);
  });
  await new Promise((r) => setTimeout(r, 1000));
  const rssIdle = rssMb(server.pid!);

  const workerProcesses = await Promise.all(Array.from({ length: WORKER_PROCESSES }, () => startWorkerProcess(address)));
  const nativeConnection = WORKER_PROCESSES > 0 ? undefined : await NativeConnection.connect({ address });
  const worker = nativeConnection
    ? await Worker.create({
        connection: nativeConnection,
        taskQueue: TASK_QUEUE,
        workflowsPath: path.join(__dirname, 'workflows.ts'),
        activities,
        maxConcurrentWorkflowTaskExecutions: CONCURRENCY,
        maxConcurrentActivityTaskExecutions: CONCURRENCY,
        maxCachedWorkflows: CONCURRENCY * 2,
      })
    : undefined;
  const workersCpu = (): number => workerProcesses.reduce((sum, p) => sum + cpuMs(p.pid!), 0);
  const connection = await Connection.connect({ address });
  const client = new Client({ connection });

  /** Latency and throughput of one workflow type, after a warm-up (JIT, caches): the steady state. */
  const measure = async (workflowType: string) => {
    const run = (id: string): Promise<unknown> =>
      client.workflow.execute(workflowType, { taskQueue: TASK_QUEUE, workflowId: id, args: [1] });
    let warm = 0;
    await Promise.all(
      Array.from({ length: 50 }, async () => {
        while (warm < WARMUP) await run(`${workflowType}-warm-${warm++}`);
      }),
    );
    for (let i = 0; i < WARMUP / 5; i++) await run(`${workflowType}-warm-sequential-${i}`);

    // Latency: one workflow at a time.
    const latencies: number[] = [];
    for (let i = 0; i < LATENCY_RUNS; i++) {
      const t = performance.now();
      await run(`${workflowType}-latency-${i}`);
      latencies.push(performance.now() - t);
    }
    latencies.sort((a, b) => a - b);

    // Throughput: WORKFLOWS workflows, CONCURRENCY at a time.
    let next = 0;
    const serverCpuBefore = cpuMs(server.pid!);
    const workersCpuBefore = workersCpu();
    const selfCpuBefore = process.cpuUsage();
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < WORKFLOWS) {
          const i = next++;
          await run(`${workflowType}-load-${i}`);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const serverCpu = cpuMs(server.pid!) - serverCpuBefore;
    const selfCpuUsed = process.cpuUsage(selfCpuBefore);
    const selfCpu = (selfCpuUsed.user + selfCpuUsed.system) / 1000;
    const workerCpu = workersCpu() - workersCpuBefore;
    const eventsPerWorkflow = (await client.workflow.getHandle(`${workflowType}-load-0`).fetchHistory()).events.length;
    const throughput = WORKFLOWS / seconds;
    return {
      throughputWorkflowsPerSec: round(throughput, 0),
      latencyP50Ms: round(percentile(latencies, 50)),
      latencyP99Ms: round(percentile(latencies, 99)),
      eventsPerWorkflow,
      historyEventsPerSec: round(throughput * eventsPerWorkflow, 0),
      serverCpuMsPerWorkflow: round(serverCpu / WORKFLOWS, 3),
      ...(worker
        ? { workerAndClientCpuMsPerWorkflow: round(selfCpu / WORKFLOWS, 3) }
        : { workerCpuMsPerWorkflow: round(workerCpu / WORKFLOWS, 3), clientCpuMsPerWorkflow: round(selfCpu / WORKFLOWS, 3) }),
    };
  };

  const only = process.env.REWIND_BENCH_ONLY; // 'activities', 'localActivities' or 'temporal' (to profile one)
  const measureAll = async () => ({
    ...(!only || only === 'activities' ? { activities: await measure('threeSteps') } : {}),
    ...(!only || only === 'localActivities' ? { localActivities: await measure('threeLocalSteps') } : {}),
  });
  const result = worker ? await worker.runUntil(measureAll) : await measureAll();
  const temporalSdk =
    !only || only === 'temporal'
      ? await measureTemporalSdk({
          address,
          workflows: WORKFLOWS,
          concurrency: CONCURRENCY,
          latencyRuns: LATENCY_RUNS,
          warmup: WARMUP,
          serverCpuMs: () => cpuMs(server.pid!),
        })
      : undefined;
  const temporalSdkLongHistory =
    !only || only === 'temporal' || only === 'temporalLongHistory'
      ? await measureLongHistory({
          address,
          workflows: Number(process.env.REWIND_BENCH_LONG_WORKFLOWS ?? 5),
          steps: Number(process.env.REWIND_BENCH_LONG_STEPS ?? 50),
          serverCpuMs: () => cpuMs(server.pid!),
        })
      : undefined;
  const rssAfter = rssMb(server.pid!);
  await connection.close();
  await nativeConnection?.close();
  for (const p of workerProcesses) p.kill('SIGINT');
  stopping = true;
  server.kill('SIGINT');
  await new Promise((r) => server.once('exit', r));
  fs.rmSync(dir, { recursive: true, force: true });

  console.log(
    JSON.stringify({
      workflows: WORKFLOWS,
      concurrency: CONCURRENCY,
      workerProcesses: WORKER_PROCESSES,
      stepsPerWorkflow: 3,
      latencyRuns: LATENCY_RUNS,
      warmupWorkflows: WARMUP,
      /** Three activities, each a task through the server. */
      activities: result.activities,
      /** The same three steps as local activities: run in the workflow task, recorded as markers. */
      localActivities: result.localActivities,
      /** The same three activities, with Temporal's own SDK (worker and client) over gRPC. */
      temporalSdk,
      /** A long history with Temporal's SDK: a worker with its sticky queue (partial histories) against full histories. */
      temporalSdkLongHistory,
      serverRssIdleMb: rssIdle,
      serverRssAfterLoadMb: rssAfter,
      cpus: os.cpus().length,
      node: process.version,
    }),
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
