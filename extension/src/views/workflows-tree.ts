// The Workflows view: the tree model's groups and runs as VS Code tree items; a run expands to the runs
// it is tied to (parent, reset from, next run) and its steps (read from its history when expanded), each
// with its state, outcome and, while open, its time as of now; the hovers say what happened.
import * as vscode from 'vscode';
import type {
  ExecutionStatus,
  Failure,
  HistoryEvent,
  Notifications,
  PendingActivityInfo,
  WorkflowDescription,
  WorkflowExecutionInfo,
} from '@rewind/sdk/protocol';
import { displayJson } from '@rewind/sdk/internal/common/payload-display';
import { historySteps, type Step } from '@rewind/sdk/internal/history/history-steps';
import { briefFailure, briefValue, prettyFailure } from '../model/payload-text';
import { queueWorkersLine, type TaskQueueDescription } from '../model/task-queue-workers';
import { failureHeadline, runFactLines, runFactsFromEvents, ORIGIN_WORDS, type RunFacts } from '../model/run-facts';
import { childRunOf, runLinks, runMark, shortRunId, type RunRef } from '../model/run-links';
import { currentAttempt, isOpen, openStepLines, stepDistinctions, stepTimingText } from '../model/step-timing';
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
  /** The run's history (a child step's run, a timer's fire time are read from it). */
  events: readonly HistoryEvent[];
  /** What tells it apart from steps of the same type ('' if nothing needs to). */
  distinction: string;
  /** The server's view of the activity while it is open (attempt, next retry). */
  pending?: PendingActivityInfo;
}
/** A run this one is tied to (its parent, the run it was reset or continued from, the next one): opens its history. */
interface LinkNode {
  kind: 'link';
  run: WorkflowExecutionInfo;
  label: string;
  target: RunRef;
}
export type TreeNode = GroupNode | WorkflowNode | MoreNode | StepNode | LinkNode;

/** Reads a run's whole history (the connection, paged by the server). */
export type HistoryReader = (run: WorkflowExecutionInfo) => Promise<HistoryEvent[]>;
/** Describes an open run (its pending activities' attempts and next retries). */
export type RunDescriber = (run: WorkflowExecutionInfo) => Promise<WorkflowDescription>;
/** Who polls a run's task queue (`taskQueue.describe`): a running run's hover names them. */
export type QueueDescriber = (run: WorkflowExecutionInfo) => Promise<TaskQueueDescription>;

