// `npm run bench:dev`: how fast `rewind dev` and the CLI's list are. Prints one JSON line:
// cold start of `rewind dev` to "Ready" (spawn included), rebuild + type check + replay check of an
// edit with 100 open workflows (in a project with TypeScript 5, checked on a thread through its API,
// and again with TypeScript 7, checked by its tsc), and `workflow list` over 100,000 executions with a
// query on type and status.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@rewind/sdk/client';
import { startRun } from '../devserver/src/engine/execution';
import { RewindServer } from '../devserver/src/server';
import { silentLogger } from '../devserver/src/service/logger';
import { SqliteStore } from '../devserver/src/store/sqlite-store';
import { installTypeScript } from '../devserver/test/helpers/project-typescript';

const REWIND = path.join(__dirname, '../devserver/bin/rewind.js');
const OPEN_WORKFLOWS = Number(process.env.REWIND_BENCH_OPEN ?? 100);
const EXECUTIONS = Number(process.env.REWIND_BENCH_EXECUTIONS ?? 100_000);
const round = (x: number): number => Math.round(x * 10) / 10;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const workflows = (version: string): string => `import { condition, defineSignal, proxyActivities, setHandler } from '@rewind/sdk/workflow';
import type * as activities from './activities';
const { greet } = proxyActivities<typeof activities>({ startToCloseTimeout: '10 seconds' });
export const go = defineSignal('go');
export async function greeter(name: string): Promise<string> {
  let ready = false;
  setHandler(go, () => void (ready = true));
  const first = await greet(name);
  await condition(() => ready);
  return '${version}: ' + first;
}
`;

async function devBench(typescript: '5' | '7'): Promise<Record<string, number>> {
  const project = fs.mkdtempSync(path.join(os.tmpdir(), 'rewind-dev-bench-'));
  fs.mkdirSync(path.join(project, 'src'));
  fs.writeFileSync(
    path.join(project, 'package.json'),
    JSON.stringify({
      name: 'bench',
      private: true,
      rewind: { workflowsPath: './src/workflows.ts', activities: './src/activities.ts', taskQueue: 'q' },
    }),
  );
  fs.writeFileSync(
    path.join(project, 'src/activities.ts'),
    'export async function greet(n: string): Promise<string> { return `hi ${n}`; }\n',
  );
  fs.writeFileSync(path.join(project, 'src/workflows.ts'), workflows('v1'));
  installTypeScript(project, typescript);
  const t0 = performance.now();
  const proc = spawn(process.execPath, [REWIND, 'dev', '--port', '0'], { cwd: project, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  const waitFor = (pattern: RegExp, from: number): Promise<string> =>
    new Promise((resolve) => {
      const check = (): void => {
        const part = out.slice(from);
        if (pattern.test(part)) {
          proc.stdout!.off('data', check);
          resolve(part);
        }
      };
      proc.stdout!.on('data', check);
      check();
    });
  proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  const ready = await waitFor(/Ready in (\d+) ms/, 0);
  const coldStartMs = performance.now() - t0;
  const address = /Server listening on (\S+);/.exec(ready)![1]!;
  const connection = await Connection.connect({ address });
  const client = new Client({ connection });
  const handles = await Promise.all(
    Array.from({ length: OPEN_WORKFLOWS }, (_, i) =>
      client.workflow.start('greeter', { taskQueue: 'q', workflowId: `w-${i}`, args: [String(i)] }),
    ),
  );
  // Every workflow past its first step (its history has something to replay).
  for (const h of handles) {
    for (;;) {
      if ((await h.fetchHistory()).events.some((e) => e.type === 'ActivityTaskCompleted')) break;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  // Two edits: the first may wait for the type checker's first check (it loads TypeScript); the second is the steady state.
  const edit = async (version: string) => {
    const mark = out.length;
    const t = performance.now();
    fs.writeFileSync(path.join(project, 'src/workflows.ts'), workflows(version));
    const switched = await waitFor(/Now running build/, mark);
    return {
      ms: performance.now() - t,
      rebuildMs: Number(/Rebuilt in (\d+) ms/.exec(switched)![1]),
      typeCheckMs: Number(/type check (\d+) ms/.exec(switched)![1]),
      replayMs: Number(/Replayed \d+ open workflow\(s\) in (\d+) ms/.exec(switched)![1]),
    };
  };
  const firstEdit = await edit('v2');
  const second = await edit('v3');
  await connection.close();
  proc.kill('SIGINT');
  await new Promise((r) => proc.once('exit', r));
  fs.rmSync(project, { recursive: true, force: true });
  return {
    devColdStartToReadyMs: round(coldStartMs),
    devReportedReadyMs: Number(/Ready in (\d+) ms/.exec(ready)![1]),
    openWorkflows: OPEN_WORKFLOWS,
    rebuildMs: second.rebuildMs,
    typeCheckMs: second.typeCheckMs,
    replayCheckMs: second.replayMs,
    /** From saving the file (plus the watcher's 80 ms debounce) to the new worker running. */
    editToNewCodeMs: round(second.ms),
    firstEditToNewCodeMs: round(firstEdit.ms),
  };
}

async function listBench(): Promise<Record<string, number>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rewind-list-bench-'));
  const db = path.join(dir, 'list.db');
  const store = SqliteStore.open({ path: db });
  const base = Date.now() - EXECUTIONS * 1000;
  store.transaction(() => {
    store.insertNamespace({ name: 'default', description: 'The default namespace', createdAt: new Date().toISOString() });
    for (let i = 0; i < EXECUTIONS; i++) {
      const tx = startRun(
        {
          namespace: 'default',
          workflowId: `wf-${i}`,
          runId: `run-${i}`,
          workflowType: `type${i % 10}`,
          taskQueue: 'q',
          args: [],
          requestId: `r-${i}`,
        },
        base + i * 1000,
      );
      const state = tx.state;
      // Nearly all closed, as in a database that has run for a while.
      if (i % 50 !== 0)
        Object.assign(state, { status: i % 7 === 0 ? 'FAILED' : 'COMPLETED', closeTime: base + i * 1000 + 500, workflowTask: undefined });
      store.insertRun(state);
    }
  });
  store.close();
  const server = await RewindServer.start({ db, port: 0, log: silentLogger });
  const connection = await Connection.connect({ address: server.address });
  const query = "WorkflowType = 'type3' AND ExecutionStatus = 'Completed'";
  const times: number[] = [];
  let rows = 0;
  for (let i = 0; i < 21; i++) {
    const t = performance.now();
    rows = (await connection.call('workflow.list', { namespace: 'default', query, pageSize: 100 })).executions.length;
    times.push(performance.now() - t);
  }
  const countTimes: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    await connection.call('workflow.count', { namespace: 'default', query });
    countTimes.push(performance.now() - t);
  }
  await connection.close();
  await server.close();
  fs.rmSync(dir, { recursive: true, force: true });
  if (rows !== 100) throw new Error(`the list returned ${rows} rows, not a full page`);
  return { executions: EXECUTIONS, listFirstPageP50Ms: round(median(times)), countP50Ms: round(median(countTimes)) };
}

async function main(): Promise<void> {
  const dev = await devBench('5');
  const { typeCheckMs, editToNewCodeMs, firstEditToNewCodeMs } = await devBench('7');
  const list = await listBench();
  console.log(
    JSON.stringify({
      ...dev,
      typescript7: { typeCheckMs, editToNewCodeMs, firstEditToNewCodeMs },
      ...list,
      cpus: os.cpus().length,
      node: process.version,
    }),
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
