// What `workflow execute` and `workflow result` say while they wait: why the run's workflow task does
// not run (no worker has its type, its code fails, …), at once and again whenever that changes. The
// server pushes the run's history (`workflow.watch`); each push is the moment to ask `describe` again.
// Nothing is polled: what changes no event (a worker coming) is seen at the run's next event.
import { randomUUID } from 'node:crypto';
import type { Client } from '@rewind/sdk/client';
import { failureChainText } from '@rewind/sdk/internal/common/failure-text';
import type { Notifications, WorkflowDescription } from '@rewind/sdk/protocol';

/** Why a running workflow waits, in words, when something holds it up; undefined when it just runs. */
export function waitingText(d: WorkflowDescription): string | undefined {
  const wt = d.pendingWorkflowTask;
  if (d.status !== 'RUNNING' || !wt) return undefined;
  const parts: string[] = [];
  if (wt.lastFailure) {
    parts.push(
      `its workflow task fails: ${failureChainText(wt.lastFailure)}. It is retried: the workflow goes on once code that does not fail runs.`,
    );
  }
  if (wt.waitingReason) parts.push(wt.waitingReason);
  return parts.length > 0 ? parts.join(' ') : undefined;
}

/**
 * Says (through `say`) why the workflow waits, now and at each change, following the chain of runs
 * (continue-as-new, cron) as `result` does; `alreadySaid` is not said again (the start's warning).
 * Returns the function that stops it. Best effort: what it cannot learn, it leaves unsaid.
 */
export function reportWaiting(
  client: Client,
  target: { workflowId: string; runId?: string },
  say: (text: string) => void,
  alreadySaid?: string,
): () => void {
  const connection = client.connection;
  const namespace = client.options.namespace;
  const watchId = randomUUID();
  let runId = target.runId;
  let watching: string | undefined;
  let said = alreadySaid;
  let asking = false;
  let askAgain = false;
  let stopped = false;

  const watch = (run: string, fromEventId: number): void => {
    watching = run;
    connection.call('workflow.watch', { namespace, workflowId: target.workflowId, runId: run, watchId, fromEventId }).then(
      (first) => {
        if (first.events.length > 0 || first.closed) changed(first.closed);
      },
      () => undefined,
    );
  };
  const ask = async (): Promise<void> => {
    if (asking) {
      askAgain = true;
      return;
    }
    asking = true;
    try {
      do {
        askAgain = false;
        const d = await connection.call('workflow.describe', { namespace, workflowId: target.workflowId, ...(runId ? { runId } : {}) });
        if (stopped) return;
        runId = d.runId;
        const text = waitingText(d);
        if (text && text !== said) say(text);
        said = text;
        if (d.status === 'RUNNING' && watching !== d.runId) watch(d.runId, d.historyLength + 1);
      } while (askAgain && !stopped);
    } catch {
      // The wait itself fails with the reason (the run deleted, the connection gone).
    } finally {
      asking = false;
    }
  };
  /** The run changed; once it closed, the latest run of the id is the one waited for (a next run of the chain). */
  const changed = (closed: boolean): void => {
    if (closed) {
      runId = undefined;
      watching = undefined;
    }
    void ask();
  };

  const offEvents = connection.onNotification((method, params) => {
    if (method !== 'history.events') return;
    const n = params as Notifications['history.events'];
    if (n.watchId === watchId) changed(n.closed);
  });
  const offReconnect = connection.onReconnect(() => {
    watching = undefined; // The restarted server forgot the watch.
    void ask();
  });
  void ask();
  return () => {
    stopped = true;
    offEvents();
    offReconnect();
  };
}
