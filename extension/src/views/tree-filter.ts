// The Workflows tree's filter, in the list query language (`rewind workflow list --query`): the server
// checks it, and both the tree's list and its live watch use it (the server pushes only runs that
// match, and says when one stops matching), so the tree stays live while filtered. The view's message
// (connection-status.ts) and description show it; the `rewind.filtered` context key shows "Clear Filter".
import * as vscode from 'vscode';
import type { WorkflowExecutionInfo } from '@rewind/sdk/protocol';
import { WATCH_ID, type ServerConnection } from '../connection/server-connection';
import type { WorkflowsTree } from './workflows-tree';

export const FILTER_EXAMPLE = "WorkflowType = 'orderWorkflow' AND ExecutionStatus = 'Running'";

export type QueryCheck = { ok: true; count: number } | { ok: false; message: string };

export class TreeFilter {
  private current: string | undefined;
  /** Only the newest reload fills the tree (the filter may change while one is on its way). */
  private generation = 0;

  constructor(
    private readonly tree: WorkflowsTree,
    private readonly treeView: vscode.TreeView<unknown>,
    /** After the tree was filled anew (the status bar counts again). */
    private readonly onReloaded: () => void,
  ) {
    void vscode.commands.executeCommand('setContext', 'rewind.filtered', false);
  }

  get query(): string | undefined {
    return this.current;
  }

  /**
   * The tree anew under the filter (after each (re)connection, and when the filter changes): the watch of
   * the tree is replaced by one with the query, then the list is read with the same query.
   */
  async reload(connection: ServerConnection): Promise<void> {
    const generation = ++this.generation;
    const query = this.current;
    await connection.call('executions.watch', { namespace: connection.namespace, watchId: WATCH_ID, ...(query ? { query } : {}) });
    const runs = await listAll(connection, query);
    if (generation !== this.generation) return;
    this.tree.replaceAll(runs);
    this.onReloaded();
  }

  /** How many runs a query matches, or what the server says is wrong with it. */
  async check(connection: ServerConnection, query: string): Promise<QueryCheck> {
    try {
      const { count } = await connection.call('workflow.count', { namespace: connection.namespace, query });
      return { ok: true, count };
    } catch (err) {
      return { ok: false, message: err instanceof Error ? err.message : String(err) };
    }
  }

  /** Sets the filter (none: undefined or blank) and fills the tree under it. */
  async set(connection: ServerConnection, query: string | undefined): Promise<void> {
    this.current = query?.trim() || undefined;
    this.treeView.description = this.current ? `Filter: ${this.current}` : undefined;
    await vscode.commands.executeCommand('setContext', 'rewind.filtered', this.current !== undefined);
    await this.reload(connection);
  }
}

/**
 * `rewind.filter` (an input box prefilled with the filter, checked by the server as it is typed; empty
 * clears it; a query given as the argument skips the box) and `rewind.clearFilter`. Each returns
 * whether the filter changed; a query the server refuses keeps the old filter and says why.
 */
export function registerFilterCommands(filter: TreeFilter, connection: () => ServerConnection): vscode.Disposable[] {
  const ask = async (given?: string): Promise<boolean> => {
    const c = connection();
    const query =
      typeof given === 'string'
        ? given
        : await vscode.window.showInputBox({
            title: 'Filter the workflows',
            prompt: 'A list query (as in `rewind workflow list --query`). Empty: no filter.',
            placeHolder: FILTER_EXAMPLE,
            value: filter.query ?? '',
            ignoreFocusOut: true,
            validateInput: async (v) => {
              if (!v.trim()) return undefined;
              const check = await filter.check(c, v);
              if (!check.ok) return check.message;
              return {
                message: `${check.count} workflow${check.count === 1 ? '' : 's'} match`,
                severity: vscode.InputBoxValidationSeverity.Info,
              };
            },
          });
    if (query === undefined) return false;
    if (query.trim()) {
      const check = await filter.check(c, query);
      if (!check.ok) {
        void vscode.window.showErrorMessage(`The filter was not changed: ${check.message}`);
        return false;
      }
    }
    await setOrSay(query);
    return true;
  };
  const setOrSay = (query: string | undefined): Promise<void> =>
    filter.set(connection(), query).catch((err: Error) => {
      void vscode.window.showErrorMessage(`Could not list the workflows under the filter: ${err.message}`);
    });
  return [
    vscode.commands.registerCommand('rewind.filter', ask),
    vscode.commands.registerCommand('rewind.clearFilter', async () => {
      if (filter.query === undefined) return false;
      await setOrSay(undefined);
      return true;
    }),
  ];
}

/** Every run the query matches (all of the namespace's without one), newest first. */
async function listAll(connection: ServerConnection, query: string | undefined): Promise<WorkflowExecutionInfo[]> {
  const out: WorkflowExecutionInfo[] = [];
  let nextPageToken: string | undefined;
  do {
    const page = await connection.call('workflow.list', {
      namespace: connection.namespace,
      pageSize: 5000,
      ...(query ? { query } : {}),
      ...(nextPageToken ? { nextPageToken } : {}),
    });
    out.push(...page.executions);
    nextPageToken = page.nextPageToken;
  } while (nextPageToken);
  return out;
}
