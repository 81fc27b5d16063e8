// What happened, at a glance, and runs tied together, in a real VS Code on a real server and the
// samples' worker: a failed trip (samples/saga) says why in its row (red), hover and history header;
// an alert (samples/alert-escalation) shows its 3-day wait as "fires in 3 d", its child step opens the
// child, whose history names its parent; an activity that retries (the host tests' own worker) shows its
// attempt, last failure and next retry; a reset order stands beside its first run with run ids, how it began, the latest marked.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { Client, Connection } from '@rewind/sdk/client';
import type { RewindApi } from '../../src/extension';
import { RunDecorations, type TreeNode } from '../../src/views/workflows-tree';
import type { HistoryPanel, RenderedInfo } from '../../src/views/history-panel';
import { eventually } from './eventually';
import { screenshot } from './screenshot';
import { useServerAddress } from './server-address';

describe('At a glance: failures, times and related runs (in VS Code)', function () {
  const address = process.env.REWIND_TEST_ADDRESS!;
  let api: RewindApi;
  let client: Client;
  let connection: Connection;

  before(async function () {
    api = await vscode.extensions.getExtension<RewindApi>('rewind.rewind-vscode')!.activate();
    connection = await Connection.connect({ address });
    client = new Client({ connection });
    await useServerAddress(api, address);
  });
  after(async function () {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await connection?.close();
  });

  /** The tree's row of a run (by workflow id, and run id or status if given), once a push brought it. */
  const rowOf = (workflowId: string, which: { runId?: string; status?: string } = {}): Promise<TreeNode & { kind: 'workflow' }> =>
    eventually(async () => {
      for (const g of api.tree.model.groups())
        for (const n of (await api.tree.getChildren(g)) as TreeNode[])
          if (
            n.kind === 'workflow' &&
            n.info.workflowId === workflowId &&
            (!which.runId || n.info.runId === which.runId) &&
            (!which.status || n.info.status === which.status)
          )
            return n;
      return undefined;
    }, `the row of ${workflowId}`);
  /** The panel's first paint that passes `test` (or a failure that says what it last painted). */
  const renderedWhere = (panel: HistoryPanel, test: (r: RenderedInfo) => boolean, what: string): Promise<RenderedInfo> =>
    Promise.race([
      panel.whenRendered(test),
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error(`No paint with ${what}; the last: ${JSON.stringify(panel.state.rendered)}`)), 20_000),
      ),
    ]);
  const panelOf = (runId: string): HistoryPanel | undefined => api.historyPanels().find((p) => p.info.runId === runId);
  const hoverOf = async (node: TreeNode): Promise<string> => {
    const item = await api.tree.resolveTreeItem(api.tree.getTreeItem(node), node);
    return (item.tooltip as vscode.MarkdownString).value;
  };

  it('a failed run: its failure in its row (red), its hover and its history header; a step failure formatted as in the details pane', async function () {
    const trip = { id: 'glance-trip', traveller: 'Ada', destination: 'Atlantis' };
    await assert.rejects(
      client.workflow.execute('bookTrip', { taskQueue: 'trips', workflowId: 'glance-trip', args: [trip] }),
      /not booked/,
    );
    const row = await rowOf('glance-trip', { status: 'FAILED' });
    const description = await eventually(() => {
      const d = String(api.tree.getTreeItem(row).description);
      return d.includes('TripNotBooked') ? d : undefined;
    }, 'the failure in the row');
    assert.match(
      description,
      /^bookTrip · TripNotBooked: Trip glance-trip not booked \(no flights to Atlantis\); 2 step\(s\) undone · \d+ s ago$/,
    );
    const item = api.tree.getTreeItem(row);
    const decoration = new RunDecorations().provideFileDecoration(item.resourceUri!);
    assert.equal((decoration?.color as vscode.ThemeColor | undefined)?.id, 'list.errorForeground', 'the label is red');

    const hover = await hoverOf(row);
    assert.match(hover, /^\$\(error\) \*\*glance-trip\*\* \(bookTrip\) — FAILED/, 'its status as a codicon');
    assert.match(hover, /\$\(error\) <span style="color:#f14c4c;">Failure: TripNotBooked: Trip glance-trip not booked/);
    for (const line of ['Task queue: trips', 'Started: ', 'Closed: ', 'Took: ']) assert.ok(hover.includes(line), `${line} in ${hover}`);

    const steps = (await api.tree.getChildren(row)) as TreeNode[];
    const flight = steps.find((n) => n.kind === 'step' && n.step.label === 'bookFlight')!;
    const flightItem = api.tree.getTreeItem(flight);
    assert.match(String(flightItem.description), /^failed · (ActivityFailure \(bookFlight\) ← )?NoFlights: no flights to Atlantis$/);
    const flightHover = (flightItem.tooltip as vscode.MarkdownString).value;
    assert.match(flightHover, /Failure:\n+```text\n(ActivityFailure \(bookFlight\): .*\nCaused by: )?NoFlights: no flights to Atlantis/);
    assert.ok(!flightHover.includes('"message"'), 'not escaped JSON');
    await vscode.commands.executeCommand('workbench.view.extension.rewind');
    await api.treeView.reveal(row, { select: true, expand: true });
    await screenshot('tree-failed-run');

    await vscode.commands.executeCommand('rewind.showHistory', row.info);
    const panel = panelOf(row.info.runId)!;
    const rendered = await renderedWhere(panel, (r) => r.facts.some((f) => f.failed), 'a failure');
    const facts = Object.fromEntries(rendered.facts.map((f) => [f.label, f]));
    assert.equal(facts.Failure?.failed, true);
    assert.match(facts.Failure!.value, /^TripNotBooked: Trip glance-trip not booked/);
    assert.equal(facts['Task queue']?.value, 'trips');
    assert.ok(facts.Started && facts.Closed && facts.Took, 'start, close and duration');
    assert.equal(rendered.stateIcon, 'cross', 'the status badge draws its icon (an inline SVG, not a character)');
    await screenshot('history-failed-run');
    panel.dispose();
  });

  it('an open run: a 3-day wait fires in 3 d; its child step opens the child, whose history names the parent', async function () {
    await client.workflow.start('alertEscalation', {
      taskQueue: 'alerts',
      workflowId: 'glance-alert',
      args: [{ id: 'a1', message: 'disk full' }, ['ada'], '3 days'],
    });
    await eventually(
      async () => (await client.workflow.getHandle('glance-alert').fetchHistory()).events.some((e) => e.type === 'TimerStarted'),
      'the alert to wait for an acknowledgement',
    );
    const row = await rowOf('glance-alert');
    const steps = (await api.tree.getChildren(row)) as TreeNode[];
    const items = steps.map((n) => api.tree.getTreeItem(n));
    const labelOf = (i: vscode.TreeItem): string => (typeof i.label === 'string' ? i.label : (i.label?.label ?? ''));
    const timer = items.find((i) => labelOf(i).startsWith('timer'))!;
    assert.match(String(timer.description), /^← waiting here · fires in 3 d$/);
    assert.match((timer.tooltip as vscode.MarkdownString).value, /Fires at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC \(in 3 d\)/);
    const child = items.find((i) => labelOf(i).startsWith('child pageRound'))!;
    assert.equal(child.command?.command, 'rewind.showHistory');
    const target = child.command!.arguments![0] as { workflowId: string; runId: string };
    assert.equal(target.workflowId, 'glance-alert-round-1');
    assert.ok(target.runId, "the child's run id");
    await api.treeView.reveal(row, { select: true, expand: true });
    await vscode.commands.executeCommand('rewind.showHistory', row.info);
    await renderedWhere(panelOf(row.info.runId)!, (r) => r.facts.length > 0, 'the facts');
    await screenshot('history-open-run');
    panelOf(row.info.runId)!.dispose();

    assert.equal(await vscode.commands.executeCommand(child.command!.command, target), true);
    const panel = panelOf(target.runId)!;
    const rendered = await renderedWhere(panel, (r) => r.facts.some((f) => f.label === 'Parent'), 'the parent');
    assert.equal(rendered.facts.find((f) => f.label === 'Parent')!.value, `glance-alert (run ${row.info.runId})`);
    panel.dispose();

    const childRow = await rowOf('glance-alert-round-1');
    await eventually(
      () => String(api.tree.getTreeItem(childRow).description).includes('· child of glance-alert ·'),
      "the child's row naming its parent",
    );
    assert.match(await hoverOf(childRow), /Parent: glance-alert \(run /);
    await client.workflow.getHandle('glance-alert').terminate('test over');
  });

  it('a pending activity that retries: its attempt, last failure and a countdown to its next retry, in its row and hover', async function () {
    // The host tests' own worker (worker/host-worker.ts): its activity always fails, and retries an hour later.
    await client.workflow.start('retryingCharge', { taskQueue: 'host-tests', workflowId: 'glance-retry', args: ['o-1'] });
    try {
      await eventually(async () => {
        const d = await api.connection().call('workflow.describe', { namespace: 'default', workflowId: 'glance-retry' });
        return d.pendingActivities[0]?.attempt === 2 && d.pendingActivities[0].nextAttemptScheduleTime ? true : undefined;
      }, 'the activity to wait for its second attempt');
      const row = await rowOf('glance-retry');
      const steps = (await api.tree.getChildren(row)) as TreeNode[];
      const charge = steps.find((n) => n.kind === 'step' && n.step.label === 'chargeCard')!;
      const item = api.tree.getTreeItem(charge);
      assert.match(
        String(item.description),
        // The failure cut at 60 characters; the hover has it whole.
        /^← waiting here · attempt 2 · open [\d.]+ (ms|s) · retry in (59(\.\d)?|60) min · last failure PaymentUnavailable: the payment service is unavailable \(ord…$/,
      );
      const hover = (item.tooltip as vscode.MarkdownString).value;
      assert.ok((item.tooltip as vscode.MarkdownString).supportThemeIcons, 'its state icon is a codicon');
      assert.match(hover, /^\$\([a-z~-]+\) \*\*activity chargeCard\*\*/);
      for (const line of [
        /Attempt 2 of 5 \(backoff\)/,
        /Last failure: PaymentUnavailable: the payment service is unavailable \(order o-1\)/,
        /Next retry at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC \(in (59(\.\d)?|60) min\)/,
        /Last failure:\n+```text\nPaymentUnavailable: the payment service is unavailable \(order o-1\)/,
      ])
        assert.match(hover, line);
      await api.treeView.reveal(row, { select: true, expand: true });
      await screenshot('tree-retrying-activity');
    } finally {
      await client.workflow.getHandle('glance-retry').terminate('test over');
    }
  });

  it('runs of one workflow id: after a reset, each row has its run id and how it began, the latest marked; each links the other', async function () {
    await client.workflow.execute('orderWorkflow', { taskQueue: 'orders', workflowId: 'glance-reset', args: ['g1', '1 ms'] });
    const first = await rowOf('glance-reset');
    const { runId } = await api.connection().call('workflow.reset', {
      namespace: 'default',
      workflowId: 'glance-reset',
      runId: first.info.runId,
      type: 'FirstWorkflowTask',
      reason: 'test',
    });
    await client.workflow.getHandle('glance-reset', runId).result();
    const second = await rowOf('glance-reset', { runId });
    const short = (id: string): string => id.slice(0, 8);
    const descriptionOf = (node: TreeNode, pattern: RegExp): Promise<string> =>
      eventually(() => {
        const d = String(api.tree.getTreeItem(node).description);
        return pattern.test(d) ? d : undefined;
      }, `a description like ${pattern}`);
    await descriptionOf(second, new RegExp(`^orderWorkflow · run ${short(runId)} \\(reset\\) · latest · `));
    const old = await descriptionOf(first, new RegExp(`^orderWorkflow · run ${short(first.info.runId)} · `));
    assert.ok(!old.includes('latest'));

    const links = ((await api.tree.getChildren(second)) as TreeNode[]).filter((n) => n.kind === 'link');
    assert.deepEqual(
      links.map((n): [unknown, unknown] => [api.tree.getTreeItem(n).label, api.tree.getTreeItem(n).command?.arguments?.[0]]),
      [[`Reset from run ${short(first.info.runId)}`, { workflowId: 'glance-reset', runId: first.info.runId }]],
    );
    const back = ((await api.tree.getChildren(first)) as TreeNode[]).filter((n) => n.kind === 'link');
    assert.deepEqual(
      back.map((n) => api.tree.getTreeItem(n).label),
      [`Other run ${short(runId)} (latest)`],
    );
  });
});
