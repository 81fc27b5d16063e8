// `rewind workflow show --follow`: prints a run's events as the server pushes them, until it closes.
// Survives a server restart: it watches again from where it was; a workflow task start the server had
// not written before it went down is made again (maybe as another event), and is printed anew.
import { randomUUID } from 'node:crypto';
import type { Client } from '@rewind/sdk/client';
import { resumeWatchAt, type HistoryEvent, type Notifications } from '@rewind/sdk/protocol';

export interface FollowOutput {
  event(e: HistoryEvent): void;
  /** Event `eventId` onwards is printed again (after a restart). */
  replaced(eventId: number): void;
}

export async function followHistory(client: Client, target: { workflowId: string; runId?: string }, out: FollowOutput): Promise<void> {
  const run = { ...target };
  const connection = client.connection;
  const watchId = randomUUID();
  let next = 1;
  let lastType: string | undefined;
  let done!: () => void;
  let fail!: (err: unknown) => void;
  const closed = new Promise<void>((resolve, reject) => {
    done = resolve;
    fail = reject;
  });
  /** Pushed events wait while a watch call is in flight: they come after those of its reply. */
  let early: Notifications['history.events'][] | undefined;

  const take = (events: readonly HistoryEvent[], isClosed: boolean): void => {
    for (const e of events) {
      if (e.eventId < next) continue; // Had it already (a push and a reply may overlap).
      out.event(e);
      next = e.eventId + 1;
      lastType = e.type;
    }
    if (isClosed) done();
  };
  const watch = (): void => {
    early = [];
    connection.call('workflow.watch', { namespace: client.options.namespace, ...run, watchId, fromEventId: next }).then((first) => {
      run.runId ??= first.runId; // After a reconnect, this run: not a newer one started meanwhile.
      const pushed = early ?? [];
      early = undefined;
      take(first.events, first.closed);
      for (const n of pushed) take(n.events, n.closed);
    }, fail);
  };

  const offEvents = connection.onNotification((method, params) => {
    if (method !== 'history.events') return;
    const n = params as Notifications['history.events'];
    if (n.watchId !== watchId) return;
    if (early) early.push(n);
    else take(n.events, n.closed);
  });
  const offFatal = connection.onFatal(fail);
  const offReconnect = connection.onReconnect(() => {
    const at = resumeWatchAt(next, lastType);
    next = at.fromEventId;
    if (at.replaces) out.replaced(next);
    lastType = undefined;
    watch();
  });
  try {
    watch();
    await closed;
  } finally {
    offEvents();
    offReconnect();
    offFatal();
  }
}
