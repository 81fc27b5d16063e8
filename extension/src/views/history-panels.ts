// The `rewind.showHistory` command and the open history panels (one per run): takes a tree node
// `{kind: 'workflow', info}`, a WorkflowExecutionInfo or a workflow id; from the palette without one,
// asks for the workflow with a quick pick of the server's runs.
import * as vscode from 'vscode';
import type { WorkflowExecutionInfo } from '@rewind/sdk/protocol';
import type { ServerConnection } from '../connection/server-connection';
import { HistoryPanel } from './history-panel';

/** What `rewind.showHistory` accepts. */
export type ShowHistoryArg =
  { kind: 'workflow'; info: WorkflowExecutionInfo } | WorkflowExecutionInfo | { workflowId: string; runId?: string } | string | undefined;

export class HistoryPanels implements vscode.Disposable {
  private readonly open = new Map<string, HistoryPanel>();
  private readonly command: vscode.Disposable;

  constructor(
    private readonly connection: () => ServerConnection,
    private readonly extensionUri: vscode.Uri,
  ) {
    // Resolves to whether a panel is open (a plain value: the result may cross to the workbench).
    this.command = vscode.commands.registerCommand('rewind.showHistory', (arg?: ShowHistoryArg) =>
      this.show(arg).then(
        (panel) => panel !== undefined,
        (err: Error) => {
          void vscode.window.showErrorMessage(`Could not show the history: ${err.message}`);
          return false;
        },
      ),
    );
  }

  /** The open panels (tests and benchmarks read their state and wait for their paints). */
  panels(): HistoryPanel[] {
    return [...this.open.values()];
  }

  /** The open panel of a run, if any. */
  forRun(runId: string): HistoryPanel | undefined {
    return this.open.get(runId);
  }

  /**
   * Opens (or brings forward) the history panel of a run; undefined if the user picked nothing.
   * `beside`: in the group beside the active editor's (moved there if open elsewhere), keeping the focus
   * where it is: beside the debugger's source, so that a stop never covers the history.
   */
  async show(arg: ShowHistoryArg, options: { beside?: boolean } = {}): Promise<HistoryPanel | undefined> {
    const info = await this.resolve(arg);
    if (!info) return undefined;
    const existing = this.open.get(info.runId);
    if (existing) {
      existing.reveal(options.beside);
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(
      'rewind.history',
      `History: ${info.workflowId}`,
      options.beside
        ? { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }
        : { viewColumn: vscode.ViewColumn.Active, preserveFocus: false },
      {
        enableScripts: true,
        localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist'), vscode.Uri.joinPath(this.extensionUri, 'media')],
      },
    );
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'rewind.svg');
    const history = new HistoryPanel(info, panel, this.connection(), this.extensionUri, () => this.open.delete(info.runId));
    this.open.set(info.runId, history);
    return history;
  }

  private async resolve(arg: ShowHistoryArg): Promise<WorkflowExecutionInfo | undefined> {
    if (arg === undefined) return this.pick();
    if (typeof arg === 'string') return this.describe(arg);
    if ('kind' in arg) {
      if (arg.kind === 'workflow' && arg.info) return arg.info;
      throw new Error('Show History needs a workflow: pick a workflow in the tree, not one of its steps or groups.');
    }
    if ('workflowType' in arg && 'namespace' in arg) return arg;
    if (typeof arg.workflowId !== 'string')
      throw new Error('Show History takes a workflow node, a WorkflowExecutionInfo or a workflow id.');
    return this.describe(arg.workflowId, arg.runId);
  }

  private async describe(workflowId: string, runId?: string): Promise<WorkflowExecutionInfo> {
    const c = this.connection();
    return c.call('workflow.describe', { namespace: c.namespace, workflowId, ...(runId ? { runId } : {}) });
  }

  /** A quick pick of the latest runs; a typed workflow id that is not listed is looked up. */
  private async pick(): Promise<WorkflowExecutionInfo | undefined> {
    const c = this.connection();
    const quickPick = vscode.window.createQuickPick<vscode.QuickPickItem & { info?: WorkflowExecutionInfo }>();
    quickPick.title = 'Show History';
    quickPick.placeholder = 'Workflow id (pick a run or type an id)';
    quickPick.busy = true;
    quickPick.show();
    c.call('workflow.list', { namespace: c.namespace, pageSize: 500 }).then(
      (page) => {
        quickPick.items = page.executions.map((info) => ({
          label: info.workflowId,
          description: `${info.workflowType} · ${info.status.toLowerCase()}`,
          detail: `run ${info.runId} · started ${info.startTime}`,
          info,
        }));
        quickPick.busy = false;
      },
      (err: Error) => {
        quickPick.busy = false;
        quickPick.placeholder = `Could not list the workflows (${err.message}); type a workflow id`;
      },
    );
    const chosen = await new Promise<{ info?: WorkflowExecutionInfo; typed: string } | undefined>((resolve) => {
      quickPick.onDidAccept(() =>
        resolve({ ...(quickPick.selectedItems[0]?.info ? { info: quickPick.selectedItems[0].info } : {}), typed: quickPick.value }),
      );
      quickPick.onDidHide(() => resolve(undefined));
    });
    quickPick.dispose();
    if (!chosen) return undefined;
    if (chosen.info) return chosen.info;
    const typed = chosen.typed.trim();
    return typed ? this.describe(typed) : undefined;
  }

  dispose(): void {
    this.command.dispose();
    for (const p of [...this.open.values()]) p.dispose();
  }
}

/** Registers `rewind.showHistory`; push the result into `context.subscriptions`. */
export function registerHistoryPanel(connection: () => ServerConnection, context: vscode.ExtensionContext): HistoryPanels {
  return new HistoryPanels(connection, context.extensionUri);
}
