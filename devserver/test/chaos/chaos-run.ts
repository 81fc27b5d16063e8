// A chaos run: the server and workers as child processes (two of Rewind's, and Temporal SDK workers if
// asked, see chaos-cluster.ts), N workflows (activities, some flaky; timers; children; continue-as-new;
// signals), and meanwhile SIGKILLs of the server, a worker or both at seeded random moments, each
// restarted. Then the verdict from the client and from the database file.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection, type WorkflowHandle } from '@rewind/sdk/client';
import { freePort } from '../helpers/processes';
import { seededRandom, type SeededRandom } from '../helpers/seeded-random';
import { tempDir } from '../helpers/temp';
import { checkStore, type StoreCounts } from './chaos-check';
import { bundleForTemporal, chaosSlots, Cluster, type WorkerKind } from './chaos-cluster';
import { CHAOS_TEMPORAL_TASK_QUEUE, CHAOS_WORKFLOW_TASK_TIMEOUT, expectedTotal, type ChaosProgress, type ChaosSpec } from './chaos-spec';
import type { chaosWorkflow } from './chaos-workflows';

export interface ChaosOptions {
  workflows: number;
  kills: number;
  seed: number;
  /**
   * Temporal SDK worker processes (@temporalio/worker) besides the two Rewind workers, on a queue of their
   * own: their share of the workflows (one per worker process, by index) runs only on them. Killed as the others are.
   */
  temporalWorkers?: number;
  /**
   * Temporal SDK worker processes on Rewind's workers' queue: a run's tasks go to either SDK's worker,
   * each replaying what the other recorded.
   */
  sharedTemporalWorkers?: number;
  /** Where progress lines go (default stderr). */
  log?: (line: string) => void;
}

type KillTarget = 'server' | 'worker' | 'both';

/** What the chaos phase did and how the workflows ended. */
interface LoadFigures {
  kills: Record<KillTarget, number>;
  /** The kills of a worker (alone or with the server) by its kind. */
  workerKills: Record<WorkerKind, number>;
  killsSurvived: number;
  signalsSent: number;
  signalsSentWhileServerDown: number;
  startsWhileServerDown: number;
  completedWithRightResult: number;
}

export interface ChaosSummary extends StoreCounts, LoadFigures {
  seed: number;
  workflows: number;
  /** Of the workflows, those on the queue of the Temporal SDK's own workers; and of those, the ones that completed with the right result. */
  temporalWorkflows: number;
  temporalCompletedWithRightResult: number;
  /** Workflows that did not complete with the right result: must be 0. */
  lost: number;
  /** Each workflow without its right result, and each record missing, doubled or left behind: must be empty. */
  problems: string[];
  durationMs: number;
}

const RESULT_WAIT_MS = 120_000;
const delay = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no result in ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function specFor(index: number, rng: SeededRandom): ChaosSpec {
  return {
    index,
    flakyFailures: rng.chance(0.3) ? rng.int(1, 3) : 0,
    sleepMs: rng.int(50, 1500),
    child: rng.chance(0.3),
    generations: rng.chance(0.3) ? rng.int(2, 3) : 1,
    signals: rng.int(1, 3),
  };
}

/** The kill targets in order: each kind at least once when there are three kills or more, the rest at random. */
function killPlan(kills: number, rng: SeededRandom): KillTarget[] {
  const plan: KillTarget[] = (['server', 'worker', 'both'] as const).slice(0, kills);
  while (plan.length < kills) plan.push(rng.pick(['server', 'worker', 'worker', 'server', 'both'] as const));
  for (let i = plan.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [plan[i], plan[j]] = [plan[j]!, plan[i]!];
  }
  return plan;
}

