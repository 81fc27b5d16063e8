// Who polled a task queue lately, as Temporal's server remembers it for DescribeTaskQueue: each identity's
// last poll of each kind of task, kept 5 minutes (a worker between polls, or gone, is listed until then).
import type { TaskKind } from '../../engine/derive';
import type { Clock } from '../time/clock';

/** How long a poller is listed after its last poll (Temporal's pollerHistoryTTL). */
export const POLLER_HISTORY_MS = 5 * 60_000;

/** One identity's last polls on a queue (epoch ms), by kind; a kind it never polled is absent. */
export interface RecentPoller {
  identity: string;
  lastPollAt: Partial<Record<TaskKind, number>>;
}

const queueKey = (namespace: string, taskQueue: string): string => `${namespace}\u0000${taskQueue}`;

export class PollHistory {
  /** By queue, then identity. */
  private readonly queues = new Map<string, Map<string, RecentPoller>>();

  constructor(private readonly clock: Clock) {}

  /** A poll came (or ended): its identity polled the queue's tasks of this kind now. */
  polled(namespace: string, taskQueue: string, kind: TaskKind, identity: string): void {
    const key = queueKey(namespace, taskQueue);
    // A new identity (a worker restarted): those gone for 5 minutes are forgotten first.
    if (!this.queues.get(key)?.has(identity)) this.recent(namespace, taskQueue);
    let byIdentity = this.queues.get(key);
    if (!byIdentity) {
      byIdentity = new Map();
      this.queues.set(key, byIdentity);
    }
    let poller = byIdentity.get(identity);
    if (!poller) {
      poller = { identity, lastPollAt: {} };
      byIdentity.set(identity, poller);
    }
    poller.lastPollAt[kind] = this.clock.now();
  }

  /** The identities that polled the queue in the last 5 minutes, by identity, with the kinds they polled then. */
  recent(namespace: string, taskQueue: string): RecentPoller[] {
    const key = queueKey(namespace, taskQueue);
    const byIdentity = this.queues.get(key);
    if (!byIdentity) return [];
    const since = this.clock.now() - POLLER_HISTORY_MS;
    const out: RecentPoller[] = [];
    for (const [identity, p] of byIdentity) {
      const lastPollAt: Partial<Record<TaskKind, number>> = {};
      for (const kind of ['workflow', 'activity'] as const) {
        const at = p.lastPollAt[kind];
        if (at !== undefined && at >= since) lastPollAt[kind] = at;
      }
      if (lastPollAt.workflow === undefined && lastPollAt.activity === undefined) byIdentity.delete(identity);
      else out.push({ identity, lastPollAt });
    }
    if (byIdentity.size === 0) this.queues.delete(key);
    return out.sort((a, b) => (a.identity < b.identity ? -1 : a.identity > b.identity ? 1 : 0));
  }
}
