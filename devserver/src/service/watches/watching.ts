// Clients that follow a run's history or a namespace's list of runs (the CLI's show --follow, the VS
// Code tree and history view): each watch kept under its connection, ended when it closes.
import type { RequestParams, RequestResult } from '@rewind/sdk/protocol';
import type { ExecutionWatches } from './execution-watches';
import type { HistoryWatches } from './history-watches';
import type { ServiceContext } from '../service-context';
import { EngineError } from '../../engine/transition';
import { MAX_WATCHES_PER_CONNECTION, watchKey, type WatchScope } from './watch-scope';
import type { Notify } from '../matching/workers';
import { withQuery, type Workflows } from '../workflows/workflows';

export class Watching {
  /** Connections whose close hook is in place. */
  private readonly hooked = new Set<WatchScope>();

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
    const key = watchKey(scope, p.watchId);
    if (!closed) {
      if (!this.history.has(key)) this.checkRoom(scope);
      this.history.add(s.runId, key, { watchId: p.watchId, notify, nextEventId: s.nextEventId });
      this.endWithConnection(scope, onClose);
    } else this.history.remove(key); // Watching a closed run under an id: the id's earlier watch ends.
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
    this.endWithConnection(scope, onClose);
  }

  unwatchExecutions(p: RequestParams<'executions.unwatch'>, scope: WatchScope): void {
    this.executions.remove(watchKey(scope, p.watchId));
  }

  /** The connection's watches end with it: one hook per connection, however many watches it makes. */
  private endWithConnection(scope: WatchScope, onClose: (stop: () => void) => void): void {
    if (this.hooked.has(scope)) return;
    this.hooked.add(scope);
    onClose(() => {
      this.hooked.delete(scope);
      for (const key of this.history.perConnection.of(scope)) this.history.remove(key);
      for (const key of this.executions.perConnection.of(scope)) this.executions.remove(key);
    });
  }

  /** Refuses a new watch on a connection that holds as many as one may. */
  private checkRoom(scope: WatchScope): void {
    if (this.history.perConnection.count(scope) + this.executions.perConnection.count(scope) < MAX_WATCHES_PER_CONNECTION) return;
    throw new EngineError(
      'FAILED_PRECONDITION',
      `This connection already holds ${MAX_WATCHES_PER_CONNECTION} watches, the most one may: unwatch some (workflow.unwatch, executions.unwatch) or reuse a watch id.`,
    );
  }
}
