// The Workflows view: the tree model's groups and runs as VS Code tree items; a run expands to its
// steps (read from its history when expanded), each with its state, and input or outcome on hover.
import * as vscode from 'vscode';
import type { ExecutionStatus, HistoryEvent, Notifications, WorkflowExecutionInfo } from '@rewind/sdk/protocol';
import { displayJson } from '@rewind/sdk/internal/common/payload-display';
import { historySteps, type Step } from '@rewind/sdk/internal/history/history-steps';
import {
  relativeTime,
  WorkflowTreeModel,
  type Grouping,
  type GroupNode,
  type MoreNode,
  type WorkflowNode,
} from '../model/workflow-tree-model';

interface StepNode {
  kind: 'step';
  run: WorkflowExecutionInfo;
  step: Step;
}
export type TreeNode = GroupNode | WorkflowNode | MoreNode | StepNode;

/** Reads a run's whole history (the connection, paged by the server). */
export type HistoryReader = (run: WorkflowExecutionInfo) => Promise<HistoryEvent[]>;

const STATUS_ICONS: Record<ExecutionStatus, [string, string?]> = {
  RUNNING: ['sync', 'charts.blue'],
  COMPLETED: ['pass', 'testing.iconPassed'],
  FAILED: ['error', 'testing.iconFailed'],
  CANCELLED: ['circle-slash'],
  TERMINATED: ['debug-stop', 'testing.iconFailed'],
  TIMED_OUT: ['watch', 'testing.iconFailed'],
  CONTINUED_AS_NEW: ['arrow-right'],
};

const STEP_ICONS: Record<Step['state'], string> = {
  scheduled: 'circle-outline',
  running: 'loading~spin',
  completed: 'pass',
  failed: 'error',
  cancelled: 'circle-slash',
  timedOut: 'watch',
  terminated: 'debug-stop',
  continuedAsNew: 'arrow-right',
};

export class WorkflowsTree implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  readonly model: WorkflowTreeModel;

  constructor(
    grouping: Grouping,
    pageSize: number,
    private readonly readHistory: HistoryReader,
  ) {
    this.model = new WorkflowTreeModel(grouping, pageSize);
  }

  /** Regroups the runs it has (by status or by type), live: no new list, no reconnection. */
  setGrouping(grouping: Grouping): void {
    if (grouping === this.model.groupedBy) return;
    this.model.setGrouping(grouping);
    this.changed.fire(undefined);
  }

  replaceAll(executions: readonly WorkflowExecutionInfo[]): void {
    this.model.replaceAll(executions);
    this.changed.fire(undefined);
  }

  apply(change: Pick<Notifications['executions.changed'], 'executions' | 'deletedRunIds'>): void {
    this.model.apply(change);
    // Group counts change with membership: the root is refreshed (VS Code keeps expansion state).
    this.changed.fire(undefined);
  }

  loadMore(groupKey: string): void {
    this.model.loadMore(groupKey);
    this.changed.fire(undefined);
  }

  /** A run's node and its group's, once the model has it (for reveal). */
  nodeOf(runId: string): WorkflowNode | undefined {
    const info = this.model.get(runId);
    return info ? { kind: 'workflow', info } : undefined;
  }

  getParent(node: TreeNode): TreeNode | undefined {
    if (node.kind === 'workflow') return this.model.groups().find((g) => g.key === this.model.groupKeyOf(node.info));
    if (node.kind === 'step') return { kind: 'workflow', info: node.run };
    return undefined;
  }

  getChildren(node?: TreeNode): vscode.ProviderResult<TreeNode[]> {
    if (!node) return this.model.groups();
    if (node.kind === 'group') return this.model.children(node.key);
    if (node.kind === 'workflow')
      return this.readHistory(node.info).then((events) =>
        historySteps(events)
          .filter((s) => s.kind !== 'workflow')
          .map((step) => ({ kind: 'step', run: node.info, step }) as StepNode),
      );
    return [];
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    switch (node.kind) {
      case 'group': {
        const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Expanded);
        item.description = String(node.count);
        // By grouping too: a type named like a status is another group, and each grouping keeps its own expansion.
        item.id = `group:${this.model.groupedBy}:${node.key}`;
        item.contextValue = 'group';
        return item;
      }
      case 'workflow': {
        const { info } = node;
        const item = new vscode.TreeItem(info.workflowId, vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `run:${info.runId}`;
        item.description = `${info.workflowType} · ${relativeTime(info.closeTime ?? info.startTime, Date.now())}`;
        const [icon, color] = STATUS_ICONS[info.status];
        item.iconPath = new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined);
        item.tooltip = new vscode.MarkdownString(
          `**${info.workflowId}** (${info.workflowType})\n\n${info.status} · run \`${info.runId}\`\n\nstarted ${info.startTime}${info.closeTime ? `, closed ${info.closeTime}` : ''}`,
        );
        item.contextValue = `workflow.${info.status === 'RUNNING' ? 'running' : 'closed'}`;
        return item;
      }
      case 'more': {
        const item = new vscode.TreeItem(`Load more (${node.remaining} more)`, vscode.TreeItemCollapsibleState.None);
        item.command = { command: 'rewind.loadMore', title: 'Load more', arguments: [node.groupKey] };
        item.contextValue = 'more';
        return item;
      }
      case 'step': {
        const { step } = node;
        const item = new vscode.TreeItem(
          `${step.kind === 'activity' || step.kind === 'localActivity' ? '' : `${step.kind} `}${step.label}`,
          vscode.TreeItemCollapsibleState.None,
        );
        item.id = `step:${node.run.runId}:${step.firstEventId}`;
        item.description = [step.current ? '← waiting here' : step.state, step.attempt && step.attempt > 1 ? `attempt ${step.attempt}` : '']
          .filter(Boolean)
          .join(' · ');
        item.iconPath = new vscode.ThemeIcon(STEP_ICONS[step.state]);
        item.tooltip = stepTooltip(step);
        item.contextValue = `step.${step.kind}`;
        return item;
      }
    }
  }

  dispose(): void {
    this.changed.dispose();
  }
}

function stepTooltip(step: Step): vscode.MarkdownString {
  const md = new vscode.MarkdownString(
    `**${step.kind} ${step.label}** — ${step.state}${step.attempt ? ` (attempt ${step.attempt})` : ''}\n\n`,
  );
  const block = (title: string, value: unknown): void => {
    md.appendMarkdown(`${title}:\n`);
    md.appendCodeblock(displayJson(value, 2) ?? 'undefined', 'json');
  };
  if (step.input !== undefined) block('Input', step.input);
  if (step.result !== undefined) block('Result', step.result);
  if (step.failure) block('Failure', step.failure);
  return md;
}
