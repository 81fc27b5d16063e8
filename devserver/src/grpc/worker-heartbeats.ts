// Temporal workers' heartbeats (RecordWorkerHeartbeat: who runs, where, with which SDK, how busy), kept
// in memory as Temporal's server keeps them: the latest of each worker, forgotten when it stops sending.
import type { temporal } from './proto';

type Heartbeat = temporal.api.worker.v1.IWorkerHeartbeat;
/** A worker's latest heartbeat, and when it came. */
type Received = { heartbeat: Heartbeat; at: number };

/** A worker that sent nothing for this long is gone (Temporal's SDK sends one at least every 60 s). */
export const HEARTBEAT_TTL_MS = 5 * 60_000;

export class WorkerHeartbeats {
  /** By namespace, then worker instance key: the latest heartbeat and when it came. */
  private readonly byNamespace = new Map<string, Map<string, Received>>();

  constructor(private readonly now: () => number) {}

  record(namespace: string, heartbeats: readonly Heartbeat[]): void {
    let workers = this.byNamespace.get(namespace);
    if (!workers) this.byNamespace.set(namespace, (workers = new Map<string, Received>()));
    for (const heartbeat of heartbeats) {
      if (heartbeat.workerInstanceKey) workers.set(heartbeat.workerInstanceKey, { heartbeat, at: this.now() });
    }
  }

  /** The namespace's workers heard from lately, by instance key. */
  list(namespace: string): Heartbeat[] {
    const workers = this.byNamespace.get(namespace);
    if (!workers) return [];
    const since = this.now() - HEARTBEAT_TTL_MS;
    for (const [key, w] of workers) if (w.at < since) workers.delete(key);
    return [...workers.keys()].sort().map((key) => workers.get(key)!.heartbeat);
  }

  get(namespace: string, workerInstanceKey: string): Heartbeat | undefined {
    return this.list(namespace).find((h) => h.workerInstanceKey === workerInstanceKey);
  }
}
