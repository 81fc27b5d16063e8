// Clients following a run's history as it grows (`rewind workflow show --follow`): told of each
// committed change, no polling, until the run closes or they stop watching.
import type { Notify } from '../matching/workers';
import type { RunChange } from '../commit/runs';
import { ScopeKeys } from './watch-scope';

interface Watch {
  watchId: string;
  notify: Notify;
  /** The first event id the watcher has not been sent. */
  nextEventId: number;
}

export class HistoryWatches {
  /** By run id, then by key (a watch id is the client's: the key scopes it to its connection). */
  private readonly byRun = new Map<string, Map<string, Watch>>();
  private readonly runOf = new Map<string, string>();
  readonly perConnection = new ScopeKeys();

  has(key: string): boolean {
    return this.runOf.has(key);
  }

  add(runId: string, key: string, watch: Watch): void {
    this.remove(key); // Watching again under the same id replaces the watch (maybe of another run).
    let watches = this.byRun.get(runId);
    if (!watches) {
      watches = new Map();
      this.byRun.set(runId, watches);
    }
    watches.set(key, watch);
    this.runOf.set(key, runId);
    this.perConnection.added(key);
  }

  remove(key: string): void {
    const runId = this.runOf.get(key);
    if (runId === undefined) return;
    this.runOf.delete(key);
    this.perConnection.removed(key);
    const watches = this.byRun.get(runId);
    watches?.delete(key);
    if (watches?.size === 0) this.byRun.delete(runId);
  }

  /** A change to a run committed: its new events go to the run's watchers. */
  changed(change: RunChange): void {
    const watches = this.byRun.get(change.state.runId);
    if (!watches) return;
    for (const [key, w] of [...watches]) {
      const events = change.events.filter((e) => e.eventId >= w.nextEventId);
      if (events.length === 0 && !change.closed) continue;
      if (events.length > 0) w.nextEventId = events[events.length - 1]!.eventId + 1;
      w.notify('history.events', { watchId: w.watchId, runId: change.state.runId, events, closed: change.closed });
      if (change.closed) this.remove(key);
    }
  }

  get size(): number {
    return this.runOf.size;
  }
}
