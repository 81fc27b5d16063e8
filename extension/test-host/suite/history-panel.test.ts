// Show History in a real VS Code: the panel of a running order (samples/order) paints its events,
// says where the run waits and opens that source line, switches views, and gets the run's new events
// live until it closes; a closed run's panel from a WorkflowExecutionInfo; one panel per run.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import * as vscode from 'vscode';
import { Client, Connection } from '@rewind/sdk/client';
import type { WorkflowExecutionInfo } from '@rewind/sdk/protocol';
import type { RewindApi } from '../../src/extension';
import type { HistoryPanel } from '../../src/views/history-panel';
import { eventually } from './eventually';
import { useServerAddress } from './server-address';

describe('Show History panel (in VS Code)', function () {
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

  const infoOf = (workflowId: string): Promise<WorkflowExecutionInfo> =>
    api.connection().call('workflow.describe', { namespace: 'default', workflowId });
  const eventsOf = async (workflowId: string) => (await client.workflow.getHandle(workflowId).fetchHistory()).events;
  const panelOf = (runId: string): HistoryPanel | undefined => api.historyPanels().find((p) => p.info.runId === runId);

  it('shows a running order, where it waits, and its new events live until it closes', async function () {
    await client.workflow.start('orderWorkflow', { taskQueue: 'orders', workflowId: 'history-live', args: ['h1', '1 hour'] });
    await eventually(async () => (await eventsOf('history-live')).some((e) => e.type === 'TimerStarted'), 'the order to sleep');
    const info = await infoOf('history-live');
    const before = await eventsOf('history-live');

    assert.equal(await vscode.commands.executeCommand('rewind.showHistory', { kind: 'workflow', info }), true);
    const panel = panelOf(info.runId);
    assert.ok(panel, 'a panel for the run is open');
    const first = await panel.whenRendered((r) => r.lastEventId >= before.length);
    assert.equal(first.view, 'compact');
    assert.equal(first.eventCount, before.length);
    assert.equal(first.rows, 3, 'the workflow, processPayment and the timer');
    assert.equal(panel.state.closed, false);

    // Where it waits: the `await sleep(pause)` line of the sample, which opens in an editor.
    const site = await eventually(() => panel.state.waitingAt[0], 'the wait site');
    assert.equal(site.what, 'timer (1 h)');
    assert.ok(site.file?.endsWith('samples/order/workflows.ts'), site.file);
    const sleepLine =
      fs
        .readFileSync(site.file!, 'utf8')
        .split('\n')
        .findIndex((l) => l.includes('await sleep(pause)')) + 1;
    assert.equal(site.line, sleepLine);
    assert.equal(await panel.openSource(site.file!, site.line!, site.column!), true);
    const editor = vscode.window.activeTextEditor;
    assert.equal(editor?.document.uri.fsPath, site.file);
    assert.equal(editor?.selection.active.line, sleepLine - 1);
    assert.equal(await panel.openSource('/nowhere/at/all/missing-workflows.ts', 3, 1), false);
    assert.deepEqual(panel.state.opened, { notFound: '/nowhere/at/all/missing-workflows.ts' });

    // The other two views.
    panel.setView('full');
    assert.equal((await panel.whenRendered((r) => r.view === 'full')).rows, before.length);
    panel.setView('raw');
    assert.equal((await panel.whenRendered((r) => r.view === 'raw')).rows, before.length);

    // Live: the cancellation's events reach the open panel as the server pushes them.
    await client.workflow.getHandle('history-live').cancel();
    await assert.rejects(client.workflow.getHandle('history-live').result(), /cancel/i);
    const after = await eventsOf('history-live');
    assert.equal(after.at(-1)!.type, 'WorkflowExecutionCanceled');
    const last = await panel.whenRendered((r) => r.lastEventId === after.length);
    assert.equal(last.eventCount, after.length);
    assert.equal(last.rows, after.length, 'the raw view has a row per event');
    await eventually(() => panel.state.closed, 'the panel to see the run closed');
    assert.deepEqual(panel.state.waitingAt, []);

    // The same run again: the same panel. Closing it forgets it.
    await vscode.commands.executeCommand('rewind.showHistory', { kind: 'workflow', info });
    assert.equal(api.historyPanels().filter((p) => p.info.runId === info.runId).length, 1);
    panel.dispose();
    assert.equal(panelOf(info.runId), undefined);
  });

  it('shows a closed run given as a WorkflowExecutionInfo, or by its workflow id', async function () {
    await client.workflow.execute('orderWorkflow', { taskQueue: 'orders', workflowId: 'history-done', args: ['h2', '1 ms'] });
    const info = await infoOf('history-done');
    const events = await eventsOf('history-done');
    await vscode.commands.executeCommand('rewind.showHistory', info);
    const panel = panelOf(info.runId)!;
    const rendered = await panel.whenRendered((r) => r.eventCount === events.length);
    assert.equal(rendered.rows, 5, 'the workflow, three activities and the timer');
    assert.equal(panel.state.closed, true);
    assert.equal(panel.state.error, undefined);
    panel.dispose();

    assert.equal(await vscode.commands.executeCommand('rewind.showHistory', { kind: 'step' }), false, 'a step is not a workflow');
    assert.equal(await vscode.commands.executeCommand('rewind.showHistory', 'no-such-workflow'), false, 'an unknown id says so');
    assert.equal(await vscode.commands.executeCommand('rewind.showHistory', 'history-done'), true);
    const again = panelOf(info.runId)!;
    assert.equal((await again.whenRendered((r) => r.eventCount === events.length)).lastEventId, events.length);
    again.dispose();
  });
});
