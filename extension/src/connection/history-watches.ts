// The runs whose history the extension follows (`workflow.watch`): routes each `history.events`
// notification to its subscriber, in order and without repeats, and watches every open run again
// after a reconnection from the first event its subscriber has not seen. No vscode import.
//
// One event may change under a subscriber: the server keeps a workflow task's start in memory until
// the run's next durable change (devserver/src/service/commit/runs.ts), so after a server restart a last
// WorkflowTaskStarted may be made again (another time, worker) or be followed by other events first.
// Such a tail is read again and given with `replacedFrom`.
import { randomUUID } from 'node:crypto';
import { resumeWatchAt, type HistoryEvent, type Notifications, type RequestParams, type RequestResult } from '@rewind/sdk/protocol';

export interface HistoryWatchListener {
  /**
   * Events after the ones already given (the first call has those from `fromEventId`); `closed` once
   * the run closed. With `replacedFrom`, the events given before from that id on are void: these replace them.
   */
  onEvents(events: HistoryEvent[], closed: boolean, replacedFrom?: number): void;
  /** The watch failed (the run is gone, the request was refused); no more calls follow. */
  onError(err: Error): void;
}

export interface RunRef {
  namespace: string;
  workflowId: string;
  runId: string;
}

type Send = (params: RequestParams<'workflow.watch'>) => Promise<RequestResult<'workflow.watch'>>;

interface Subscription {
  watchId: string;
  run: RunRef;
  /** The first event id not given to the listener yet. */
  nextEventId: number;
  /** The type of the last event given (to tell a soft tail). */
  lastType?: HistoryEvent['type'];
  /** Set when watched again from before `nextEventId`: the next delivery replaces from here. */
  replaceFrom?: number;
  listener: HistoryWatchListener;
  /** A `workflow.watch` is on its way: notifications wait in `early` until its answer is in. */
  pending: boolean;
  early: Notifications['history.events'][];
  done: boolean;
  /** Counts the watch requests: only the latest one's answer counts (an older one may come back after a reconnection). */
  generation: number;
}

export class HistoryWatches {
  private readonly subs = new Map<string, Subscription>();

  /** Follows a run from `fromEventId`; `send` is called now if given (connected), else on the next `resubscribeAll`. */
  add(run: RunRef, fromEventId: number, listener: HistoryWatchListener, send: Send | undefined): string {
    const sub: Subscription = {
      watchId: `rewind-vscode-history-${randomUUID()}`,
      run,
      nextEventId: fromEventId,
      listener,
      pending: false,
      early: [],
      done: false,
      generation: 0,
    };
    this.subs.set(sub.watchId, sub);
    if (send) this.watch(sub, send);
    return sub.watchId;
  }

  /** Stops following; true if the server still has the watch (the caller sends `workflow.unwatch`). */
  remove(watchId: string): boolean {
    const sub = this.subs.get(watchId);
    if (!sub) return false;
    sub.done = true;
    this.subs.delete(watchId);
    return true;
  }

  /** After a (re)connection: the server knows none of our watches; watch each from where its listener is. */
  resubscribeAll(send: Send): void {
    for (const sub of this.subs.values()) {
      const at = resumeWatchAt(sub.nextEventId, sub.lastType);
      if (at.replaces) {
        sub.nextEventId = at.fromEventId;
        sub.replaceFrom = at.fromEventId;
        sub.lastType = undefined;
      }
      this.watch(sub, send);
    }
  }

  /** A `history.events` notification. */
  notify(n: Notifications['history.events']): void {
    const sub = this.subs.get(n.watchId);
    if (!sub) return;
    if (sub.pending) sub.early.push(n);
    else this.deliver(sub, n.events, n.closed);
  }

  get size(): number {
    return this.subs.size;
  }

  private watch(sub: Subscription, send: Send): void {
    sub.pending = true;
    sub.early = [];
    const generation = ++sub.generation;
    const { namespace, workflowId, runId } = sub.run;
    send({ namespace, workflowId, runId, watchId: sub.watchId, fromEventId: sub.nextEventId }).then(
      (result) => {
        if (sub.done || generation !== sub.generation) return;
        sub.pending = false;
        const early = sub.early;
        sub.early = [];
        this.deliver(sub, result.events, result.closed);
        for (const n of early) if (!sub.done) this.deliver(sub, n.events, n.closed);
      },
      (err: Error & { code?: string }) => {
        if (sub.done || generation !== sub.generation) return;
        sub.pending = false;
        // A broken connection (ConnectionError) is retried by resubscribeAll on the next connection; anything else is final.
        if (err.code === 'UNAVAILABLE') return;
        this.subs.delete(sub.watchId);
        sub.done = true;
        sub.listener.onError(err);
      },
    );
  }

  private deliver(sub: Subscription, events: HistoryEvent[], closed: boolean): void {
    const fresh = events.filter((e) => e.eventId >= sub.nextEventId);
    if (fresh.length > 0 && fresh[0]!.eventId !== sub.nextEventId) {
      sub.listener.onError(
        new Error(`The history of ${sub.run.workflowId} arrived with a gap (event ${fresh[0]!.eventId}, expected ${sub.nextEventId}).`),
      );
      this.subs.delete(sub.watchId);
      sub.done = true;
      return;
    }
    if (fresh.length > 0) {
      sub.nextEventId = fresh[fresh.length - 1]!.eventId + 1;
      sub.lastType = fresh[fresh.length - 1]!.type;
    }
    if (closed) {
      this.subs.delete(sub.watchId);
      sub.done = true;
    }
    const replacedFrom = sub.replaceFrom;
    sub.replaceFrom = undefined;
    if (replacedFrom !== undefined) sub.listener.onEvents(fresh, closed, replacedFrom);
    else if (fresh.length > 0 || closed) sub.listener.onEvents(fresh, closed);
  }
}
