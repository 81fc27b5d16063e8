// `npm run bench:replay`: the replay debugger's runtime on a long history. Records a ~10,000-event
// history of a real run (in-process server, :memory:), then, in a fresh process (cold: bundling and
// esbuild included), times loading to the first position, a replay of the whole history, and going
// back from the end to event 1,000; then, through the debug adapter (dist/debug-adapter.js), launch to the
// first stop and a Step Back from the end. Prints one JSON line. REWIND_BENCH_REPLAY_STEPS (1650) sets the length.
import { execFileSync } from 'node:child_process';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@rewind/sdk/client';
import { ReplaySession } from '@rewind/sdk/internal/debug/replay-session';
import { bundleWorkflowCode } from '@rewind/sdk/internal/worker/sandbox/bundler';
import { WorkflowSandbox } from '@rewind/sdk/internal/worker/sandbox/sandbox';
import { NativeConnection, Runtime, DefaultLogger, Worker } from '@rewind/sdk/worker';
import { RewindServer } from '../devserver/src/server';
import { silentLogger } from '../devserver/src/service/logger';
import * as activities from './activities';

const WORKFLOWS = path.join(__dirname, 'replay-workflows.ts');
const STEPS = Number(process.env.REWIND_BENCH_REPLAY_STEPS ?? 1650);
const RUNS = 9;

async function record(file: string): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const server = await RewindServer.start({ db: ':memory:', port: 0, log: silentLogger });
  const native = await NativeConnection.connect({ address: server.address });
  const worker = await Worker.create({ connection: native, taskQueue: 'replay-bench', workflowsPath: WORKFLOWS, activities });
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection });
  await worker.runUntil(async () => {
    const handle = await client.workflow.start('manySteps', { taskQueue: 'replay-bench', workflowId: 'replay-bench', args: [STEPS] });
    await handle.result();
    fs.writeFileSync(file, JSON.stringify({ workflowId: handle.workflowId, ...(await handle.fetchHistory()) }));
  });
  await connection.close();
  await native.close();
  await server.close();
}

const round = (x: number): number => Math.round(x * 100) / 100;
const ADAPTER = path.join(__dirname, '../extension/dist/debug-adapter.js');

/** Through the debug adapter as VS Code starts it (its own Node process): launch to the stop on entry, then one Step Back after going to the end. */
async function measureAdapter(file: string): Promise<Record<string, number>> {
  const t0 = performance.now();
  const dc = new DebugClient('node', ADAPTER, 'rewind', { cwd: path.join(__dirname, '..') });
  await dc.start();
  try {
    const stopped = dc.waitForEvent('stopped');
    await Promise.all([
      dc.waitForEvent('initialized').then(() => dc.configurationDoneRequest()),
      dc.launch({ historyFile: file, workflowsPath: WORKFLOWS } as Parameters<DebugClient['launch']>[0]),
    ]);
    await stopped;
    const launchToFirstStopMs = performance.now() - t0;
    const atEnd = dc.waitForEvent('stopped');
    await dc.continueRequest({ threadId: 1 });
    await atEnd;
    const s0 = performance.now();
    const back = dc.waitForEvent('stopped');
    await dc.stepBackRequest({ threadId: 1 });
    await back;
    return { adapterLaunchToFirstStopMs: Math.round(launchToFirstStopMs), adapterStepBackFromEndMs: round(performance.now() - s0) };
  } finally {
    await dc.stop();
  }
}

/** Median and best of the runs (the best shows the cost on a machine not busy with other work). */
function stats(xs: number[]): { median: number; min: number } {
  const s = [...xs].sort((a, b) => a - b);
  return { median: round(s[Math.floor(s.length / 2)]!), min: round(s[0]!) };
}

function time(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

async function measure(file: string): Promise<Record<string, number>> {
  // What ReplaySession.load({ history, workflowsPath }) does, in its stages.
  const t0 = performance.now();
  const bundle = await bundleWorkflowCode({ workflowsPath: WORKFLOWS });
  const t1 = performance.now();
  const sandbox = await WorkflowSandbox.create(bundle);
  const t2 = performance.now();
  const session = await ReplaySession.load({ history: fs.readFileSync(file, 'utf8'), sandbox });
  const t3 = performance.now();
  const loadToFirstPositionMs = t3 - t0;
  const events = session.length;
  const reload: number[] = [];
  const full: number[] = [];
  const back: number[] = [];
  const stepBack: number[] = [];
  const taskStart = session.events
    .slice(0, 1000)
    .filter((e) => e.type === 'WorkflowTaskStarted')
    .at(-1)!.eventId;
  for (let i = 0; i < RUNS; i++) {
    const r0 = performance.now();
    (await ReplaySession.load({ history: session.history, sandbox: session.sandbox })).dispose();
    reload.push(performance.now() - r0);
    session.goTo(1);
    full.push(time(() => session.goTo(events)));
    back.push(time(() => session.goTo(1000)));
    // Step Back across a workflow task boundary (within one task the state is the same: nothing to replay).
    session.goTo(taskStart);
    stepBack.push(time(() => session.stepBack()));
  }
  session.goTo(1000);
  const viewAt1000Ms = time(() => session.view());
  // Locals (the Variables view's first scope): one more replay to the position, paused at its code sites.
  const sitesOf = (): number[] => {
    const v = session.view();
    return [v.info.site, ...v.pending.map((p) => p.site)].filter((x): x is number => x !== undefined);
  };
  const localsAt1000Ms = time(() => session.locals(sitesOf()));
  session.goTo(events);
  const localsAtEndMs = time(() => session.locals(sitesOf()));
  session.dispose();
  const [m, n] = [stats(full), stats(back)];
  return {
    events,
    loadToFirstPositionMs: Math.round(loadToFirstPositionMs),
    loadBundleMs: Math.round(t1 - t0),
    loadSandboxMs: Math.round(t2 - t1),
    loadReplayAndIndexMs: Math.round(t3 - t2),
    reloadWithSandboxMs: stats(reload).median,
    fullReplayMs: m.median,
    fullReplayBestMs: m.min,
    goToFromEndTo1000Ms: n.median,
    goToFromEndTo1000BestMs: n.min,
    stepBackAt1000Ms: stats(stepBack).median,
    viewAt1000Ms: round(viewAt1000Ms),
    localsAt1000Ms: round(localsAt1000Ms),
    localsAtEndMs: round(localsAtEndMs),
    loadAverage1m: round(os.loadavg()[0]!),
  };
}

async function main(): Promise<void> {
  if (process.argv[2] === '--record') return record(process.argv[3]!);
  if (process.argv[2] === '--measure') {
    // As in the debug adapter (plain node): tsx turns Node's source-mapped stack traces on, which makes
    // every stack the replay reads (one per command) several times dearer.
    process.setSourceMapsEnabled(false);
    console.log(JSON.stringify(await measure(process.argv[3]!)));
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rewind-replay-bench-'));
  const file = path.join(dir, 'history.json');
  try {
    await record(file);
    const out = execFileSync(process.execPath, [...process.execArgv, __filename, '--measure', file], { encoding: 'utf8' });
    const figures = JSON.parse(out.trim().split('\n').at(-1)!) as Record<string, number>;
    const adapter = await measureAdapter(file);
    const goals = {
      fullReplayMs: 100,
      goToFromEndTo1000Ms: 50,
      stepBackAt1000Ms: 50,
      loadToFirstPositionMs: 1000,
      adapterLaunchToFirstStopMs: 1000,
    };
    console.log(JSON.stringify({ bench: 'replay', ...figures, ...adapter, goals }));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