/** Statuses whose row says why (the failure, the timeout, the termination's reason). */
const SAYS_WHY: ReadonlySet<ExecutionStatus> = new Set(['FAILED', 'TIMED_OUT', 'TERMINATED', 'CANCELLED']);
/** The URI scheme of run rows, so that a failed run's label is red (a FileDecoration colours it). */
export const RUN_URI_SCHEME = 'rewind-run';

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
  /** What each run's history told (failure, how it began, parent): a closed run's for good, an open run's until it changes. */
  private readonly facts = new Map<string, { facts: RunFacts; events: readonly HistoryEvent[] }>();
  private readonly reading = new Set<string>();
  /** Each shown run's parent (null: none), from the server's description: a child's row names it. */
  private readonly parents = new Map<string, RunRef | null>();
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    grouping: Grouping,
    pageSize: number,
    private readonly readHistory: HistoryReader,
    private readonly describeRun?: RunDescriber,
    private readonly describeQueue?: QueueDescriber,
  ) {
    this.model = new WorkflowTreeModel(grouping, pageSize);
  }

  /** What a run's history told, once read (for rows that say why a run failed or how it began). */
  factsOf(runId: string): RunFacts | undefined {
    return this.facts.get(runId)?.facts;
  }

  /** Reads the histories of shown runs whose row needs them (failed, or one of several runs of an id), then repaints once. */
  private readFactsOf(runs: readonly WorkflowExecutionInfo[]): void {
    for (const run of runs) {
      if (this.describeRun && !this.parents.has(run.runId)) {
        this.parents.set(run.runId, null);
        this.describeRun(run).then(
          (d) => {
            if (!d.parent) return;
            this.parents.set(run.runId, d.parent);
            this.refreshSoon();
          },
          () => this.parents.delete(run.runId),
        );
      }
      const known = this.facts.get(run.runId);
      if (known && known.facts.status === run.status) continue;
      if (this.reading.has(run.runId)) continue;
      if (!SAYS_WHY.has(run.status) && this.model.runsOf(run.workflowId).length < 2) continue;
      this.reading.add(run.runId);
      void this.factsFor(run)
        .then(() => this.refreshSoon())
        .catch(() => undefined)
        .finally(() => this.reading.delete(run.runId));
    }
  }

  private async factsFor(run: WorkflowExecutionInfo): Promise<{ facts: RunFacts; events: readonly HistoryEvent[] } | undefined> {
    const events = await this.readHistory(run);
    const facts = runFactsFromEvents(events);
    if (!facts) return undefined;
    const entry = { facts, events };
    this.facts.set(run.runId, entry);
    return entry;
  }

  private refreshSoon(): void {
    if (this.refreshTimer) return;
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      this.changed.fire(undefined);
    }, 100);
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
    if (node.kind === 'group') {
      const children = this.model.children(node.key);
      this.readFactsOf(children.flatMap((c) => (c.kind === 'workflow' ? [c.info] : [])));
      return children;
    }
    if (node.kind === 'workflow') return this.runChildren(node.info);
    return [];
  }

  /** A run's links to the runs it is tied to, then its steps (open activities with the server's attempt and next retry). */
  private async runChildren(run: WorkflowExecutionInfo): Promise<TreeNode[]> {
    const [entry, pending] = await Promise.all([
      this.factsFor(run),
      run.status === 'RUNNING' && this.describeRun
        ? this.describeRun(run).then(
            (d) => d.pendingActivities,
            () => [],
          )
        : Promise.resolve([] as PendingActivityInfo[]),
    ]);
    if (!entry) return [];
    const { facts, events } = entry;
    const links: TreeNode[] = runLinks(run.workflowId, facts, events).map((l) => ({ kind: 'link', run, ...l }));
    for (const other of this.model.runsOf(run.workflowId)) {
      if (other.runId === run.runId || links.some((l) => l.kind === 'link' && l.target.runId === other.runId)) continue;
      const mark = runMark(other, this.model.runsOf(run.workflowId));
      links.push({
        kind: 'link',
        run,
        label: `Other run ${shortRunId(other.runId)}${mark?.latest ? ' (latest)' : ''}`,
        target: { workflowId: other.workflowId, runId: other.runId },
      });
    }
    const steps = historySteps(events).filter((s) => s.kind !== 'workflow');
    const distinctions = stepDistinctions(steps, events);
    return [
      ...links,
      ...steps.map((step, i): StepNode => {
        const node: StepNode = { kind: 'step', run, step, events, distinction: distinctions[i]! };
        const p = pending.find((a) => a.scheduledEventId === step.firstEventId);
        if (p) node.pending = p;
        return node;
      }),
    ];
  }

  /** The hover of a run, with what its history tells (read now: an open run's changes) and, while it runs, who polls its queue. */
  async resolveTreeItem(item: vscode.TreeItem, node: TreeNode): Promise<vscode.TreeItem> {
    if (node.kind !== 'workflow') return item;
    const { info } = node;
    const [entry, workers] = await Promise.all([
      this.factsFor(info).catch(() => undefined),
      info.status === 'RUNNING' && this.describeQueue
        ? this.describeQueue(info).then(
            (d) => queueWorkersLine(info.taskQueue, d, Date.now()),
            () => undefined,
          )
        : undefined,
    ]);
    item.tooltip = runTooltip(info, entry?.facts, workers);
    return item;
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
        item.description = this.runDescription(info);
        const [icon, color] = STATUS_ICONS[info.status];
        item.iconPath = new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined);
        item.resourceUri = vscode.Uri.from({ scheme: RUN_URI_SCHEME, path: `/${info.runId}`, query: info.status });
        item.tooltip = runTooltip(info, this.facts.get(info.runId)?.facts);
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
          `${step.kind === 'activity' || step.kind === 'localActivity' ? '' : `${step.kind} `}${step.label}${node.distinction ? ` ${node.distinction}` : ''}`,
          vscode.TreeItemCollapsibleState.None,
        );
        item.id = `step:${node.run.runId}:${step.firstEventId}`;
        const now = Date.now();
        const open = isOpen(step) && node.run.status === 'RUNNING';
        const lastFailure = open ? node.pending?.lastFailure : undefined;
        const outcome = step.failure
          ? briefFailure(step.failure, 60)
          : step.result !== undefined
            ? `→ ${briefValue(step.result, 40)}`
            : lastFailure
              ? `last failure ${briefFailure(lastFailure, 60)}`
              : '';
        const attempt = currentAttempt(step, open ? node.pending : undefined);
        item.description = [
          step.current ? '← waiting here' : step.state,
          attempt && attempt > 1 ? `attempt ${attempt}` : '',
          open ? stepTimingText(step, node.events, '', now, node.pending) : '',
          outcome,
        ]
          .filter(Boolean)
          .join(' · ');
        const failed = step.state === 'failed' || step.state === 'timedOut';
        item.iconPath = new vscode.ThemeIcon(STEP_ICONS[step.state], failed ? new vscode.ThemeColor('testing.iconFailed') : undefined);
        item.tooltip = stepTooltip(step, open ? openStepLines(step, node.events, now, node.pending) : [], lastFailure);
        item.contextValue = `step.${step.kind}`;
        const child = childRunOf(step, node.events);
        if (child) item.command = { command: 'rewind.showHistory', title: 'Show the child run', arguments: [child] };
        return item;
      }
      case 'link': {
        const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
        item.id = `link:${node.run.runId}:${node.target.workflowId}:${node.target.runId ?? ''}`;
        item.iconPath = new vscode.ThemeIcon('link');
        item.tooltip = `Show the history of ${node.target.workflowId}${node.target.runId ? ` (run ${node.target.runId})` : ''}`;
        item.command = { command: 'rewind.showHistory', title: 'Show History', arguments: [node.target] };
        item.contextValue = 'link';
        return item;
      }
    }
  }

  /** A run's row: its type, why it failed, its parent, which of its workflow id's runs it is, how long ago. */
  private runDescription(info: WorkflowExecutionInfo): string {
    const facts = this.facts.get(info.runId)?.facts;
    const mark = runMark(info, this.model.runsOf(info.workflowId));
    const parent = facts?.parent ?? this.parents.get(info.runId);
    return [
      info.workflowType,
      facts?.failure && SAYS_WHY.has(info.status) ? failureHeadline(facts.failure, 100) : '',
      parent ? `child of ${parent.workflowId}` : '',
      mark
        ? `run ${shortRunId(info.runId)}${facts && facts.origin !== 'start' ? ` (${ORIGIN_WORDS[facts.origin]})` : ''}${mark.latest ? ' · latest' : ''}`
        : '',
      relativeTime(info.closeTime ?? info.startTime, Date.now()),
    ]
      .filter(Boolean)
      .join(' · ');
  }

  dispose(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.changed.dispose();
  }
}