export async function runChaos(options: ChaosOptions): Promise<ChaosSummary> {
  const log = options.log ?? ((line: string) => console.error(line));
  const began = Date.now();
  const at = (): string => `${((Date.now() - began) / 1000).toFixed(1)} s`;
  const rng = seededRandom(options.seed);
  const slots = chaosSlots(options.temporalWorkers ?? 0, options.sharedTemporalWorkers ?? 0);
  const dir = tempDir('rewind-chaos-');
  const temporalBundle = path.join(dir, 'chaos-temporal-bundle.js');
  const cluster = new Cluster(path.join(dir, 'rewind.db'), await freePort(), slots, temporalBundle);
  log(
    `[chaos] seed ${options.seed}: ${options.workflows} workflows, ${options.kills} kills; ` +
      slots.map((_, slot) => cluster.describe(slot)).join(', '),
  );
  if (slots.some((w) => w.sdk === 'temporal')) {
    await bundleForTemporal(temporalBundle);
    log(`[chaos ${at()}] the workflows bundled for the Temporal SDK`);
  }
  let driven: Driven;
  try {
    driven = await drive(cluster, options, rng, (line) => log(`[chaos ${at()}] ${line}`));
  } finally {
    await cluster.stop(); // Also when something failed: no process is left behind.
  }
  const { problems, sent, temporalWorkflows, temporalCompletedWithRightResult, ...figures } = driven;
  const store = checkStore(cluster.db, sent, (identity) => cluster.workerOf(identity), problems);
  if (problems.length > 0) log(`[chaos] problems found; the database is kept: ${keepDatabase(cluster.db, options.seed)}`);
  return {
    seed: options.seed,
    workflows: options.workflows,
    temporalWorkflows,
    temporalCompletedWithRightResult,
    ...figures,
    ...store,
    lost: options.workflows - figures.completedWithRightResult,
    problems,
    durationMs: Date.now() - began,
  };
}

/** Copies the database file (with its WAL) out of the run's temp folder, which is removed at exit; returns the copy's path. */
function keepDatabase(db: string, seed: number): string {
  const kept = path.join(os.tmpdir(), `rewind-chaos-${seed}-${Date.now()}.db`);
  for (const suffix of ['', '-wal', '-shm']) if (fs.existsSync(db + suffix)) fs.copyFileSync(db + suffix, kept + suffix);
  return kept;
}

/** What the chaos phase did and saw, before the database is read. */
interface Driven extends LoadFigures {
  sent: Map<string, number[]>;
  problems: string[];
  temporalWorkflows: number;
  temporalCompletedWithRightResult: number;
}

async function drive(cluster: Cluster, options: ChaosOptions, rng: SeededRandom, log: (line: string) => void): Promise<Driven> {
  await cluster.startServer();
  await Promise.all(Array.from({ length: cluster.workerCount }, (_, slot) => cluster.startWorker(slot)));
  const connection = await Connection.connect({ address: cluster.address, reconnectWait: 120_000 });
  try {
    return await load(cluster, new Client({ connection }), options, rng, log);
  } finally {
    await connection.close();
  }
}

