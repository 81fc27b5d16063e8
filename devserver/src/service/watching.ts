// Clients that follow a run's history or a namespace's list of runs (the CLI's show --follow, the VS
// Code tree and history view): each watch kept under its connection, ended when it closes.
import type { RequestParams, RequestResult } from '@rewind/sdk/protocol';
import type { ExecutionWatches } from './execution-watches';
import type { HistoryWatches } from './history-watches';
import type { ServiceContext } from './service-context';
import { watchKey, type WatchScope } from './watch-scope';
import type { Notify } from './workers';
import { withQuery, type Workflows } from './workflows';

export class Watching {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly workflows: Workflows,
    private readonly history: HistoryWatches,
    private readonly executions: ExecutionWatches,
  ) {}

  /** The run's events so far; then, until it closes, each change's new events as a notification. */
  watch(
    p: RequestParams<'workflow.watch'>,
    scope: WatchScope,
    notify: Notify,
    onClose: (stop: () => void) => void,
  ): RequestResult<'workflow.watch'> {
    const s = this.workflows.find(p);
    const events = this.ctx.runs.readEvents(s.runId, p.fromEventId ?? 1);
    const closed = s.status !== 'RUNNING';
    if (!closed) {
      const key = watchKey(scope, p.watchId);
      this.history.add(s.runId, key, { watchId: p.watchId, notify, nextEventId: s.nextEventId });
      onClose(() => this.history.remove(key));
    }
    return { runId: s.runId, events, closed };
  }

  unwatch(p: RequestParams<'workflow.unwatch'>, scope: WatchScope): void {
    this.history.remove(watchKey(scope, p.watchId));
  }

  /** Pushes the namespace's runs (those matching the query) as they start, close or change, until unwatched or disconnected. */
  watchExecutions(p: RequestParams<'executions.watch'>, scope: WatchScope, notify: Notify, onClose: (stop: () => void) => void): void {
    this.workflows.requireNamespace(p.namespace);
    const { namespace } = p;
    const query = p.query?.trim();
    const matching = query ? withQuery(() => this.ctx.store.runFilter(namespace, query)) : undefined;
    const key = watchKey(scope, p.watchId);
    this.executions.add(key, p.watchId, namespace, notify, matching);
    onClose(() => this.executions.remove(key));
  }

  unwatchExecutions(p: RequestParams<'executions.unwatch'>, scope: WatchScope): void {
    this.executions.remove(watchKey(scope, p.watchId));
  }
}