/** Colours the label of a run that failed, timed out or was terminated red (its row's resourceUri). */
export class RunDecorations implements vscode.FileDecorationProvider {
  provideFileDecoration(uri: vscode.Uri): vscode.FileDecoration | undefined {
    if (uri.scheme !== RUN_URI_SCHEME || !SAYS_WHY.has(uri.query as ExecutionStatus) || uri.query === 'CANCELLED') return undefined;
    return new vscode.FileDecoration(undefined, undefined, new vscode.ThemeColor('list.errorForeground'));
  }
}

/** A run's hover: its status, failure (in red), result, task queue, start, close, duration, how it began, parent; who polls its queue. */
export function runTooltip(info: WorkflowExecutionInfo, facts: RunFacts | undefined, workers?: string): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.supportHtml = true;
  md.appendMarkdown(
    `$(${STATUS_ICONS[info.status][0]}) **${escape(info.workflowId)}** (${escape(info.workflowType)}) — ${info.status}\n\nrun \`${info.runId}\`\n\n`,
  );
  const lines = facts
    ? runFactLines({ ...facts, status: info.status, ...(info.closeTime ? { closeTime: info.closeTime } : {}) }, Date.now())
    : runFactLines({ ...info, origin: 'start' }, Date.now());
  for (const l of lines) {
    const text = `${escape(l.label)}: ${escape(l.value)}`;
    md.appendMarkdown(l.failed ? `$(error) <span style="color:#f14c4c;">${text}</span>\n\n` : `${text}\n\n`);
  }
  if (workers) md.appendMarkdown(`$(server-process) ${escape(workers)}\n\n`);
  return md;
}

/** A step's hover: its state, while open its times (a timer's fire time, an activity's next retry), then input, result and failure as the history's details pane shows them. */
function stepTooltip(step: Step, openLines: readonly string[], lastFailure: Failure | undefined): vscode.MarkdownString {
  // The state's codicon (a glyph character may be an empty box in the hover's font).
  const md = new vscode.MarkdownString(
    `$(${STEP_ICONS[step.state]}) **${step.kind} ${escape(step.label)}** — ${step.state}${step.attempt ? ` (attempt ${step.attempt})` : ''}\n\n`,
    true,
  );
  for (const l of openLines) md.appendMarkdown(`${escape(l)}\n\n`);
  const block = (title: string, text: string, language: string): void => {
    md.appendMarkdown(`${title}:\n`);
    md.appendCodeblock(text, language);
  };
  if (step.input !== undefined) block('Input', displayJson(step.input, 2) ?? 'undefined', 'json');
  if (step.result !== undefined) block('Result', displayJson(step.result, 2) ?? 'undefined', 'json');
  if (step.failure) block(step.state === 'running' ? 'Last failure' : 'Failure', prettyFailure(step.failure), 'text');
  else if (lastFailure) block('Last failure', prettyFailure(lastFailure), 'text');
  return md;
}

/** Text as Markdown that shows it as it is. */
function escape(text: string): string {
  return text.replace(/[\\`*_[\]<>|#$]/g, '\\$&');
}