/** Starts the workflows, kills and restarts, signals; then waits for every result. */
async function load(
  cluster: Cluster,
  client: Client,
  options: ChaosOptions,
  rng: SeededRandom,
  log: (line: string) => void,
): Promise<Driven> {
  const specs = Array.from({ length: options.workflows }, (_, i) => specFor(i, rng));
  const idOf = (spec: ChaosSpec): string => `chaos-${options.seed}-${spec.index}`;
  const queueOf = (spec: ChaosSpec): string => cluster.queueOf(spec.index % cluster.workerCount);
  const onTemporal = (spec: ChaosSpec): boolean => queueOf(spec) === CHAOS_TEMPORAL_TASK_QUEUE;
  const handles = new Map<number, Promise<WorkflowHandle<typeof chaosWorkflow>>>();
  const sent = new Map<string, number[]>();
  const problems: string[] = [];
  const pendingSignals: Promise<void>[] = [];
  const summary = { signalsSent: 0, signalsSentWhileServerDown: 0, startsWhileServerDown: 0 };
  const start = (spec: ChaosSpec): void => {
    if (!cluster.serverUp) summary.startsWhileServerDown++;
    handles.set(
      spec.index,
      client.workflow.start<typeof chaosWorkflow>('chaosWorkflow', {
        taskQueue: queueOf(spec),
        workflowId: idOf(spec),
        workflowTaskTimeout: CHAOS_WORKFLOW_TASK_TIMEOUT,
        args: [spec],
      }),
    );
  };
  /** Sends the next signal of a workflow that still has one to receive. */
  const signal = (spec: ChaosSpec): void => {
    const values = sent.get(idOf(spec)) ?? [];
    if (values.length >= spec.signals) return;
    const value = spec.index * 100 + values.length;
    sent.set(idOf(spec), [...values, value]);
    summary.signalsSent++;
    if (!cluster.serverUp) summary.signalsSentWhileServerDown++;
    // A signal refused is a problem of the verdict (the run is not waiting for it: it ended early).
    const sending = handles.get(spec.index)!.then((h) => h.signal('poke', value));
    pendingSignals.push(sending.catch((err: Error) => void problems.push(`${idOf(spec)}: signal ${value} refused: ${err.message}`)));
  };

  // Half start before the chaos, the rest during it (some while the server is down).
  const early = Math.ceil(specs.length / 2);
  specs.slice(0, early).forEach(start);
  await Promise.all(handles.values());
  const late = specs.slice(early);
  const plan = killPlan(options.kills, rng);
  const kills: Record<KillTarget, number> = { server: 0, worker: 0, both: 0 };
  const workerKills: Record<WorkerKind, number> = { rewind: 0, temporal: 0, temporalShared: 0 };
  // Each kind of Temporal SDK worker present is killed at least once (as far as there are kills of a
  // worker): a drawn kill of a worker is of one of that kind whatever the slot drawn.
  const forced = new Map<number, number[]>();
  const workerKillAt = plan.flatMap((target, k) => (target === 'server' ? [] : [k]));
  for (const kind of ['temporal', 'temporalShared'] as const) {
    const group = cluster.slots.flatMap((_, slot) => (cluster.kindOf(slot) === kind ? [slot] : []));
    const free = workerKillAt.filter((k) => !forced.has(k));
    if (group.length > 0 && free.length > 0) forced.set(rng.pick(free), group);
  }
  for (const [k, target] of plan.entries()) {
    await delay(rng.int(200, 1200));
    for (let n = rng.int(0, 3); n > 0 && late.length > 0; n--) start(late.shift()!);
    let slot = rng.int(0, cluster.workerCount - 1);
    const group = forced.get(k);
    if (group && !group.includes(slot)) slot = rng.pick(group);
    if (target !== 'worker') {
      await cluster.server.kill();
      cluster.serverUp = false;
    }
    if (target !== 'server') {
      await cluster.workers[slot]!.kill();
      workerKills[cluster.kindOf(slot)]++;
    }
    kills[target]++;
    const worker = cluster.describe(slot);
    log(`kill ${k + 1}/${plan.length}: ${target === 'both' ? `server and ${worker}` : target === 'worker' ? worker : 'server'}`);
    // While it is down: signals and starts, which the client retries until the server is back.
    for (let n = rng.int(1, 4); n > 0; n--) {
      const spec = rng.pick(specs.filter((s) => handles.has(s.index)));
      signal(spec);
    }
    if (late.length > 0 && !cluster.serverUp) start(late.shift()!);
    await delay(rng.int(50, 600));
    if (target !== 'worker') await cluster.startServer();
    if (target !== 'server') await cluster.startWorker(slot);
  }
  late.splice(0).forEach(start);
  await Promise.all(handles.values());
  for (const spec of specs) while ((sent.get(idOf(spec))?.length ?? 0) < spec.signals) signal(spec);
  log('chaos over; waiting for the workflows');

  await Promise.all(pendingSignals);
  let completedWithRightResult = 0;
  let temporalCompletedWithRightResult = 0;
  await Promise.all(
    specs.map(async (spec) => {
      const handle = await handles.get(spec.index)!;
      const result: ChaosProgress | Error = await withTimeout(handle.result(), RESULT_WAIT_MS).catch((err: Error) => err);
      const want = { total: expectedTotal(spec), pokes: [...sent.get(idOf(spec))!].sort((a, b) => a - b) };
      if (result instanceof Error) problems.push(`${idOf(spec)}: ${result.message}`);
      else if (result.total !== want.total || JSON.stringify(result.pokes) !== JSON.stringify(want.pokes)) {
        problems.push(`${idOf(spec)}: result ${JSON.stringify(result)}, expected ${JSON.stringify(want)} (spec ${JSON.stringify(spec)})`);
      } else {
        completedWithRightResult++;
        if (onTemporal(spec)) temporalCompletedWithRightResult++;
      }
    }),
  );
  return {
    kills,
    workerKills,
    killsSurvived: plan.length,
    ...summary,
    completedWithRightResult,
    temporalWorkflows: specs.filter(onTemporal).length,
    temporalCompletedWithRightResult,
    sent,
    problems,
  };
}
