// Clients that follow a run's history or a namespace's list of runs (the CLI's show --follow, the VS
// Code tree and history view): each watch kept under its connection, ended when it closes.
import type { RequestParams, RequestResult } from '@rewind/sdk/protocol';
import type { ExecutionWatches } from './execution-watches';
import type { HistoryWatches } from './history-watches';
import type { ServiceContext } from './service-context';
import { EngineError } from '../engine/transition';
import { MAX_WATCHES_PER_CONNECTION, watchKey, type WatchScope } from './watch-scope';
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
      if (!this.history.has(key)) this.checkRoom(scope);
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
    if (!this.executions.has(key)) this.checkRoom(scope);
    this.executions.add(key, p.watchId, namespace, notify, matching);
    onClose(() => this.executions.remove(key));
  }

  unwatchExecutions(p: RequestParams<'executions.unwatch'>, scope: WatchScope): void {
    this.executions.remove(watchKey(scope, p.watchId));
  }

  /** Refuses a new watch on a connection that holds as many as one may. */
  private checkRoom(scope: WatchScope): void {
    if (this.history.perConnection.of(scope) + this.executions.perConnection.of(scope) < MAX_WATCHES_PER_CONNECTION) return;
    throw new EngineError(
      'FAILED_PRECONDITION',
      `This connection already holds ${MAX_WATCHES_PER_CONNECTION} watches, the most one may: unwatch some (workflow.unwatch, executions.unwatch) or reuse a watch id.`,
    );
  }
}
