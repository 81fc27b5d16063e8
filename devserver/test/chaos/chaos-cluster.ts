// The chaos run's processes: the server and the worker processes in their slots (two of Rewind's, then
// the Temporal SDK's on a queue of their own, then the Temporal SDK's on Rewind's workers' queue), each
// started, SIGKILLed and started again by the harness; and the workflows bundled for the Temporal SDK.
import fs from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { startServerProcess, startWorkerProcess, type Child } from '../helpers/processes';
import type { ChaosWorker } from './chaos-check';
import { CHAOS_TASK_QUEUE, CHAOS_TEMPORAL_TASK_QUEUE } from './chaos-spec';

/** A worker process: Rewind's, the Temporal SDK's on its own queue, or the Temporal SDK's on Rewind's workers' queue. */
export type WorkerKind = 'rewind' | 'temporal' | 'temporalShared';

const WORKER_SCRIPT = path.join(__dirname, 'chaos-worker.ts');
const TEMPORAL_WORKER_SCRIPT = path.join(__dirname, 'chaos-temporal-worker.ts');
/**
 * How long a worker process may take to say it runs: four start at once, and a Temporal SDK worker loads
 * its native core (15 s was seen to be too short on a busy 2-core machine).
 */
const WORKER_READY_MS = 60_000;
/** Rewind's worker processes: slots 0 and 1; the Temporal SDK's follow. */
const REWIND_WORKERS = 2;

/** The worker slots: Rewind's two, then `temporal` Temporal SDK workers on their own queue, then `shared` on Rewind's queue. */
export function chaosSlots(temporal: number, shared: number): ChaosWorker[] {
  return [
    ...Array.from({ length: REWIND_WORKERS }, () => ({ sdk: 'rewind', queue: CHAOS_TASK_QUEUE }) as const),
    ...Array.from({ length: temporal }, () => ({ sdk: 'temporal', queue: CHAOS_TEMPORAL_TASK_QUEUE }) as const),
    ...Array.from({ length: shared }, () => ({ sdk: 'temporal', queue: CHAOS_TASK_QUEUE }) as const),
  ];
}

export class Cluster {
  server!: Child;
  readonly workers: Child[] = [];
  serverUp = false;

  /**
   * `slots`: each worker process's queue and SDK (Rewind's two, then the Temporal SDK's on their queue,
   * then those on Rewind's queue); `temporalBundle`: the chaos workflows bundled by Temporal's bundler.
   */
  constructor(
    readonly db: string,
    readonly port: number,
    readonly slots: readonly ChaosWorker[],
    readonly temporalBundle: string,
  ) {}

  get workerCount(): number {
    return this.slots.length;
  }

  isTemporal(slot: number): boolean {
    return this.slots[slot]!.sdk === 'temporal';
  }

  /** The task queue and SDK of the worker of this identity (`chaos-worker-<slot>`); undefined for another identity. */
  workerOf(identity: string): ChaosWorker | undefined {
    return this.slots[Number(/^chaos-worker-(\d+)$/.exec(identity)?.[1] ?? NaN)];
  }

  /** The task queue of a worker slot. */
  queueOf(slot: number): string {
    return this.slots[slot]!.queue;
  }

  kindOf(slot: number): WorkerKind {
    const { sdk, queue } = this.slots[slot]!;
    return sdk === 'rewind' ? 'rewind' : queue === CHAOS_TASK_QUEUE ? 'temporalShared' : 'temporal';
  }

  describe(slot: number): string {
    const { sdk, queue } = this.slots[slot]!;
    return `worker ${slot}${sdk === 'temporal' ? ` (Temporal SDK${queue === CHAOS_TASK_QUEUE ? ", on Rewind's queue" : ''})` : ''}`;
  }

  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  async startServer(): Promise<void> {
    this.server = await startServerProcess(this.db, this.port);
    this.serverUp = true;
  }

  startWorker(slot: number): Promise<void> {
    const name = { CHAOS_WORKER_NAME: `chaos-worker-${slot}` };
    const started = this.isTemporal(slot)
      ? startWorkerProcess(
          TEMPORAL_WORKER_SCRIPT,
          this.address,
          { ...name, CHAOS_BUNDLE: this.temporalBundle, CHAOS_QUEUE: this.queueOf(slot) },
          WORKER_READY_MS,
        )
      : startWorkerProcess(WORKER_SCRIPT, this.address, name, WORKER_READY_MS);
    return started.then((w) => {
      this.workers[slot] = w;
    });
  }

  async stop(): Promise<void> {
    await Promise.all([...this.workers.map((w) => w.kill()), this.server?.kill()]);
    this.serverUp = false;
  }
}

/** The chaos workflows bundled by Temporal's bundler (webpack, seconds), once per run, into a file its workers load. */
export async function bundleForTemporal(file: string): Promise<void> {
  const bundle = await bundleWorkflowCode({ workflowsPath: require.resolve('./chaos-workflows'), logger: new DefaultLogger('WARN') });
  fs.writeFileSync(file, bundle.code);
}
